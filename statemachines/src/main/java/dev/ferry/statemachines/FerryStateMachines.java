package dev.ferry.statemachines;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.QueryLanguage;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The one way a workflow construct builds its state machine: STANDARD, JSONata, X-Ray tracing, and execution
 * logging at level ALL (every state transition, so a failed run can be followed state by state) without
 * execution data (payloads hold run ids and counts, but inputs can name accounts and roles, and the rule is
 * that state content stays out of logs).
 */
public final class FerryStateMachines {

    /** Retention of a log group the construct creates itself. */
    static final RetentionDays DEFAULT_RETENTION = RetentionDays.ONE_MONTH;

    private FerryStateMachines() {
    }

    /** The settings' log group, or a new one (id {@code Logs}) under {@code scope} with the settings' retention. */
    public static ILogGroup logGroup(Construct scope, WorkflowSettings settings) {
        if (settings.getLogGroup() != null) {
            return settings.getLogGroup();
        }
        return LogGroup.Builder.create(scope, "Logs")
                .retention(settings.getLogRetention() != null ? settings.getLogRetention() : DEFAULT_RETENTION)
                .build();
    }

    /** The state machine (id {@code StateMachine}) under {@code scope}, starting at {@code definition}. */
    public static StateMachine create(Construct scope, String comment, IChainable definition, ILogGroup logGroup) {
        return StateMachine.Builder.create(scope, "StateMachine")
                .comment(comment)
                .queryLanguage(QueryLanguage.JSONATA)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromChainable(definition))
                .logs(logOptions(logGroup))
                .tracingEnabled(true)
                .build();
    }

    static LogOptions logOptions(ILogGroup logGroup) {
        return LogOptions.builder()
                .destination(logGroup)
                .level(LogLevel.ALL)
                .includeExecutionData(false)
                .build();
    }
}
