package dev.ferry.postgres.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet tokens (https://github.com/fernet/spec), as Python's {@code cryptography} makes them, with the JDK's
 * own crypto: {@code 0x80 | timestamp (8 bytes, big-endian seconds) | IV (16) | AES-128-CBC ciphertext (PKCS7) |
 * HMAC-SHA256 (32)} over everything before the HMAC, the whole token url-safe base64. The key is 32 bytes of
 * url-safe base64: the first 16 sign, the last 16 encrypt.
 *
 * <p>Decryption happens in memory only; the plaintext is returned to the caller and never kept, logged or put in
 * an exception message. A failure names what was wrong with the token, never its content.
 */
public final class Fernet {
    private static final byte VERSION = (byte) 0x80;
    private static final int HEADER = 1 + 8 + 16;
    private static final int HMAC_LENGTH = 32;

    private final byte[] signingKey;
    private final byte[] encryptionKey;

    private Fernet(byte[] key) {
        this.signingKey = Arrays.copyOfRange(key, 0, 16);
        this.encryptionKey = Arrays.copyOfRange(key, 16, 32);
    }

    /**
     * A Fernet for a key in its usual form: 32 bytes, url-safe base64 (padded or not).
     *
     * @throws IllegalArgumentException when it is not such a key (the message never shows the key)
     */
    public static Fernet of(String key) {
        Objects.requireNonNull(key, "key");
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Fernet key is not url-safe base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("a Fernet key is 32 bytes of url-safe base64; this one decodes to " + raw.length + " bytes");
        }
        return new Fernet(raw);
    }

    /** A new random key, url-safe base64 (as {@code Fernet.generate_key()} makes). */
    public static String generateKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }

    /** Encrypts with a random IV at the current time. */
    public String encrypt(byte[] plaintext) {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        return encrypt(plaintext, Instant.now(), iv);
    }

    /** Encrypts at a given time with a given IV (the specification's test vectors). */
    public String encrypt(byte[] plaintext, Instant at, byte[] iv) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
            byte[] ciphertext = aes.doFinal(plaintext);
            ByteBuffer token = ByteBuffer.allocate(HEADER + ciphertext.length + HMAC_LENGTH);
            token.put(VERSION).putLong(at.getEpochSecond()).put(iv).put(ciphertext);
            token.put(hmac(token.array(), HEADER + ciphertext.length));
            return Base64.getUrlEncoder().encodeToString(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC is missing from this JVM", e);
        }
    }

    /** Decrypts a token of any age. */
    public byte[] decrypt(String token) {
        return decrypt(token, null, Instant.now());
    }

    /**
     * Decrypts a token, checking its age when {@code ttl} is given.
     *
     * @throws InvalidTokenException saying why (malformed, wrong version, signature mismatch = wrong key or
     *     altered token, expired, bad padding), never what the token holds
     */
    public byte[] decrypt(String token, Duration ttl, Instant now) {
        if (token == null) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the token is empty");
        }
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the token is not url-safe base64");
        }
        if (data.length < HEADER + 16 + HMAC_LENGTH || (data.length - HEADER - HMAC_LENGTH) % 16 != 0) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the token has the wrong length for a Fernet token");
        }
        if (data[0] != VERSION) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
                    "the token does not start with Fernet's version byte 0x80");
        }
        int signed = data.length - HMAC_LENGTH;
        byte[] expected = hmac(data, signed);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, signed, data.length))) {
            throw new InvalidTokenException(InvalidTokenException.Reason.SIGNATURE,
                    "the token's signature does not match: another key encrypted it, or it was altered");
        }
        long timestamp = ByteBuffer.wrap(data, 1, 8).getLong();
        if (ttl != null) {
            if (now.getEpochSecond() + 60 < timestamp) {
                throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, "the token's timestamp lies in the future");
            }
            if (timestamp + ttl.getSeconds() < now.getEpochSecond()) {
                throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, "the token is older than its time to live");
            }
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(data, 9, 16));
            return aes.doFinal(data, HEADER, signed - HEADER);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the token's ciphertext has invalid padding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC is missing from this JVM", e);
        }
    }

    private byte[] hmac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
