package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Follows an execution as it runs, for progress displays. Methods are called from the engine's
 * threads, several at once when Map iterations or Parallel branches run; implementations must be
 * thread-safe, quick and must not throw.
 *
 * <p>A {@code path} names a state where it runs: state names and iteration (or branch) indexes
 * joined by {@code /}, e.g. {@code CopyTables/3/CopySegment} for state CopySegment in iteration 3 of
 * the Map state CopyTables. A top-level state's path is its name.
 */
public interface ExecutionListener {
    /** Does nothing. */
    ExecutionListener NONE = new ExecutionListener() {
    };

    /** A state was entered (once per visit; retries are reported by {@link #retrying}). */
    default void stateEntered(String path, String type) {
    }

    /** A state finished and passed {@code output} on. */
    default void stateExited(String path, JsonNode output) {
    }

    /** A state failed and no Retry or Catch of its own handled the error. */
    default void stateFailed(String path, String error, String cause) {
    }

    /** A state failed with {@code error} and is retried (attempt 1 is the first retry) after {@code delay}. */
    default void retrying(String path, String error, int attempt, Duration delay) {
    }

    /** A Task's work returned a result. */
    default void taskSucceeded(String path, String resource, JsonNode result) {
    }

    /** A Task's work failed. */
    default void taskFailed(String path, String resource, String error, String cause) {
    }

    /** A Map state has finished {@code done} of its {@code total} iterations (child executions or batches). */
    default void mapProgress(String path, int done, int total) {
    }
}
