package dev.ferry.statemachines;

import java.util.Objects;

import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Props of {@link DynamoDbTableCopyWorkflow}: the six handlers (pass the alias the state machine should
 * invoke, e.g. {@code live}), the Distributed Map concurrency and where execution logs go.
 */
public final class DynamoDbTableCopyWorkflowProps {

    /** Default MaxConcurrency of the copy and verify Distributed Maps. */
    public static final int DEFAULT_MAP_CONCURRENCY = 10;
    /** Step Functions' ceiling for a Distributed Map's MaxConcurrency. */
    public static final int MAX_MAP_CONCURRENCY = 10_000;

    private final IFunction validateFunction;
    private final IFunction prepareFunction;
    private final IFunction copySegmentFunction;
    private final IFunction verifySegmentFunction;
    private final IFunction reportFunction;
    private final IFunction rollbackFunction;
    private final int mapConcurrency;
    private final ILogGroup logGroup;
    private final RetentionDays logRetention;

    private DynamoDbTableCopyWorkflowProps(Builder builder) {
        this.validateFunction = builder.validateFunction;
        this.prepareFunction = builder.prepareFunction;
        this.copySegmentFunction = builder.copySegmentFunction;
        this.verifySegmentFunction = builder.verifySegmentFunction;
        this.reportFunction = builder.reportFunction;
        this.rollbackFunction = builder.rollbackFunction;
        this.mapConcurrency = builder.mapConcurrency;
        this.logGroup = builder.logGroup;
        this.logRetention = builder.logRetention;
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

    public int getMapConcurrency() {
        return mapConcurrency;
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
        private IFunction validateFunction;
        private IFunction prepareFunction;
        private IFunction copySegmentFunction;
        private IFunction verifySegmentFunction;
        private IFunction reportFunction;
        private IFunction rollbackFunction;
        private int mapConcurrency = DEFAULT_MAP_CONCURRENCY;
        private ILogGroup logGroup;
        private RetentionDays logRetention;

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

        /** {@code dev.ferry.dynamodb.rollback.RollbackHandler}. */
        public Builder rollbackFunction(IFunction function) {
            this.rollbackFunction = function;
            return this;
        }

        /** MaxConcurrency of both Distributed Maps, 1..10,000 (default 10). */
        public Builder mapConcurrency(int mapConcurrency) {
            this.mapConcurrency = mapConcurrency;
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

        /** @throws IllegalArgumentException naming the first missing or invalid prop, and how to fix it */
        public DynamoDbTableCopyWorkflowProps build() {
            require(validateFunction, "validateFunction", "ValidateCopyHandler");
            require(prepareFunction, "prepareFunction", "PrepareCopyHandler");
            require(copySegmentFunction, "copySegmentFunction", "CopySegmentHandler");
            require(verifySegmentFunction, "verifySegmentFunction", "VerifySegmentHandler");
            require(reportFunction, "reportFunction", "ReportCopyHandler");
            require(rollbackFunction, "rollbackFunction", "RollbackHandler");
            if (mapConcurrency < 1 || mapConcurrency > MAX_MAP_CONCURRENCY) {
                throw new IllegalArgumentException("DynamoDbTableCopyWorkflow: mapConcurrency must be between 1 and "
                        + MAX_MAP_CONCURRENCY + " (Distributed Map limit), got " + mapConcurrency);
            }
            WorkflowLogging.checkLogProps("DynamoDbTableCopyWorkflow", logGroup, logRetention);
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
