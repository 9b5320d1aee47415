package dev.ferry.dynamodb.copy;

import dev.ferry.core.errors.ErrorCauses;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.Problem;
import dev.ferry.dynamodb.RejectedInput;
import dev.ferry.core.json.Json;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.WorkflowRunner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One dynamodb-table-copy execution: the real checked-in state machine through the engine, with the
 * real handlers built on the test's {@link Dependencies}. Hooks run at the points a test sabotages
 * (after Prepare, before verification); what the execution did is kept for assertions.
 */
final class CopyRun {
    private static final WorkflowRunner COPY = WorkflowRunner.of(CopyValidator.WORKFLOW);

    private final Dependencies deps;
    /** Runs when Prepare has finished, before any copy: a place to inject a failure. */
    Runnable afterPrepare = () -> { };
    /**
     * Runs once, when the first segment starts verifying (with one segment: after the whole copy, before
     * any verification).
     */
    Runnable beforeVerify = () -> { };

    CopyRun(Dependencies deps) {
        this.deps = deps;
    }

    /** How the execution ended, and what happened on the way. */
    record Outcome(ExecutionResult result, List<String> visited, JsonNode rollback, int copyInvocations) {
        boolean succeeded() {
            return result.succeeded();
        }

        JsonNode output() {
            return result.output();
        }

        /** The error name (the exception's class name where a handler threw it). */
        String error() {
            return result.error();
        }

        /** The error message: the handler's message, from a Lambda-style cause or as the state machine handed it on. */
        String message() {
            return ErrorCauses.readable(result.cause());
        }

        /** The problems of a rejected input, parsed from its message's lines ({@code - $.path: message Fix: fix}). */
        List<Problem> problems() {
            return RejectedInput.problems(message());
        }
    }

    Outcome run(String inputJson, String executionName) {
        List<String> visited = new CopyOnWriteArrayList<>();
        AtomicInteger copies = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean verifying = new java.util.concurrent.atomic.AtomicBoolean();
        JsonNode[] rollback = new JsonNode[1];
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void stateEntered(String path, String type) {
                visited.add(path);
                if (path.endsWith("CopySegment")) {
                    copies.incrementAndGet();
                }
                if (path.endsWith("VerifySegment") && verifying.compareAndSet(false, true)) {
                    beforeVerify.run();
                }
            }

            @Override
            public void stateExited(String path, JsonNode output) {
                if (path.equals("Prepare")) {
                    afterPrepare.run();
                }
                if (path.equals("Rollback")) {
                    rollback[0] = output.get("rollback");
                }
            }
        };
        ExecutionResult result = COPY.run(Json.parse(inputJson), executionName,
                WorkflowRunner.constructorWith(Dependencies.class, deps), listener);
        return new Outcome(result, List.copyOf(visited), rollback[0], copies.get());
    }
}
