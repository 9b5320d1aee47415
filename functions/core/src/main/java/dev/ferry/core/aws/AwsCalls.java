package dev.ferry.core.aws;

import dev.ferry.core.errors.RetryBudgetExhaustedException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.util.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one way Ferry calls AWS: every call a handler makes (reads, writes, describes, waits, ledger
 * and report writes) goes through here, so that throttling, 5xx and connection faults are retried
 * with exponential backoff and full jitter ({@link Backoff}, through the injected sleeper), and a
 * real answer (access denied, not found, a failed condition) comes back at once as the SDK threw it.
 *
 * <p>The SDK clients' own retries are off ({@link ClientFactory}): this is the only retry policy,
 * so its budget and backoff are the same everywhere and tests need not really sleep. When the budget
 * is spent the call fails with {@link RetryBudgetExhaustedException}, a {@link TransientException}:
 * the state machine retries the step, which resumes from its checkpoint, and only when those retries
 * are spent too does the run fail and roll back.
 */
public final class AwsCalls {
    /** Attempts of one call before the budget is spent. */
    public static final int DEFAULT_ATTEMPTS = 10;
    private static final long BASE_MILLIS = 50;
    private static final long CAP_MILLIS = 5_000;
    /** Longest single pause of {@link #waitFor}. */
    private static final long MAX_POLL_MILLIS = 5_000;

    private final Backoff backoff;
    private final Backoff.Sleeper sleeper;
    private final int attempts;

    public AwsCalls(Backoff.Sleeper sleeper) {
        this(sleeper, DEFAULT_ATTEMPTS);
    }

    public AwsCalls(Backoff.Sleeper sleeper, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.backoff = new Backoff(BASE_MILLIS, CAP_MILLIS, sleeper);
        this.attempts = attempts;
    }

    /** How this helper waits (for rate caps and loops of their own that must pause the same way). */
    public Backoff.Sleeper sleeper() {
        return sleeper;
    }

    /** Attempts of one call before the budget is spent. */
    public int attempts() {
        return attempts;
    }

    /**
     * Waits the jittered backoff of attempt {@code attempt} (0-based): for loops that retry on
     * something other than an exception (unprocessed items, a failed condition).
     */
    public long pause(int attempt) {
        return backoff.pause(attempt);
    }

    /**
     * Runs {@code call}, retrying retryable failures ({@link AwsErrors#retryable}).
     *
     * @param what what the call does, for messages ("DescribeTable Orders"); never item data or a secret
     * @throws RetryBudgetExhaustedException when every attempt failed retryably
     * @throws SdkException unchanged, when the failure is an answer rather than a fault
     * @throws dev.ferry.core.errors.AwsConfigurationException when the SDK's configuration gives no credentials or
     *     no region for the call
     */
    public <T> T call(String what, Supplier<T> call) {
        return call(what, null, call);
    }

    /**
     * As {@link #call(String, Supplier)}, with {@code advice} (what to do if it keeps happening)
     * added to the message of a spent budget.
     */
    public <T> T call(String what, String advice, Supplier<T> call) {
        return call(what, advice, answer -> false, call);
    }

    /**
     * As {@link #call(String, String, Supplier)}, also trying again on the answers {@code alsoRetry} accepts: a
     * service's way of saying "not yet" that is not a fault (QuickSight's {@code ConflictException} while a
     * resource is still being created). Spent, the budget ends as for any retryable failure.
     */
    public <T> T call(String what, String advice, java.util.function.Predicate<SdkException> alsoRetry, Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (!AwsErrors.retryable(e) && !alsoRetry.test(e)) {
                    throw AwsErrors.configurationProblem(what, e).<RuntimeException>map(c -> c).orElse(e);
                }
                if (attempt + 1 >= attempts) {
                    throw new RetryBudgetExhaustedException(what + " failed " + attempts + " times in a row (last: "
                            + AwsErrors.describe(e) + "); the step is retried from its last checkpoint"
                            + (advice == null ? "." : ". " + advice), e);
                }
                backoff.pause(attempt);
            }
        }
    }

    /** {@link #call(String, Supplier)} for calls whose result is not needed. */
    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Polls until {@code poll} gives a value, pausing between polls (backoff up to 5 s, through the
     * sleeper) for at most {@code maxWait} of pauses. Each poll is a {@link #call}.
     *
     * @throws TransientException when {@code maxWait} is spent: the step is retried and waits on
     */
    public <T> T waitFor(String what, Duration maxWait, Supplier<Optional<T>> poll) {
        long waited = 0;
        for (int attempt = 0; ; attempt++) {
            Optional<T> ready = call(what, poll);
            if (ready.isPresent()) {
                return ready.get();
            }
            long pause = Math.min(MAX_POLL_MILLIS, BASE_MILLIS << Math.min(attempt + 2, 20));
            if (waited + pause > maxWait.toMillis()) {
                throw new TransientException(what + ": not ready after " + Duration.ofMillis(waited).toSeconds()
                        + " s; the step is retried and waits on");
            }
            sleeper.sleep(pause);
            waited += pause;
        }
    }
}
