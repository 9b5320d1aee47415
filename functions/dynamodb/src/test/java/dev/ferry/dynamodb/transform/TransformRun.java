package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.WorkflowRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One dynamodb-transform execution: the real checked-in state machine through the engine, with the real handlers
 * built on the test's {@link Dependencies}. A hook runs after Plan (a place to sabotage); what the execution did
 * is kept for assertions.
 */
final class TransformRun {
    private static final WorkflowRunner TRANSFORM = WorkflowRunner.of(TransformValidator.WORKFLOW);
    private static final Pattern PROBLEM = Pattern.compile("^\\s*- (\\$[^:]*?(?: \\(execution name\\))?): (.*?) Fix: (.*)$");

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
            String text = result.cause();
            JsonNode json = text != null && text.startsWith("{") ? Json.parse(text) : null;
            return json != null && json.has("errorMessage") ? json.get("errorMessage").asText() : text;
        }

        /** The problems of a rejected input, parsed from its message's lines. */
        List<Problem> problems() {
            List<Problem> out = new ArrayList<>();
            for (String line : message().split("\n")) {
                Matcher m = PROBLEM.matcher(line);
                if (m.matches()) {
                    out.add(new Problem(m.group(1), m.group(2), m.group(3)));
                }
            }
            return out;
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
