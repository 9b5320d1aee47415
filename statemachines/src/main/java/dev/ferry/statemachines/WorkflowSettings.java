package dev.ferry.statemachines;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What every workflow construct takes besides its own functions: the MaxConcurrency of its Distributed Maps
 * (a workflow without one ignores it) and where its execution logs go. One instance can serve every
 * workflow of a stack.
 */
public final class WorkflowSettings {

    /** Default MaxConcurrency of a workflow's Distributed Maps. */
    public static final int DEFAULT_MAP_CONCURRENCY = 10;
    /** Step Functions' ceiling for a Distributed Map's MaxConcurrency. */
    public static final int MAX_MAP_CONCURRENCY = 10_000;

    private static final WorkflowSettings DEFAULTS = builder().build();

    private final int mapConcurrency;
    private final ILogGroup logGroup;
    private final RetentionDays logRetention;

    private WorkflowSettings(Builder builder) {
        this.mapConcurrency = builder.mapConcurrency;
        this.logGroup = builder.logGroup;
        this.logRetention = builder.logRetention;
    }

    /** Map concurrency 10; each construct creates its own log group, kept one month. */
    public static WorkflowSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int getMapConcurrency() {
        return mapConcurrency;
    }

    /** The log group to use, or {@code null}: each construct creates one. */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /** Retention of the log group a construct creates ({@code null}: one month). */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    public static final class Builder {
        private int mapConcurrency = DEFAULT_MAP_CONCURRENCY;
        private ILogGroup logGroup;
        private RetentionDays logRetention;

        private Builder() {
        }

        /** MaxConcurrency of the workflows' Distributed Maps, 1..10,000 (default 10). */
        public Builder mapConcurrency(int mapConcurrency) {
            this.mapConcurrency = mapConcurrency;
            return this;
        }

        /** Log group for execution logs; leave unset to let each construct create one. */
        public Builder logGroup(ILogGroup logGroup) {
            this.logGroup = logGroup;
            return this;
        }

        /** Retention of the log group a construct creates (default one month). */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** @throws IllegalArgumentException naming the invalid setting, and how to fix it */
        public WorkflowSettings build() {
            if (mapConcurrency < 1 || mapConcurrency > MAX_MAP_CONCURRENCY) {
                throw new IllegalArgumentException("WorkflowSettings: mapConcurrency must be between 1 and "
                        + MAX_MAP_CONCURRENCY + " (Distributed Map limit), got " + mapConcurrency);
            }
            if (logGroup != null && logRetention != null) {
                throw new IllegalArgumentException("WorkflowSettings: logRetention applies only to the log group the "
                        + "construct creates; set the retention on the log group you pass in, or pass no logGroup");
            }
            return new WorkflowSettings(this);
        }
    }
}
