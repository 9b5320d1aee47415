package dev.ferry.statemachines;

import java.util.Objects;

import software.amazon.awscdk.services.lambda.IFunction;

/**
 * Props of {@link DynamoDbTableCopyWorkflow}: the six handlers (pass the alias the state machine should
 * invoke, e.g. {@code live}) and the {@link WorkflowSettings} every workflow shares (the Distributed Maps'
 * concurrency, where execution logs go).
 */
public final class DynamoDbTableCopyWorkflowProps {

    private final IFunction validateFunction;
    private final IFunction prepareFunction;
    private final IFunction copySegmentFunction;
    private final IFunction verifySegmentFunction;
    private final IFunction reportFunction;
    private final IFunction rollbackFunction;
    private final WorkflowSettings settings;

    private DynamoDbTableCopyWorkflowProps(Builder builder) {
        this.validateFunction = builder.validateFunction;
        this.prepareFunction = builder.prepareFunction;
        this.copySegmentFunction = builder.copySegmentFunction;
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

    public IFunction getPrepareFunction() {
        return prepareFunction;
    }

    public IFunction getCopySegmentFunction() {
        return copySegmentFunction;
    }

    public IFunction getVerifySegmentFunction() {
        return verifySegmentFunction;
    }

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
        private IFunction prepareFunction;
        private IFunction copySegmentFunction;
        private IFunction verifySegmentFunction;
        private IFunction reportFunction;
        private IFunction rollbackFunction;
        private WorkflowSettings settings = WorkflowSettings.defaults();

        private Builder() {
        }

        /** {@code dev.ferry.dynamodb.copy.ValidateCopyHandler}. */
        public Builder validateFunction(IFunction function) {
            this.validateFunction = function;
            return this;
        }

        /** {@code dev.ferry.dynamodb.copy.PrepareCopyHandler}. */
        public Builder prepareFunction(IFunction function) {
            this.prepareFunction = function;
            return this;
        }

        /** {@code dev.ferry.dynamodb.copy.CopySegmentHandler}. */
        public Builder copySegmentFunction(IFunction function) {
            this.copySegmentFunction = function;
            return this;
        }

        /** {@code dev.ferry.dynamodb.copy.VerifySegmentHandler}. */
        public Builder verifySegmentFunction(IFunction function) {
            this.verifySegmentFunction = function;
            return this;
        }

        /** {@code dev.ferry.dynamodb.copy.ReportCopyHandler}. */
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
        public DynamoDbTableCopyWorkflowProps build() {
            require(validateFunction, "validateFunction", "ValidateCopyHandler");
            require(prepareFunction, "prepareFunction", "PrepareCopyHandler");
            require(copySegmentFunction, "copySegmentFunction", "CopySegmentHandler");
            require(verifySegmentFunction, "verifySegmentFunction", "VerifySegmentHandler");
            require(reportFunction, "reportFunction", "ReportCopyHandler");
            require(rollbackFunction, "rollbackFunction", "RollbackHandler");
            if (settings == null) {
                throw new IllegalArgumentException("DynamoDbTableCopyWorkflow: settings must not be null "
                        + "(omit them for WorkflowSettings.defaults())");
            }
            return new DynamoDbTableCopyWorkflowProps(this);
        }

        private static void require(IFunction function, String prop, String handler) {
            if (Objects.isNull(function)) {
                throw new IllegalArgumentException("DynamoDbTableCopyWorkflow: " + prop + " is required: pass the "
                        + "function (or its alias) that runs " + handler);
            }
        }
    }
}
