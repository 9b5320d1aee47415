package dev.ferry.statemachines;

import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Props of {@link RollbackWorkflow}: the rollback handler and where execution logs go. */
public final class RollbackWorkflowProps {

    private final IFunction rollbackFunction;
    private final ILogGroup logGroup;
    private final RetentionDays logRetention;

    private RollbackWorkflowProps(Builder builder) {
        this.rollbackFunction = builder.rollbackFunction;
        this.logGroup = builder.logGroup;
        this.logRetention = builder.logRetention;
    }

    public static Builder builder() {
        return new Builder();
    }

    public IFunction getRollbackFunction() {
        return rollbackFunction;
    }

    /** The log group to use, or {@code null}: the construct creates one. */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /** Retention of the log group the construct creates ({@code null}: one month). */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    public static final class Builder {
        private IFunction rollbackFunction;
        private ILogGroup logGroup;
        private RetentionDays logRetention;

        private Builder() {
        }

        /** {@code dev.ferry.dynamodb.rollback.RollbackHandler} (or its alias). */
        public Builder rollbackFunction(IFunction rollbackFunction) {
            this.rollbackFunction = rollbackFunction;
            return this;
        }

        /** Log group for execution logs; leave unset to let the construct create one. */
        public Builder logGroup(ILogGroup logGroup) {
            this.logGroup = logGroup;
            return this;
        }

        /** Retention of the log group the construct creates (default one month). */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or invalid prop, and how to fix it */
        public RollbackWorkflowProps build() {
            if (rollbackFunction == null) {
                throw new IllegalArgumentException("RollbackWorkflow: rollbackFunction is required: pass the function "
                        + "(or its alias) that runs RollbackHandler");
            }
            WorkflowLogging.checkLogProps("RollbackWorkflow", logGroup, logRetention);
            return new RollbackWorkflowProps(this);
        }
    }
}
