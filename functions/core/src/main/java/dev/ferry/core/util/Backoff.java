package dev.ferry.core.util;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * attempt n waits a random time in [0, min(cap, base * 2^n)].
 */
public final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private final Sleeper sleeper;

    public Backoff(long baseMillis, long capMillis, Sleeper sleeper) {
        if (baseMillis <= 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base=" + baseMillis + " cap=" + capMillis);
        }
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.sleeper = sleeper;
    }

    /** The bound for attempt {@code attempt} (0-based), before jitter. */
    public long ceilingMillis(int attempt) {
        int shift = Math.min(attempt, 30);
        return Math.min(capMillis, baseMillis << shift);
    }

    /** Waits a jittered delay for the given attempt; returns the milliseconds waited. */
    public long pause(int attempt) {
        long delay = ThreadLocalRandom.current().nextLong(ceilingMillis(attempt) + 1);
        sleeper.sleep(delay);
        return delay;
    }

    /** How to wait; tests pass one that does not really sleep. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = millis -> {
            if (millis <= 0) {
                return;
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while backing off", e);
            }
        };

        void sleep(long millis);
    }
}
