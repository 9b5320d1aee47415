package dev.ferry.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.postgres.migrate.PgPlan;
import dev.ferry.testkit.FakeKmsClient;
import dev.ferry.testkit.FakeSecretsManagerClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The decryption methods besides Fernet: aes-gcm (key from a secret, or KMS-encrypted) and kms (each value a KMS
 * ciphertext blob, with its encryption context). The key never comes from the input, and a value that does not
 * decrypt fails as an invalid token without showing the key or the plaintext.
 */
class DecryptionKeysTest {
    private static final String REGION = "us-east-1";
    private static final String PLAIN = "{\"access_key\": \"AKIA-planted-7f3e\"}";
    private final FakeSecretsManagerClient secrets = new FakeSecretsManagerClient();
    private final FakeKmsClient kms = new FakeKmsClient();
    private final ClientFactory clients = ClientFactory.builder().client(SecretsManagerClient.class, side -> secrets)
            .client(KmsClient.class, side -> kms).build();
    private final AwsCalls calls = new AwsCalls(millis -> { });
    private final SecureRandom random = new SecureRandom();

    private byte[] aesKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    /** As Python's {@code iv + AESGCM(key).encrypt(iv, data, None)}. */
    private byte[] sealAesGcm(byte[] key, String plain) throws Exception {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = gcm.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
    }

    private static PgPlan.DecryptionSpec spec(String method, String keySecretArn, String kmsEncryptedKey, Map<String, String> context) {
        return new PgPlan.DecryptionSpec(method, keySecretArn, null, kmsEncryptedKey, null, context);
    }

    @Test
    void aesGcm_whenTheKeyIsInASecret_decryptsBase64TextAndBytea() throws Exception {
        byte[] key = aesKey();
        String arn = secrets.createSecret(b -> b.name("keys/aes").secretString(Base64.getEncoder().encodeToString(key))).arn();
        byte[] stored = sealAesGcm(key, PLAIN);

        Decryptor d = DecryptionKeys.decryptor(spec("aes-gcm", arn, null, null), clients, calls, REGION);

        assertThat(new String(d.decrypt(Base64.getEncoder().encodeToString(stored)), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
        assertThat(new String(d.decrypt(stored), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
    }

    @Test
    void aesGcm_whenTheKeyIsKmsEncrypted_decryptsWithTheKeyKmsGivesBack() throws Exception {
        byte[] key = aesKey();
        String kmsKey = kms.createKeyArn();
        byte[] blob = kms.encrypt(b -> b.keyId(kmsKey).plaintext(SdkBytes.fromByteArray(key))).ciphertextBlob().asByteArray();

        Decryptor d = DecryptionKeys.decryptor(spec("aes-gcm", null, Base64.getEncoder().encodeToString(blob), null), clients, calls, REGION);

        assertThat(new String(d.decrypt(sealAesGcm(key, PLAIN)), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
    }

    @Test
    void aesGcm_whenAnotherKeyEncrypted_failsOnTheTagWithoutShowingKeyOrValue() throws Exception {
        byte[] key = aesKey();
        String arn = secrets.createSecret(b -> b.name("keys/aes-other").secretString(Base64.getEncoder().encodeToString(aesKey()))).arn();
        Decryptor d = DecryptionKeys.decryptor(spec("aes-gcm", arn, null, null), clients, calls, REGION);

        assertThatThrownBy(() -> d.decrypt(sealAesGcm(key, PLAIN)))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.SIGNATURE))
                .message().doesNotContain(PLAIN).doesNotContain(Base64.getEncoder().encodeToString(key));
        assertThatThrownBy(() -> d.decrypt("c2hvcnQ=")).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.MALFORMED));
    }

    @Test
    void aesGcm_whenTheSecretHoldsNoAesKey_saysWhereItLookedNotTheValue() {
        String arn = secrets.createSecret(b -> b.name("keys/not-aes").secretString("bm90LWEta2V5")).arn();

        assertThatThrownBy(() -> DecryptionKeys.decryptor(spec("aes-gcm", arn, null, null), clients, calls, REGION))
                .isInstanceOf(DecryptionKeys.KeyUnavailableException.class).hasMessageContaining(arn).hasMessageNotContaining("bm90LWEta2V5");
    }

    @Test
    void kms_whenEachValueIsAKmsBlob_decryptsWithItsEncryptionContext() {
        String kmsKey = kms.createKeyArn();
        Map<String, String> context = Map.of("table", "account_credentials");
        byte[] blob = kms.encrypt(b -> b.keyId(kmsKey).encryptionContext(context).plaintext(SdkBytes.fromUtf8String(PLAIN)))
                .ciphertextBlob().asByteArray();

        Decryptor right = DecryptionKeys.decryptor(spec("kms", null, null, context), clients, calls, REGION);
        Decryptor wrongContext = DecryptionKeys.decryptor(spec("kms", null, null, Map.of("table", "other")), clients, calls, REGION);

        assertThat(new String(right.decrypt(Base64.getEncoder().encodeToString(blob)), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
        assertThat(new String(right.decrypt(blob), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
        assertThatThrownBy(() -> wrongContext.decrypt(blob))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.SIGNATURE))
                .message().doesNotContain(PLAIN);
    }

    @Test
    void fernet_whenTheSecretHoldsRotatedKeys_triesEach() {
        String oldKey = Fernet.generateKey();
        String token = Fernet.of(oldKey).encrypt(PLAIN.getBytes(StandardCharsets.UTF_8));
        String arn = secrets.createSecret(b -> b.name("keys/fernet").secretString("{\"keys\": [\"" + Fernet.generateKey() + "\", \""
                + oldKey + "\"]}")).arn();

        Decryptor d = DecryptionKeys.decryptor(spec("fernet", arn, null, null), clients, calls, REGION);

        assertThat(new String(d.decrypt(token), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
    }

    @Test
    void none_whenStoredInClear_givesTheValue() {
        assertThat(new String(DecryptionKeys.decryptor(spec("none", null, null, null), clients, calls, REGION).decrypt(PLAIN),
                StandardCharsets.UTF_8)).isEqualTo(PLAIN);
    }
}
