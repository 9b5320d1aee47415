package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionResult;

/** Runs a shipped workflow through the local engine with the real handlers, for demo and bench. */
final class WorkflowExecutor {
    private WorkflowExecutor() {
    }

    static ExecutionResult execute(String workflow, JsonNode input, String executionName, ExecutionListener listener,
                                   Dependencies deps) {
        WorkflowResources.Workflow loaded = WorkflowResources.load(workflow);
        return LocalRunner.execute(loaded.name(), loaded.definition(), loaded.functions(), input, executionName, listener, deps);
    }
}
