package dev.ferry.statemachines;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awscdk.services.lambda.IFunction;

/**
 * Props of {@link RollbackWorkflow}: the FindRun handler, the Rollback function of every workflow whose runs it
 * rolls back, and the {@link WorkflowSettings} every workflow shares.
 */
public final class RollbackWorkflowProps {

    /** A workflow's Rollback function, and the construct id its Task state is named after. */
    public record Target(String constructId, IFunction function) {
    }

    private final IFunction findRunFunction;
    private final Map<String, Target> rollbackFunctions;
    private final WorkflowSettings settings;

    private RollbackWorkflowProps(Builder builder) {
        this.findRunFunction = builder.findRunFunction;
        this.rollbackFunctions = Collections.unmodifiableMap(new TreeMap<>(builder.rollbackFunctions));
        this.settings = builder.settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public IFunction getFindRunFunction() {
        return findRunFunction;
    }

    /** The Rollback functions by workflow name, sorted (the order of the Choice's branches). */
    public Map<String, Target> getRollbackFunctions() {
        return rollbackFunctions;
    }

    public WorkflowSettings getSettings() {
        return settings;
    }

    public static final class Builder {
        private IFunction findRunFunction;
        private final Map<String, Target> rollbackFunctions = new TreeMap<>();
        private WorkflowSettings settings = WorkflowSettings.defaults();

        private Builder() {
        }

        /** {@code dev.ferry.core.rollback.FindRunHandler} (or its alias): the run's workflow, from the ledger. */
        public Builder findRunFunction(IFunction function) {
            this.findRunFunction = function;
            return this;
        }

        /** The function (or its alias) running {@link FerryWorkflow#ROLLBACK_HANDLER} for {@code workflow}'s runs. */
        public Builder rollbackFunction(FerryWorkflow workflow, IFunction function) {
            if (function == null) {
                throw new IllegalArgumentException("RollbackWorkflow: the rollback function of " + workflow.name()
                        + " is null; pass the function (or its alias) that runs " + FerryWorkflow.ROLLBACK_HANDLER);
            }
            if (rollbackFunctions.putIfAbsent(workflow.name(), new Target(workflow.constructId(), function)) != null) {
                throw new IllegalArgumentException("RollbackWorkflow: two rollback functions for workflow "
                        + workflow.name() + "; give one per workflow");
            }
            return this;
        }

        /** Logging (default {@link WorkflowSettings#defaults()}). */
        public Builder settings(WorkflowSettings settings) {
            this.settings = settings;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or invalid prop, and how to fix it */
        public RollbackWorkflowProps build() {
            if (findRunFunction == null) {
                throw new IllegalArgumentException("RollbackWorkflow: findRunFunction is required: pass the function "
                        + "(or its alias) that runs FindRunHandler");
            }
            if (settings == null) {
                throw new IllegalArgumentException("RollbackWorkflow: settings must not be null "
                        + "(omit them for WorkflowSettings.defaults())");
            }
            return new RollbackWorkflowProps(this);
        }
    }
}
