package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One execution: its identity (as the context object shows it), its transition count, deadline and
 * cancellation. A Distributed Map child execution is an execution of its own.
 */
final class ExecutionRun {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final EngineServices services;
    private final String name;
    private final String arn;
    private final String stateMachineName;
    private final String stateMachineArn;
    private final JsonNode input;
    private final Instant startTime;
    private final Instant deadline;
    private final AtomicLong transitions;
    private final Cancellation cancellation;

    private ExecutionRun(EngineServices services, String name, String arn, String stateMachineName, String stateMachineArn,
                         JsonNode input, Instant deadline, AtomicLong transitions, Cancellation cancellation) {
        this.services = services;
        this.name = name;
        this.arn = arn;
        this.stateMachineName = stateMachineName;
        this.stateMachineArn = stateMachineArn;
        this.input = input;
        this.startTime = services.clock().now();
        this.deadline = deadline;
        this.transitions = transitions;
        this.cancellation = cancellation;
    }

    static ExecutionRun start(EngineServices services, ExecutionOptions options, JsonNode input, Integer timeoutSeconds) {
        AwsEnvironment aws = services.aws();
        Instant deadline = timeoutSeconds == null ? null : services.clock().now().plusSeconds(timeoutSeconds);
        return new ExecutionRun(services, options.executionName(),
                aws.arn("states", "execution:" + options.stateMachineName() + ":" + options.executionName()),
                options.stateMachineName(), aws.arn("states", "stateMachine:" + options.stateMachineName()),
                input, deadline, new AtomicLong(), Cancellation.root());
    }

    /**
     * A child execution of a Distributed Map: STANDARD children add their transitions to this
     * execution's count; EXPRESS children are billed by duration, so theirs are not counted.
     */
    ExecutionRun child(String label, JsonNode childInput, boolean express, Cancellation group) {
        String childName = UUID.randomUUID().toString();
        String machine = stateMachineName + "/" + label;
        AwsEnvironment aws = services.aws();
        String childArn = express
                ? aws.arn("states", "express:" + machine + ":" + childName + ":" + UUID.randomUUID())
                : aws.arn("states", "execution:" + machine + ":" + childName);
        return new ExecutionRun(services, childName, childArn, machine, aws.arn("states", "stateMachine:" + machine),
                childInput, deadline, express ? new AtomicLong() : transitions, group);
    }

    /** Counts a state transition; fails the execution when its TimeoutSeconds has passed. */
    void enterState() {
        transitions.incrementAndGet();
        checkDeadline();
    }

    void checkDeadline() {
        if (deadline != null && services.clock().now().isAfter(deadline)) {
            throw new TimedOut();
        }
    }

    /** Waits in engine time, but never past the execution's deadline. */
    void sleep(Duration duration, Cancellation group) {
        Instant now = services.clock().now();
        if (deadline != null && now.plus(duration).isAfter(deadline)) {
            services.clock().sleep(Duration.between(now, deadline), group);
            throw new TimedOut();
        }
        services.clock().sleep(duration, group);
    }

    EngineServices services() {
        return services;
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    String stateMachineName() {
        return stateMachineName;
    }

    String stateMachineArn() {
        return stateMachineArn;
    }

    JsonNode input() {
        return input;
    }

    Instant startTime() {
        return startTime;
    }

    long transitions() {
        return transitions.get();
    }

    Cancellation cancellation() {
        return cancellation;
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** The execution's TimeoutSeconds passed: it ends TIMED_OUT, whatever Catch the states have. */
    static final class TimedOut extends RuntimeException {
        TimedOut() {
            super("the execution's TimeoutSeconds passed", null, false, false);
        }
    }
}
