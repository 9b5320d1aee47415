package dev.ferry.postgres.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.json.Json;
import dev.ferry.postgres.migrate.PgPlan;
import dev.ferry.postgres.source.SourceDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the {@link Decryptor} of a secret table: fetches its key from a Secrets Manager secret or has KMS
 * decrypt it, in memory, never from the input. A key that cannot be had fails naming where it was looked for,
 * never the key.
 */
public final class DecryptionKeys {
    private DecryptionKeys() {
    }

    /** A key that is missing or unusable: the message says where it was looked for and what to fix. */
    public static final class KeyUnavailableException extends FerryException {
        public KeyUnavailableException(String message) {
            super(message);
        }
    }

    /**
     * @param secretsRegion where the key secret lives when its ARN does not say (the run's destination region)
     * @throws KeyUnavailableException when the key cannot be read or is not a key of the method
     */
    public static Decryptor decryptor(PgPlan.DecryptionSpec spec, ClientFactory clients, AwsCalls calls, String secretsRegion) {
        return switch (spec.method()) {
            case "none" -> Decryptor.none();
            case "kms" -> Decryptor.kms(clients.client(Side.of(secretsRegion), KmsClient.class, KmsClient::builder), calls,
                    spec.kmsKeyId(), spec.encryptionContext());
            case "fernet" -> {
                List<Fernet> keys = new ArrayList<>();
                for (String key : keyTexts(spec, clients, calls, secretsRegion)) {
                    try {
                        keys.add(Fernet.of(key));
                    } catch (IllegalArgumentException e) {
                        throw new KeyUnavailableException("the Fernet key in " + spec.keyLocation() + " is not a Fernet key ("
                                + e.getMessage() + "): store the key exactly as Fernet.generate_key() printed it");
                    }
                }
                yield Decryptor.fernet(keys);
            }
            case "aes-gcm" -> {
                List<String> texts = keyTexts(spec, clients, calls, secretsRegion);
                byte[] key;
                try {
                    key = spec.kmsEncryptedKey() != null ? texts.get(0).getBytes(StandardCharsets.ISO_8859_1)
                            : Base64.getDecoder().decode(texts.get(0).trim());
                    yield Decryptor.aesGcm(key);
                } catch (IllegalArgumentException e) {
                    throw new KeyUnavailableException("the AES-GCM key in " + spec.keyLocation() + " is not a base64 key of 16, 24 or 32 bytes");
                }
            }
            default -> throw new IllegalArgumentException("unknown decryption method " + spec.method());
        };
    }

    /** The key(s) as text: a secret's value (its field, or {@code key}/{@code keys}), or a KMS-decrypted blob. */
    private static List<String> keyTexts(PgPlan.DecryptionSpec spec, ClientFactory clients, AwsCalls calls, String secretsRegion) {
        if (spec.kmsEncryptedKey() != null) {
            KmsClient kms = clients.client(Side.of(secretsRegion), KmsClient.class, KmsClient::builder);
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(spec.kmsEncryptedKey());
            } catch (IllegalArgumentException e) {
                throw new KeyUnavailableException("kmsEncryptedKey is not base64: give the CiphertextBlob of `aws kms encrypt` as it printed it");
            }
            try {
                byte[] plain = calls.call("KMS Decrypt (decryption key)", () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(blob))
                        .keyId(spec.kmsKeyId()))).plaintext().asByteArray();
                return List.of(spec.method().equals("aes-gcm") ? new String(plain, StandardCharsets.ISO_8859_1)
                        : new String(plain, StandardCharsets.UTF_8));
            } catch (SdkException e) {
                throw new KeyUnavailableException("KMS cannot decrypt kmsEncryptedKey (" + AwsErrors.describe(e) + "): check that it was "
                        + "encrypted with a key the functions' role may use (kms:Decrypt)");
            }
        }
        Side side = SourceDatabase.secretSide(spec.keySecretArn(), secretsRegion);
        SecretsManagerClient sm = clients.client(side, SecretsManagerClient.class, SecretsManagerClient::builder);
        String value;
        try {
            value = calls.call("GetSecretValue (decryption key)", () -> sm.getSecretValue(b -> b.secretId(spec.keySecretArn()))).secretString();
        } catch (SdkException e) {
            throw new KeyUnavailableException("cannot read the decryption key from secret " + spec.keySecretArn() + " ("
                    + AwsErrors.describe(e) + "): check the ARN, and grant secretsmanager:GetSecretValue on it");
        }
        if (value == null || value.isBlank()) {
            throw new KeyUnavailableException("secret " + spec.keySecretArn() + " holds no text value: store the key as its SecretString");
        }
        String trimmed = value.trim();
        if (!trimmed.startsWith("{")) {
            if (spec.keySecretField() != null) {
                throw new KeyUnavailableException("secret " + spec.keySecretArn() + " is not a JSON object, so it has no field "
                        + spec.keySecretField() + ": leave keySecretField out, or store {\"" + spec.keySecretField() + "\": \"<key>\"}");
            }
            return List.of(trimmed);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(trimmed);
        } catch (java.io.IOException e) {
            throw new KeyUnavailableException("secret " + spec.keySecretArn() + " starts like JSON but is not valid JSON");
        }
        List<String> keys = new ArrayList<>();
        if (spec.keySecretField() != null) {
            json.path(spec.keySecretField()).forEach(k -> keys.add(k.asText()));
            if (json.path(spec.keySecretField()).isTextual()) {
                keys.add(json.get(spec.keySecretField()).asText());
            }
        } else if (json.path("key").isTextual()) {
            keys.add(json.get("key").asText());
        } else if (json.path("keys").isArray()) {
            json.get("keys").forEach(k -> keys.add(k.asText()));
        }
        if (keys.isEmpty()) {
            throw new KeyUnavailableException("secret " + spec.keySecretArn() + " has no key in "
                    + (spec.keySecretField() != null ? "field " + spec.keySecretField() : "field \"key\" or \"keys\"")
                    + ": store the key there, or set keySecretField to the field that holds it");
        }
        return keys;
    }
}
