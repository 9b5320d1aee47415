package dev.ferry.core.dynamodb;

import dev.ferry.core.util.Backoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void acquire_whenOverTheCap_waitsForTheDebt() {
        AtomicLong now = new AtomicLong();
        List<Long> waits = new ArrayList<>();
        RateLimiter limiter = new RateLimiter(100, waits::add, now::get);

        limiter.acquire(100); // the first second's tokens
        limiter.acquire(50);  // 50 units of debt at 100/s

        assertThat(waits).containsExactly(0L, 500L);
    }

    @Test
    void acquire_whenTimePasses_refillsAtMostOneSecond() {
        AtomicLong now = new AtomicLong();
        List<Long> waits = new ArrayList<>();
        RateLimiter limiter = new RateLimiter(10, waits::add, now::get);
        limiter.acquire(10);

        now.addAndGet(60_000_000_000L); // a minute later the bucket holds 10, not 600
        limiter.acquire(20);

        assertThat(waits).containsExactly(0L, 1000L);
    }

    @Test
    void acquire_whenUnlimited_neverWaits() {
        List<Long> waits = new ArrayList<>();
        new RateLimiter(0, waits::add, System::nanoTime).acquire(1_000_000);

        assertThat(waits).isEmpty();
    }

    @Test
    void backoff_whenAttemptsGrow_doublesUpToTheCap() {
        Backoff backoff = new Backoff(50, 1000, millis -> { });

        assertThat(backoff.ceilingMillis(0)).isEqualTo(50);
        assertThat(backoff.ceilingMillis(3)).isEqualTo(400);
        assertThat(backoff.ceilingMillis(30)).isEqualTo(1000);
        assertThat(backoff.pause(2)).isBetween(0L, 200L);
    }
}
