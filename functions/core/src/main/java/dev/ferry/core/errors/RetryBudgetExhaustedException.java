package dev.ferry.core.errors;

/**
 * A bounded retry loop gave up. The message names exactly what is left undone (for example the
 * table, segment and number of unwritten items); the checkpoint in the ledger still points before
 * that work, so re-running the same run id resumes it.
 */
public class RetryBudgetExhaustedException extends FerryException {
    public RetryBudgetExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetryBudgetExhaustedException(String message) {
        super(message);
    }
}
