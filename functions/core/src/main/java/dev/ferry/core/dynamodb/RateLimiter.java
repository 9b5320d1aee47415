package dev.ferry.core.dynamodb;

import dev.ferry.core.util.Backoff;

/**
 * A token bucket that caps capacity units per second (read or write units), shared by the
 * threads of one handler invocation. A cap of 0 or less means unlimited.
 *
 * <p>The bucket holds at most one second of tokens, so a burst never exceeds the cap; a request
 * larger than that is allowed to go into debt and the next callers wait it off.
 */
public final class RateLimiter {
    private final double perSecond;
    private final Backoff.Sleeper sleeper;
    private final java.util.function.LongSupplier nanoClock;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond, Backoff.Sleeper sleeper, java.util.function.LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
        this.tokens = Math.max(perSecond, 0);
        this.last = nanoClock.getAsLong();
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(0, Backoff.Sleeper.REAL, System::nanoTime);
    }

    public static RateLimiter perSecond(double units) {
        return new RateLimiter(units, Backoff.Sleeper.REAL, System::nanoTime);
    }

    public boolean isLimited() {
        return perSecond > 0;
    }

    /** Takes {@code units} tokens, waiting as long as the cap requires. */
    public void acquire(double units) {
        if (!isLimited() || units <= 0) {
            return;
        }
        long waitMillis;
        synchronized (this) {
            refill();
            tokens -= units;
            waitMillis = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perSecond * 1000.0);
        }
        sleeper.sleep(waitMillis);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
        last = now;
    }
}
