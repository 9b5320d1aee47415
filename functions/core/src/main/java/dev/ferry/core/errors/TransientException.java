package dev.ferry.core.errors;

/**
 * A failure that a later attempt can get past (throttling, a 5xx, a table not ACTIVE yet).
 * Every Ferry task retries it with exponential backoff and jitter; nothing is lost, because each
 * handler is idempotent and resumes from its ledger checkpoint.
 */
public class TransientException extends FerryException {
    public TransientException(String message) {
        super(message);
    }

    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
