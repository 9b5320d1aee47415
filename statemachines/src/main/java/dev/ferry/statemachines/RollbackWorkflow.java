package dev.ferry.statemachines;

import static dev.ferry.statemachines.Jsonata.object;

import java.util.Objects;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.FailJsonataProps;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The {@code rollback} workflow: undo, on an operator's request, what a past run created. Input
 * {@code {"runId": "..."}}; output the rollback handler's {@code {"runId", "undone", "kept"}}.
 *
 * <p>A run's resources may be of types only its own workflow's module can undo, so the run goes to the
 * {@code Rollback} function of the workflow that made it: {@code FindRun} looks the run up in the ledger
 * ({@code {"runId", "workflow"}}; an unknown run id fails it, with nothing rolled back), then one branch per
 * workflow that has a Rollback function invokes it with {@code {"runId", "onDemand": true}}.
 *
 * <pre>
 * FindRun -> WhichWorkflow --workflow = "dynamodb-table-copy"--> RollbackDynamoDbTableCopy -> Done
 *                          \--(one branch per workflow with a Rollback handler)
 *                          \--otherwise--> NoRollback (Fail)
 * </pre>
 */
public class RollbackWorkflow extends Construct {

    /** The workflow's name: {@code statemachines/asl/<WORKFLOW>.asl.json}, {@code events/<WORKFLOW>.json}. */
    public static final String WORKFLOW = "rollback";

    public static final String FIND_RUN = "FindRun";
    public static final String WHICH_WORKFLOW = "WhichWorkflow";
    public static final String NO_ROLLBACK = "NoRollback";
    public static final String DONE = "Done";

    private final StateMachine stateMachine;
    private final ILogGroup logGroup;

    public RollbackWorkflow(Construct scope, String id, RollbackWorkflowProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "RollbackWorkflow: props are required (RollbackWorkflowProps.builder())");

        // FindRun checks the whole input against events/schemas/rollback.schema.json (unknown fields rejected)
        LambdaInvoke findRun = FerryTasks.invoke(this, FIND_RUN, props.getFindRunFunction(),
                object("input", "{% $states.input %}"),
                "{% $states.result.Payload %}",
                null);

        Fail noRollback = Fail.jsonata(this, NO_ROLLBACK, FailJsonataProps.builder()
                .error(FerryErrors.NO_ROLLBACK)
                .cause("{% \"Run \" & $states.input.runId & \" was made by workflow '\" & $states.input.workflow "
                        + "& \"', which has no Rollback function in this stack (this rollback workflow dispatches to "
                        + props.getRollbackFunctions().keySet() + "): deploy the stack that runs that workflow and start "
                        + "its rollback workflow, or undo what the run ledger lists by hand\" %}")
                .build());

        IChainable afterFindRun = noRollback;
        if (!props.getRollbackFunctions().isEmpty()) {
            Choice whichWorkflow = Choice.jsonata(this, WHICH_WORKFLOW);
            Succeed done = new Succeed(this, DONE);
            props.getRollbackFunctions().forEach((workflow, target) -> {
                LambdaInvoke rollback = FerryTasks.invoke(this, stateName(target), target.function(),
                        object("runId", "{% $states.input.runId %}", "onDemand", true,
                                "externalIds", "{% $states.input.externalIds %}"),
                        "{% $states.result.Payload %}",
                        null);
                rollback.next(done);
                whichWorkflow.when(Condition.jsonata("{% $states.input.workflow = \"" + workflow + "\" %}"), rollback);
            });
            afterFindRun = whichWorkflow.otherwise(noRollback);
        }

        this.logGroup = FerryStateMachines.logGroup(this, props.getSettings());
        this.stateMachine = FerryStateMachines.create(this, "Ferry " + WORKFLOW + ": undo what a past run created, "
                + "from the run ledger, with the Rollback function of the workflow that made the run",
                findRun.next(afterFindRun), logGroup);
    }

    /** The Task that rolls back a run of one workflow: {@code Rollback<constructId>}, e.g. RollbackDynamoDbTableCopy. */
    public static String stateName(RollbackWorkflowProps.Target target) {
        return FerryWorkflow.ROLLBACK + target.constructId();
    }

    public StateMachine getStateMachine() {
        return stateMachine;
    }

    /** Where execution logs go (the one passed in, or the one this construct created). */
    public ILogGroup getLogGroup() {
        return logGroup;
    }
}
