package dev.ferry.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Engine time. Waits (Wait states, retry intervals, {@link TaskContext#sleep}) really sleep their
 * duration times the time scale; the part not slept moves engine time ahead, so a run with time
 * scale 0 never sleeps yet sees the same timestamps as one that did.
 */
final class EngineClock {
    private static final long CHUNK_NANOS = Duration.ofMillis(100).toNanos();

    private final Clock wall;
    private final double timeScale;
    private final AtomicLong skippedNanos = new AtomicLong();

    EngineClock(Clock wall, double timeScale) {
        if (timeScale < 0 || Double.isNaN(timeScale)) {
            throw new IllegalArgumentException("timeScale must be 0 (never sleep) or more (1 = real time), not " + timeScale);
        }
        this.wall = wall;
        this.timeScale = timeScale;
    }

    Instant now() {
        return wall.instant().plusNanos(skippedNanos.get());
    }

    /** Waits {@code duration} of engine time; returns early, without error, when cancelled. */
    void sleep(Duration duration, Cancellation cancellation) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        long realNanos = (long) (duration.toNanos() * timeScale);
        long end = System.nanoTime() + realNanos;
        long left = realNanos;
        while (left > 0 && !cancellation.isCancelled()) {
            try {
                Thread.sleep(Math.max(1, Math.min(left, CHUNK_NANOS) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancellation.Cancelled();
            }
            left = end - System.nanoTime();
        }
        skippedNanos.addAndGet(duration.toNanos() - realNanos);
    }
}
