package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engine behaviour a conformance case cannot show: listener events, retry delays, concurrency, identities. */
class LocalEngineTest {
    /** Records listener events as strings. */
    private static final class Recorder implements ExecutionListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<Duration> delays = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stateEntered(String path, String type) {
            events.add("entered " + path);
        }

        @Override
        public void retrying(String path, String error, int attempt, Duration delay) {
            delays.add(delay);
        }

        @Override
        public void mapProgress(String path, int done, int total) {
            events.add("progress " + path + " " + done + "/" + total);
        }

        @Override
        public void taskFailed(String path, String resource, String error, String cause) {
            events.add("task failed " + path + " " + error);
        }
    }

    private static LocalEngine.Builder engine(ExecutionListener listener) {
        return new FakeTasks().register(LocalEngine.builder()).listener(listener).timeScale(0)
                .clock(Clock.fixed(ConformanceTest.START, ZoneOffset.UTC)).aws(ConformanceTest.AWS);
    }

    private static ExecutionResult run(LocalEngine.Builder builder, String definition, String input) {
        try (LocalEngine engine = builder.build()) {
            return engine.execute(StateMachineDefinition.load(Json.parse(definition), ConformanceTest.AWS), Json.parse(input),
                    new ExecutionOptions("Machine", "run-1"));
        }
    }

    @Test
    void execute_whenRetrying_delaysFollowTheSpecificationExample() {
        Recorder recorder = new Recorder();
        String definition = """
                {"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "arn:ferry:test:::script", "End": true,
                  "Parameters": {"key": "x", "errors": ["ErrorA", "ErrorB", "ErrorC", "ErrorB", "ErrorB"]},
                  "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
                            {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}]}}}""";

        ExecutionResult result = run(engine(recorder), definition, "{}");

        // the 4th error (ErrorB) finds its retrier at MaxAttempts 2 already: no more retries
        assertThat(recorder.delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(result.error()).isEqualTo("ErrorB");
    }

    @Test
    void execute_whenFullJitter_eachDelayIsAtMostTheBackoff() {
        Recorder recorder = new Recorder();
        String definition = """
                {"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "arn:ferry:test:::flaky", "End": true,
                  "Parameters": {"key": "x", "failures": 6},
                  "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 6, "JitterStrategy": "FULL", "MaxDelaySeconds": 50}]}}}""";

        ExecutionResult result = run(engine(recorder), definition, "{}");

        assertThat(result.succeeded()).isTrue();
        assertThat(recorder.delays).hasSize(6);
        long[] caps = {10, 20, 40, 50, 50, 50};
        for (int i = 0; i < caps.length; i++) {
            assertThat(recorder.delays.get(i)).isBetween(Duration.ZERO, Duration.ofSeconds(caps[i]));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void execute_whenMapsAndParallelsNestOnOneThread_noDeadlock() {
        String definition = """
                {"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "Inner", "States": {"Inner": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "Leaf", "States": {"Leaf": {"Type": "Pass", "End": true}}}}}},
                    {"StartAt": "Side", "States": {"Side": {"Type": "Pass", "Result": "side", "End": true}}}]}}}}}}""";

        ExecutionResult result = run(engine(ExecutionListener.NONE).threads(1), definition,
                "[{\"items\": [1, 2, 3]}, {\"items\": [4]}, {\"items\": []}, {\"items\": [5, 6]}]");

        assertThat(result.output()).isEqualTo(Json.parse("[[[1, 2, 3], \"side\"], [[4], \"side\"], [[], \"side\"], [[5, 6], \"side\"]]"));
    }

    @Test
    void execute_whenMapRuns_listenerSeesPathsAndProgress() {
        Recorder recorder = new Recorder();
        String definition = """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1, "End": true,
                  "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}}}}""";

        run(engine(recorder), definition, "[1, 2]");

        assertThat(recorder.events).containsExactly("entered Each", "progress Each 0/2", "entered Each/0/Work", "progress Each 1/2",
                "entered Each/1/Work", "progress Each 2/2");
    }

    @Test
    void execute_whenABranchFails_theOtherBranchStopsBeforeItsNextState() {
        Recorder recorder = new Recorder();
        String definition = """
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Broken", "States": {"Broken": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose"}}},
                  {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 3600, "Next": "AfterWait"},
                                                 "AfterWait": {"Type": "Succeed"}}}]}}}""";

        ExecutionResult result = run(engine(recorder).timeScale(1), definition, "{}");

        assertThat(result.error()).isEqualTo("Broken");
        assertThat(recorder.events).doesNotContain("entered Both/1/AfterWait");
    }

    @Test
    void execute_whenTimeScaleIsZero_engineTimeMovesOnWithoutSleeping() {
        String definition = "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\", \"Seconds\": 86400, \"End\": true}}}";

        ExecutionResult result = run(engine(ExecutionListener.NONE), definition, "{}");

        assertThat(result.duration()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void execute_whenDistributedChildrenRun_eachIsAnExecutionOfItsOwn() {
        String definition = """
                {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "End": true, "Label": "Seg",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Who",
                    "States": {"Who": {"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name", "id.$": "$$.Execution.Id",
                      "machine.$": "$$.StateMachine.Name", "input.$": "$$.Execution.Input"}, "End": true}}}}}}""";

        JsonNode output = run(engine(ExecutionListener.NONE), definition, "[\"a\", \"b\"]").output();

        Set<String> names = new HashSet<>();
        output.forEach(child -> names.add(child.get("name").asText()));
        assertThat(names).hasSize(2);
        assertThat(output.get(0).get("id").asText()).startsWith("arn:aws:states:us-east-1:123456789012:express:Machine/Seg:");
        assertThat(output.get(0).get("machine").asText()).isEqualTo("Machine/Seg");
        assertThat(output.get(1).get("input").asText()).isEqualTo("b");
    }

    @Test
    void execute_whenInvokerThrowsUnexpectedly_taskFailsWithStatesTaskFailed() {
        Recorder recorder = new Recorder();
        LocalEngine.Builder builder = engine(recorder).invoker("arn:ferry:test:::bug", (resource, args, ctx) -> {
            throw new IllegalStateException("bug in invoker");
        });
        String definition = "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"arn:ferry:test:::bug\", \"End\": true}}}";

        ExecutionResult result = run(builder, definition, "{}");

        assertThat(result.error()).isEqualTo("States.TaskFailed");
        assertThat(result.cause()).contains("java.lang.IllegalStateException: bug in invoker");
        assertThat(recorder.events).contains("task failed T States.TaskFailed");
    }

    @Test
    void execute_whenBranchFailsWithoutAnErrorName_statesAllCatchesIt() {
        String definition = """
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true,
                  "Branches": [{"StartAt": "Quiet", "States": {"Quiet": {"Type": "Fail"}}}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
                  "Caught": {"Type": "Pass", "Result": "caught", "End": true}}}""";

        ExecutionResult result = run(engine(ExecutionListener.NONE), definition, "{}");

        assertThat(result.output()).isEqualTo(Json.parse("\"caught\""));
    }

    @Test
    void execute_whenInputIsNull_startsWithAnEmptyObject() {
        try (LocalEngine engine = engine(ExecutionListener.NONE).build()) {
            ExecutionResult result = engine.execute(StateMachineDefinition.load(
                    "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}"), null);

            assertThat(result.output()).isEqualTo(Json.object());
            assertThat(result.executionArn()).startsWith("arn:aws:states:us-east-1:123456789012:execution:local:");
        }
    }

    @Test
    void execute_whenResourceHasNoInvoker_unsupportedBeforeAnythingRuns() {
        Recorder recorder = new Recorder();
        String definition = """
                {"StartAt": "First", "States": {"First": {"Type": "Pass", "Next": "Put"},
                  "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": true}}}""";

        assertThatThrownBy(() -> run(engine(recorder), definition, "{}"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unsupported: resource arn:aws:states:::dynamodb:putItem in state 'Put'");
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void execute_whenAMapIterationDiesWithAnError_failsInsteadOfReturningNulls() {
        String definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": "arn:ferry:test:::dies", "End": true}}}}}}""";
        LocalEngine.Builder builder = engine(ExecutionListener.NONE).invoker("arn:ferry:test:::dies", (resource, args, ctx) -> {
            throw new AssertionError("the JVM gave up (stands in for an OutOfMemoryError)");
        });

        assertThatThrownBy(() -> run(builder, definition, "{\"items\": [1, 2, 3]}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the JVM gave up");
    }
}
