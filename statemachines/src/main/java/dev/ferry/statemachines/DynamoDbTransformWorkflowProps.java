package dev.ferry.statemachines;

import java.util.Objects;

import software.amazon.awscdk.services.lambda.IFunction;

/**
 * Props of {@link DynamoDbTransformWorkflow}: the six handlers (pass the alias the state machine should invoke)
 * and the {@link WorkflowSettings} every workflow shares.
 */
public final class DynamoDbTransformWorkflowProps {

    private final IFunction validateFunction;
    private final IFunction planFunction;
    private final IFunction transformSegmentFunction;
    private final IFunction verifySegmentFunction;
    private final IFunction reportFunction;
    private final IFunction rollbackFunction;
    private final WorkflowSettings settings;

    private DynamoDbTransformWorkflowProps(Builder builder) {
        this.validateFunction = builder.validateFunction;
        this.planFunction = builder.planFunction;
        this.transformSegmentFunction = builder.transformSegmentFunction;
        this.verifySegmentFunction = builder.verifySegmentFunction;
        this.reportFunction = builder.reportFunction;
        this.rollbackFunction = builder.rollbackFunction;
        this.settings = builder.settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public IFunction getValidateFunction() {
        return validateFunction;
    }

    public IFunction getPlanFunction() {
        return planFunction;
    }

    public IFunction getTransformSegmentFunction() {
        return transformSegmentFunction;
    }

    public IFunction getVerifySegmentFunction() {
        return verifySegmentFunction;
    }

    /** Runs the Report state and, after a rollback, the ReportFailure state. */
    public IFunction getReportFunction() {
        return reportFunction;
    }

    public IFunction getRollbackFunction() {
        return rollbackFunction;
    }

    public WorkflowSettings getSettings() {
        return settings;
    }

    public static final class Builder {
        private IFunction validateFunction;
        private IFunction planFunction;
        private IFunction transformSegmentFunction;
        private IFunction verifySegmentFunction;
        private IFunction reportFunction;
        private IFunction rollbackFunction;
        private WorkflowSettings settings = WorkflowSettings.defaults();

        private Builder() {
        }

        /** {@code dev.ferry.dynamodb.transform.ValidateTransformHandler}. */
        public Builder validateFunction(IFunction function) {
            this.validateFunction = function;
            return this;
        }

        /** {@code dev.ferry.dynamodb.transform.PlanTransformHandler}. */
        public Builder planFunction(IFunction function) {
            this.planFunction = function;
            return this;
        }

        /** {@code dev.ferry.dynamodb.transform.TransformSegmentHandler}. */
        public Builder transformSegmentFunction(IFunction function) {
            this.transformSegmentFunction = function;
            return this;
        }

        /** {@code dev.ferry.dynamodb.transform.VerifyTransformHandler}. */
        public Builder verifySegmentFunction(IFunction function) {
            this.verifySegmentFunction = function;
            return this;
        }

        /** {@code dev.ferry.dynamodb.transform.ReportTransformHandler}. */
        public Builder reportFunction(IFunction function) {
            this.reportFunction = function;
            return this;
        }

        /** {@code dev.ferry.core.rollback.RollbackHandler} ({@link FerryWorkflow#ROLLBACK_HANDLER}). */
        public Builder rollbackFunction(IFunction function) {
            this.rollbackFunction = function;
            return this;
        }

        /** Map concurrency (both Distributed Maps) and logging (default {@link WorkflowSettings#defaults()}). */
        public Builder settings(WorkflowSettings settings) {
            this.settings = settings;
            return this;
        }

        /** @throws IllegalArgumentException naming the first missing or invalid prop, and how to fix it */
        public DynamoDbTransformWorkflowProps build() {
            require(validateFunction, "validateFunction", "ValidateTransformHandler");
            require(planFunction, "planFunction", "PlanTransformHandler");
            require(transformSegmentFunction, "transformSegmentFunction", "TransformSegmentHandler");
            require(verifySegmentFunction, "verifySegmentFunction", "VerifyTransformHandler");
            require(reportFunction, "reportFunction", "ReportTransformHandler");
            require(rollbackFunction, "rollbackFunction", "RollbackHandler");
            if (settings == null) {
                throw new IllegalArgumentException("DynamoDbTransformWorkflow: settings must not be null "
                        + "(omit them for WorkflowSettings.defaults())");
            }
            return new DynamoDbTransformWorkflowProps(this);
        }

        private static void require(IFunction function, String prop, String handler) {
            if (Objects.isNull(function)) {
                throw new IllegalArgumentException("DynamoDbTransformWorkflow: " + prop + " is required: pass the "
                        + "function (or its alias) that runs " + handler);
            }
        }
    }
}
