package dev.ferry.local.cli;

import java.time.Duration;

/** Waits between polls of a deployed execution; tests pass one that does not sleep. */
@FunctionalInterface
public interface Sleeper {
    /** Really sleeps. */
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
