package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.WorkflowRunner;

/** The rollback workflow, as an operator starts it: its real ASL (FindRun, then the transform's own Rollback). */
final class Rollbacks {
    private static final WorkflowRunner ROLLBACK = WorkflowRunner.of("rollback");

    private Rollbacks() {
    }

    /** Rolls {@code runId} back on demand; the rollback's output ({"undone", "kept"}). */
    static JsonNode onDemand(Dependencies deps, String runId) {
        ExecutionResult result = ROLLBACK.run(Json.object().put("runId", runId), "undo-" + runId + "-" + System.nanoTime(),
                WorkflowRunner.constructorWith(Dependencies.class, deps));
        if (!result.succeeded()) {
            throw new AssertionError("the rollback of " + runId + " failed: " + result.error() + ": " + result.cause());
        }
        return result.output();
    }
}
