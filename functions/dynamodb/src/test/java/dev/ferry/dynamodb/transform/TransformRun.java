package dev.ferry.dynamodb.transform;

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
 * One dynamodb-transform execution: the real checked-in state machine through the engine, with the real handlers
 * built on the test's {@link Dependencies}. A hook runs after Plan (a place to sabotage); what the execution did
 * is kept for assertions.
 */
final class TransformRun {
    private static final WorkflowRunner TRANSFORM = WorkflowRunner.of(TransformValidator.WORKFLOW);

    private final Dependencies deps;
    /** Runs when Plan has finished, before any transform. */
    Runnable afterPlan = () -> { };
    /** Runs when a TransformSegment invocation has finished. */
    Runnable afterSegmentInvocation = () -> { };

    TransformRun(Dependencies deps) {
        this.deps = deps;
    }

    /** How the execution ended, and what happened on the way. */
    record Outcome(ExecutionResult result, List<String> visited, JsonNode rollback, int segmentInvocations) {
        boolean succeeded() {
            return result.succeeded();
        }

        JsonNode output() {
            return result.output();
        }

        String error() {
            return result.error();
        }

        /** The error message: the handler's message, from a Lambda-style cause or as the state machine handed it on. */
        String message() {
            return ErrorCauses.readable(result.cause());
        }

        /** The problems of a rejected input, parsed from its message's lines. */
        List<Problem> problems() {
            return RejectedInput.problems(message());
        }
    }

    Outcome run(JsonNode input, String executionName) {
        List<String> visited = new CopyOnWriteArrayList<>();
        AtomicInteger segments = new AtomicInteger();
        JsonNode[] rollback = new JsonNode[1];
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void stateEntered(String path, String type) {
                visited.add(path);
                if (path.endsWith("TransformSegment")) {
                    segments.incrementAndGet();
                }
            }

            @Override
            public void stateExited(String path, JsonNode output) {
                if (path.equals("Plan")) {
                    afterPlan.run();
                }
                if (path.endsWith("TransformSegment")) {
                    afterSegmentInvocation.run();
                }
                if (path.equals("Rollback")) {
                    rollback[0] = output.get("rollback");
                }
            }
        };
        ExecutionResult result = TRANSFORM.run(input, executionName, WorkflowRunner.constructorWith(Dependencies.class, deps), listener);
        return new Outcome(result, List.copyOf(visited), rollback[0], segments.get());
    }
}
