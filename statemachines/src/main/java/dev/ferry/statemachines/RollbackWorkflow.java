package dev.ferry.statemachines;

import java.util.Objects;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The {@code rollback} workflow: undo, on an operator's request, what a past run created.
 * Input {@code {"runId": "..."}}; output the rollback handler's {@code {"runId", "undone", "kept"}}.
 *
 * <pre>
 * Rollback -> Done
 * </pre>
 */
public class RollbackWorkflow extends Construct {

    /** The workflow's name: {@code statemachines/asl/<WORKFLOW>.asl.json}, {@code events/<WORKFLOW>.json}. */
    public static final String WORKFLOW = "rollback";

    public static final String ROLLBACK = RollbackBranch.ROLLBACK;
    public static final String DONE = "Done";

    private final StateMachine stateMachine;
    private final ILogGroup logGroup;

    public RollbackWorkflow(Construct scope, String id, RollbackWorkflowProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "RollbackWorkflow: props are required (RollbackWorkflowProps.builder())");

        LambdaInvoke rollback = FerryTasks.invoke(this, ROLLBACK, props.getRollbackFunction(),
                "{% {\"runId\": $states.input.runId, \"error\": \"" + FerryErrors.ROLLBACK_REQUESTED + "\", "
                        + "\"cause\": \"rollback requested by an operator\"} %}",
                "{% $states.result.Payload %}",
                null);

        this.logGroup = FerryStateMachines.logGroup(this, props.getSettings());
        this.stateMachine = FerryStateMachines.create(this, "Ferry " + WORKFLOW + ": undo what a past run created, "
                + "from the run ledger", rollback.next(new Succeed(this, DONE)), logGroup);
    }

    public StateMachine getStateMachine() {
        return stateMachine;
    }

    /** Where execution logs go (the one passed in, or the one this construct created). */
    public ILogGroup getLogGroup() {
        return logGroup;
    }
}
