package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link TaskInvoker} knows about the Task it runs: the state, the execution, engine time and
 * the deadline set by TimeoutSeconds.
 */
public final class TaskContext {
    private final StateRun run;
    private final String resource;
    private final Instant deadline;

    TaskContext(StateRun run, String resource, Instant deadline) {
        this.run = run;
        this.resource = resource;
        this.deadline = deadline;
    }

    public String stateName() {
        return run.state().name();
    }

    public String resource() {
        return resource;
    }

    public String executionName() {
        return run.execution().name();
    }

    public String executionArn() {
        return run.execution().arn();
    }

    /** How many times this state has been retried before this attempt ({@code $$.State.RetryCount}). */
    public int retryCount() {
        return run.retryCount();
    }

    /** The context object of this attempt ({@code $$} / {@code $states.context}). */
    public JsonNode contextObject() {
        return run.context();
    }

    /** The partition, region and account the run pretends to be in. */
    public AwsEnvironment aws() {
        return run.services().aws();
    }

    /** Engine time: the wall clock, moved ahead by every wait the engine skipped (see {@link LocalEngine.Builder#timeScale}). */
    public Instant now() {
        return run.services().clock().now();
    }

    /** When the task times out with {@code States.Timeout}, if the state sets TimeoutSeconds. */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /**
     * Waits in engine time, as the task's own work would: scaled by the engine's time scale, so
     * tests do not really sleep. A wait past the state's deadline ends at the deadline and fails
     * the task with {@code States.Timeout}; let that exception propagate.
     */
    public void sleep(Duration duration) {
        EngineClock clock = run.services().clock();
        if (deadline != null && clock.now().plus(duration).isAfter(deadline)) {
            clock.sleep(Duration.between(clock.now(), deadline), run.cancellation());
            throw new TaskTimeout();
        }
        clock.sleep(duration, run.cancellation());
    }

    /** Thrown by {@link #sleep} when the task's deadline passes. */
    static final class TaskTimeout extends RuntimeException {
        TaskTimeout() {
            super("the task's TimeoutSeconds passed", null, false, false);
        }
    }
}
