package dev.ferry.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Retry entry: which errors it retries, how often, and how long to wait before each retry:
 * {@code IntervalSeconds * BackoffRate^n}, capped at MaxDelaySeconds, with FULL jitter a random
 * fraction of that.
 */
record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
               Integer maxDelaySeconds, boolean fullJitter) {
    static final int DEFAULT_INTERVAL_SECONDS = 1;
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final double DEFAULT_BACKOFF_RATE = 2.0;

    boolean matches(String error) {
        return ErrorNames.matches(errorEquals, error);
    }

    /** The wait before the retry that follows {@code retriesDone} earlier retries by this retrier. */
    Duration delay(int retriesDone) {
        double seconds = intervalSeconds * Math.pow(backoffRate, retriesDone);
        if (maxDelaySeconds != null) {
            seconds = Math.min(seconds, maxDelaySeconds);
        }
        if (fullJitter) {
            seconds = ThreadLocalRandom.current().nextDouble() * seconds;
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
