package dev.ferry.postgres.crypto;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.errors.FerryException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Turns the stored form of a secret column (text or bytea) into its plaintext, in memory. Implementations never
 * log, keep or put in a message the ciphertext or the plaintext; a row that does not decrypt fails with
 * {@link InvalidTokenException}.
 */
@FunctionalInterface
public interface Decryptor {
    /**
     * @param stored the column's value: a {@link String} or a {@code byte[]}
     * @return the plaintext
     * @throws InvalidTokenException when it does not decrypt
     */
    byte[] decrypt(Object stored);

    /** The value is stored in clear: its UTF-8 bytes. */
    static Decryptor none() {
        return stored -> stored instanceof byte[] b ? b.clone() : String.valueOf(stored).getBytes(StandardCharsets.UTF_8);
    }

    /** Fernet tokens; several keys are tried in order (as Python's MultiFernet does during a key rotation). */
    static Decryptor fernet(List<Fernet> keys) {
        return stored -> {
            String token = stored instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : String.valueOf(stored);
            InvalidTokenException last = null;
            for (Fernet key : keys) {
                try {
                    return key.decrypt(token);
                } catch (InvalidTokenException e) {
                    if (e.reason() != InvalidTokenException.Reason.SIGNATURE) {
                        throw e;
                    }
                    last = e;
                }
            }
            throw last != null ? last : new InvalidTokenException(InvalidTokenException.Reason.SIGNATURE, "no Fernet key given");
        };
    }

    /**
     * AES-GCM with a 128, 192 or 256-bit key: the stored value (base64 text or bytea) is a 12-byte IV, then the
     * ciphertext with its 16-byte tag, as Python's {@code AESGCM(key).encrypt(iv, data, None)} output prefixed by the IV.
     */
    static Decryptor aesGcm(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("an AES-GCM key is 16, 24 or 32 bytes; this one is " + key.length);
        }
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        return stored -> {
            byte[] data = bytes(stored);
            if (data.length < 12 + 16) {
                throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the value is too short for IV + AES-GCM tag");
            }
            try {
                Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                gcm.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(128, data, 0, 12));
                return gcm.doFinal(data, 12, data.length - 12);
            } catch (AEADBadTagException e) {
                throw new InvalidTokenException(InvalidTokenException.Reason.SIGNATURE,
                        "the AES-GCM tag does not match: another key encrypted it, or it was altered");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is missing from this JVM", e);
            }
        };
    }

    /** KMS ciphertext blobs (base64 text or bytea), decrypted by KMS Decrypt. */
    static Decryptor kms(KmsClient kms, AwsCalls calls, String keyId, Map<String, String> context) {
        return stored -> {
            byte[] blob = bytes(stored);
            try {
                return calls.call("KMS Decrypt", () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(blob))
                        .keyId(keyId).encryptionContext(context == null ? Map.of() : context))).plaintext().asByteArray();
            } catch (InvalidCiphertextException | IncorrectKeyException e) {
                throw new InvalidTokenException(InvalidTokenException.Reason.SIGNATURE, "KMS cannot decrypt it ("
                        + AwsErrors.code(e) + "): another key or encryption context made it, or it was altered");
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                throw new FerryException("KMS Decrypt failed (" + AwsErrors.describe(e) + "): grant kms:Decrypt on the key "
                        + "that encrypted the column to the functions' role", e);
            }
        };
    }

    /** The stored value as bytes: bytea as it is, text as base64 (standard or url-safe). */
    private static byte[] bytes(Object stored) {
        if (stored instanceof byte[] b) {
            return b;
        }
        String text = String.valueOf(stored).trim();
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the value is not base64");
        }
    }
}
