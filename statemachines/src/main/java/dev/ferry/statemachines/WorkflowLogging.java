package dev.ferry.statemachines;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.constructs.Construct;

/**
 * Execution logging shared by every workflow: level ALL (every state transition, so a failed run can be
 * followed state by state), without execution data (payloads hold run ids and counts, but inputs can
 * name accounts and roles, and the rule is that state content stays out of logs).
 */
final class WorkflowLogging {

    /** Retention of a log group the construct creates itself. */
    static final RetentionDays DEFAULT_RETENTION = RetentionDays.ONE_MONTH;

    private WorkflowLogging() {
    }

    /** The given log group, or a new one (id {@code Logs}) under {@code scope} with {@code retention}. */
    static ILogGroup logGroup(Construct scope, ILogGroup given, RetentionDays retention) {
        if (given != null) {
            return given;
        }
        return LogGroup.Builder.create(scope, "Logs")
                .retention(retention != null ? retention : DEFAULT_RETENTION)
                .build();
    }

    static LogOptions logOptions(ILogGroup logGroup) {
        return LogOptions.builder()
                .destination(logGroup)
                .level(LogLevel.ALL)
                .includeExecutionData(false)
                .build();
    }

    /** Shared validation: a log group is either passed in, or created with a retention, not both. */
    static void checkLogProps(String construct, ILogGroup logGroup, RetentionDays logRetention) {
        if (logGroup != null && logRetention != null) {
            throw new IllegalArgumentException(construct + ": logRetention applies only to the log group the construct "
                    + "creates; set the retention on the log group you pass in, or pass no logGroup");
        }
    }
}
