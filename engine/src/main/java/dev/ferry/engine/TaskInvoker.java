package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the work of a Task state for one kind of {@code Resource}. Register invokers with
 * {@link LocalEngine.Builder#invoker}; a Task whose resource has no invoker fails at load with
 * {@code unsupported: resource <arn>}. Invokers are called from several threads at once.
 */
@FunctionalInterface
public interface TaskInvoker {
    /**
     * Runs the task.
     *
     * @param resource  the Task's Resource, pseudo parameters already substituted
     * @param arguments the effective input: Parameters (JSONPath) or Arguments (JSONata) evaluated
     * @param context   the state, the execution and engine time (for waits that must not really sleep in tests)
     * @return the task's result (the state's {@code $states.result})
     * @throws TaskFailedException to fail the task with an error name and cause
     */
    JsonNode invoke(String resource, JsonNode arguments, TaskContext context) throws TaskFailedException;

    /**
     * Checks at load time that this invoker can run the Task; the default accepts everything.
     *
     * @param stateName the Task state's name
     * @param resource  its Resource
     * @param arguments its Parameters or Arguments as written (not evaluated), or null
     * @throws UnsupportedFeatureException naming what cannot run and how to fix it
     */
    default void checkSupported(String stateName, String resource, JsonNode arguments) {
    }
}
