package dev.ferry.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateAliasResponse;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.DisableKeyRequest;
import software.amazon.awssdk.services.kms.model.DisableKeyResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * KMS has no in-process emulator: this fake implements symmetric keys as the API reference documents them
 * (CreateKey, CreateAlias, DescribeKey, DisableKey, Encrypt, Decrypt), with real AES-256-GCM under a random key
 * per KMS key, the encryption context bound as additional authenticated data. {@code KmsContractTest} runs the
 * same assertions against it and against moto's server.
 *
 * <p>Key ids may be given as the key id, the key ARN, an alias name ({@code alias/...}) or an alias ARN. An
 * unknown key fails {@code NotFoundException}; a disabled one {@code DisabledException}; a ciphertext that was
 * not made here, was altered, or is given another encryption context fails {@code InvalidCiphertextException};
 * Decrypt with a KeyId other than the ciphertext's key fails {@code IncorrectKeyException}. Thread-safe.
 */
public final class FakeKmsClient implements KmsClient {
    private static final byte[] MAGIC = "ferry-fake-kms:".getBytes(StandardCharsets.US_ASCII);

    private final String region;
    private final String account;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Key> keys = new TreeMap<>();
    private final Map<String, String> aliases = new TreeMap<>();

    public FakeKmsClient() {
        this("us-east-1", "000000000000");
    }

    public FakeKmsClient(String region, String account) {
        this.region = region;
        this.account = account;
    }

    private static final class Key {
        final String id;
        final String arn;
        final byte[] material;
        boolean enabled = true;

        Key(String id, String arn, byte[] material) {
            this.id = id;
            this.arn = arn;
            this.material = material;
        }

        KeyMetadata metadata() {
            return KeyMetadata.builder().keyId(id).arn(arn).enabled(enabled)
                    .keyState(enabled ? KeyState.ENABLED : KeyState.DISABLED).build();
        }
    }

    @Override
    public synchronized CreateKeyResponse createKey(CreateKeyRequest request) {
        String id = UUID.randomUUID().toString();
        byte[] material = new byte[32];
        random.nextBytes(material);
        Key key = new Key(id, "arn:aws:kms:" + region + ":" + account + ":key/" + id, material);
        keys.put(id, key);
        return CreateKeyResponse.builder().keyMetadata(key.metadata()).build();
    }

    @Override
    public synchronized CreateAliasResponse createAlias(CreateAliasRequest request) {
        Key key = find(request.targetKeyId());
        aliases.put(request.aliasName(), key.id);
        return CreateAliasResponse.builder().build();
    }

    @Override
    public synchronized DescribeKeyResponse describeKey(DescribeKeyRequest request) {
        return DescribeKeyResponse.builder().keyMetadata(find(request.keyId()).metadata()).build();
    }

    @Override
    public synchronized DisableKeyResponse disableKey(DisableKeyRequest request) {
        find(request.keyId()).enabled = false;
        return DisableKeyResponse.builder().build();
    }

    @Override
    public synchronized EncryptResponse encrypt(EncryptRequest request) {
        Key key = usable(request.keyId());
        byte[] plaintext = request.plaintext().asByteArray();
        if (plaintext.length == 0 || plaintext.length > 4096) {
            throw error(KmsException.builder(), "ValidationException",
                    "Plaintext must be 1 to 4096 bytes long.");
        }
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key.material, iv, context(request.encryptionContext()), plaintext);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] id = key.id.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(MAGIC);
        out.write(id.length);
        out.writeBytes(id);
        out.writeBytes(iv);
        out.writeBytes(sealed);
        return EncryptResponse.builder().keyId(key.arn).ciphertextBlob(SdkBytes.fromByteArray(out.toByteArray()))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT).build();
    }

    @Override
    public synchronized DecryptResponse decrypt(DecryptRequest request) {
        byte[] blob = request.ciphertextBlob() == null ? new byte[0] : request.ciphertextBlob().asByteArray();
        ByteBuffer in = ByteBuffer.wrap(blob);
        if (blob.length < MAGIC.length + 1 + 12 + 16 || !ByteBuffer.wrap(blob, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw invalidCiphertext();
        }
        in.position(MAGIC.length);
        int idLength = in.get() & 0xff;
        if (in.remaining() < idLength + 12 + 16) {
            throw invalidCiphertext();
        }
        byte[] id = new byte[idLength];
        in.get(id);
        Key key = keys.get(new String(id, StandardCharsets.US_ASCII));
        if (key == null) {
            throw invalidCiphertext();
        }
        if (request.keyId() != null && find(request.keyId()) != key) {
            throw error(IncorrectKeyException.builder(), "IncorrectKeyException",
                    "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        if (!key.enabled) {
            throw error(DisabledException.builder(), "DisabledException", key.arn + " is disabled.");
        }
        byte[] iv = new byte[12];
        in.get(iv);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        byte[] plaintext;
        try {
            plaintext = gcm(Cipher.DECRYPT_MODE, key.material, iv, context(request.encryptionContext()), sealed);
        } catch (IllegalStateException tampered) {
            throw invalidCiphertext();
        }
        return DecryptResponse.builder().keyId(key.arn).plaintext(SdkBytes.fromByteArray(plaintext))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }

    /** Creates a key and returns its ARN (test set-up). */
    public String createKeyArn() {
        return createKey(CreateKeyRequest.builder().build()).keyMetadata().arn();
    }

    private Key usable(String keyId) {
        Key key = find(keyId);
        if (!key.enabled) {
            throw error(DisabledException.builder(), "DisabledException", key.arn + " is disabled.");
        }
        return key;
    }

    private Key find(String keyId) {
        if (keyId == null) {
            throw error(NotFoundException.builder(), "NotFoundException", "KeyId is required.");
        }
        String id = keyId;
        if (id.startsWith("arn:") && id.contains(":alias/")) {
            id = id.substring(id.indexOf(":alias/") + 1);
        }
        if (id.startsWith("alias/")) {
            String target = aliases.get(id);
            if (target == null) {
                throw error(NotFoundException.builder(), "NotFoundException", "Alias " + keyId + " is not found.");
            }
            id = target;
        } else if (id.startsWith("arn:") && id.contains(":key/")) {
            id = id.substring(id.indexOf(":key/") + 5);
        }
        Key key = keys.get(id);
        if (key == null) {
            throw error(NotFoundException.builder(), "NotFoundException", "Key '" + keyId + "' does not exist");
        }
        return key;
    }

    private static byte[] context(Map<String, String> context) {
        return new TreeMap<>(context == null ? Map.of() : context).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    private static InvalidCiphertextException invalidCiphertext() {
        return error(InvalidCiphertextException.builder(), "InvalidCiphertextException", "The ciphertext is invalid.");
    }

    @SuppressWarnings("unchecked")
    private static <E extends KmsException, B extends KmsException.Builder> E error(B builder, String code, String message) {
        return (E) builder.message(message).statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Kms").build())
                .build();
    }
}
