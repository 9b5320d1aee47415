package dev.ferry.postgres.crypto;

/**
 * A ciphertext that does not decrypt. The message says why in general terms (malformed, signature, expired) and
 * never contains the ciphertext, the key or any plaintext.
 */
public final class InvalidTokenException extends RuntimeException {
    /** Why a token did not decrypt. */
    public enum Reason {
        /** Not a token at all: bad base64, wrong length, wrong version byte, bad padding. */
        MALFORMED,
        /** Authentication failed: another key encrypted it, or it was altered. */
        SIGNATURE,
        /** Older than its time to live, or from the future. */
        EXPIRED,
        /** The plaintext is not what the value template needs (not JSON where JSON is needed). */
        CONTENT
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
