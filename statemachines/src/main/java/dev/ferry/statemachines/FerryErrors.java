package dev.ferry.statemachines;

/**
 * Error names that Retry and Catch match on.
 *
 * <p>Lambda reports a Java exception's fully qualified class name as the error name, so these are the
 * class names of the typed exceptions in {@code functions/core} ({@code dev.ferry.core.errors}). They are
 * spelled out here rather than referenced as classes because the state machines must not depend on the
 * handlers' artifact.
 */
public final class FerryErrors {

    /** Thrown by a handler when a retry with backoff can succeed (throttling, 5xx, a lost race). */
    public static final String TRANSIENT = "dev.ferry.core.errors.TransientException";

    /** Thrown when the run's input is wrong; the run fails fast, nothing needs rolling back. */
    public static final String INVALID_INPUT = "dev.ferry.core.errors.InvalidInputException";

    /**
     * Verification found that the destination differs from the source as it is now. The report is written
     * first; the copy keeps the destination (a re-run copies the differing segments again), so no rollback.
     */
    public static final String VERIFICATION_FAILED = "dev.ferry.core.errors.VerificationFailedException";

    /** Lambda's own throttling error for the Invoke call (concurrency limit reached). */
    public static final String LAMBDA_TOO_MANY_REQUESTS = "Lambda.TooManyRequestsException";

    /**
     * A Lambda invocation that ran out of time. Ferry's handlers checkpoint before their deadline and
     * are idempotent, so a timed-out invocation is retried like a transient error.
     */
    public static final String LAMBDA_TIMEOUT = "Sandbox.Timedout";

    /**
     * The rollback workflow's failure for a run whose workflow has no Rollback function in the stack (nothing
     * was rolled back).
     */
    public static final String NO_ROLLBACK = "Ferry.NoRollback";

    private FerryErrors() {
    }
}
