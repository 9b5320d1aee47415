package dev.ferry.statemachines;

import software.amazon.awscdk.services.lambda.IFunction;

/** Props of {@link RollbackWorkflow}: the rollback handler and the {@link WorkflowSettings} every workflow shares. */
public final class RollbackWorkflowProps {

    private final IFunction rollbackFunction;
    private final WorkflowSettings settings;

    private RollbackWorkflowProps(Builder builder) {
        this.rollbackFunction = builder.rollbackFunction;
        this.settings = builder.settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public IFunction getRollbackFunction() {
        return rollbackFunction;
    }

    public WorkflowSettings getSettings() {
        return settings;
    }

    public static final class Builder {
        private IFunction rollbackFunction;
        private WorkflowSettings settings = WorkflowSettings.defaults();

        private Builder() {
        }

        /** {@code dev.ferry.dynamodb.rollback.RollbackHandler} (or its alias). */
        public Builder rollbackFunction(IFunction rollbackFunction) {
            this.rollbackFunction = rollbackFunction;
            return this;
        }

        /** Logging (default {@link WorkflowSettings#defaults()}). */
        public Builder settings(WorkflowSettings settings) {
            this.settings = settings;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or invalid prop, and how to fix it */
        public RollbackWorkflowProps build() {
            if (rollbackFunction == null) {
                throw new IllegalArgumentException("RollbackWorkflow: rollbackFunction is required: pass the function "
                        + "(or its alias) that runs RollbackHandler");
            }
            if (settings == null) {
                throw new IllegalArgumentException("RollbackWorkflow: settings must not be null "
                        + "(omit them for WorkflowSettings.defaults())");
            }
            return new RollbackWorkflowProps(this);
        }
    }
}
