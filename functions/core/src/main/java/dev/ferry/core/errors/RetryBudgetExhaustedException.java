package dev.ferry.core.errors;

/**
 * A handler's bounded retry loop gave up on throttling or 5xx answers. The message names exactly
 * what is left undone (table, segment, number of unwritten items). The unit's checkpoint still
 * points before that work, so this is a {@link TransientException}: the state machine retries the
 * step with a longer backoff, and only when those retries are spent does the run fail and roll back.
 */
public class RetryBudgetExhaustedException extends TransientException {
    public RetryBudgetExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetryBudgetExhaustedException(String message) {
        super(message);
    }
}
