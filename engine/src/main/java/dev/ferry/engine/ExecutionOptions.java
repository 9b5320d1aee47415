package dev.ferry.engine;

import java.util.Objects;
import java.util.UUID;

/**
 * Names for one execution, as they appear in the context object and ARNs.
 *
 * @param stateMachineName {@code $$.StateMachine.Name}
 * @param executionName    {@code $$.Execution.Name}
 */
public record ExecutionOptions(String stateMachineName, String executionName) {
    public ExecutionOptions {
        Objects.requireNonNull(stateMachineName, "stateMachineName");
        Objects.requireNonNull(executionName, "executionName");
    }

    /** State machine "local" and a random execution name. */
    public static ExecutionOptions defaults() {
        return new ExecutionOptions("local", UUID.randomUUID().toString());
    }
}
