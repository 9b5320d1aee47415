package dev.ferry.statemachines;

import static dev.ferry.statemachines.Jsonata.object;

import java.util.List;
import java.util.Objects;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.SucceedJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The {@code dynamodb-transform} workflow: Validate (the input, the expressions, a sample of real items), Plan
 * (the run, on-demand backups, units of work), transform every unit in a Distributed Map, verify every unit in
 * another (not in a dry run), Report; any failure after Validate goes to Rollback, which restores the run's
 * pre-images and removes the records it emitted, then ReportFailure writes the failed run's report and RunFailed
 * fails the execution with the original error.
 *
 * <pre>
 * Validate --(InvalidInputException)--> InputRejected (Fail); --(anything else)--> ValidationFailed (Fail)
 *   -> Plan -> TransformSegments [TransformSegment -> SegmentTransformed -> SegmentDone]
 *           -> IsDryRun --dryRun--> Report -> Done
 *                       \-> VerifySegments [VerifySegment -> SegmentVerified -> VerifyDone] -> Report
 * Plan, TransformSegments, VerifySegments, Report --(catch)--> Rollback -> ReportFailure -> RunFailed (Fail)
 *                                                              Rollback --(catch)--> RollbackFailed (Fail)
 * </pre>
 *
 * <p>State names are a contract (the local engine, tests and operators read them): change them only together
 * with {@code statemachines/asl/}.
 */
public class DynamoDbTransformWorkflow extends Construct {

    /** The workflow's name: {@code statemachines/asl/<WORKFLOW>.asl.json}, {@code events/<WORKFLOW>.json}. */
    public static final String WORKFLOW = "dynamodb-transform";

    public static final String VALIDATE = "Validate";
    public static final String INPUT_REJECTED = ValidateBranch.INPUT_REJECTED;
    public static final String VALIDATION_FAILED = ValidateBranch.VALIDATION_FAILED;
    public static final String PLAN = "Plan";
    public static final String TRANSFORM_SEGMENTS = "TransformSegments";
    public static final String TRANSFORM_SEGMENT = "TransformSegment";
    public static final String SEGMENT_TRANSFORMED = "SegmentTransformed";
    public static final String SEGMENT_DONE = "SegmentDone";
    public static final String IS_DRY_RUN = "IsDryRun";
    public static final String VERIFY_SEGMENTS = "VerifySegments";
    public static final String VERIFY_SEGMENT = "VerifySegment";
    public static final String SEGMENT_VERIFIED = "SegmentVerified";
    public static final String VERIFY_DONE = "VerifyDone";
    public static final String REPORT = "Report";
    public static final String DONE = "Done";
    public static final String ROLLBACK = RollbackBranch.ROLLBACK;
    public static final String REPORT_FAILURE = RollbackBranch.REPORT_FAILURE;
    public static final String RUN_FAILED = RollbackBranch.RUN_FAILED;
    public static final String ROLLBACK_FAILED = RollbackBranch.ROLLBACK_FAILED;

    /** Both Maps run over the plan's segments; a child gets the run id, its segment and the plan. */
    private static final String UNITS = "{% $prepared.units %}";
    private static final String UNIT_INPUT = "{% {\"runId\": $plan.runId, \"unit\": $states.context.Map.Item.Value, \"plan\": $plan} %}";

    private final StateMachine stateMachine;
    private final ILogGroup logGroup;

    public DynamoDbTransformWorkflow(Construct scope, String id, DynamoDbTransformWorkflowProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "DynamoDbTransformWorkflow: props are required (DynamoDbTransformWorkflowProps.builder())");

        // ---- failure path: Rollback, the failed run's report, then fail with the original error
        LambdaInvoke rollback = RollbackBranch.create(this, props.getRollbackFunction(), props.getReportFunction());
        // the Catch hands Rollback the plan's one side: the ledger keeps no external id, the rollback needs it
        CatchProps toRollback = RollbackBranch.catchToRollback("$plan", false, "[$plan.target]");
        CatchProps unitToRollback = RollbackBranch.catchToRollback("$plan", true, "[$plan.target]");

        // ---- 1. Validate: nothing is written before it succeeds, so its failures need no rollback
        LambdaInvoke validate = ValidateBranch.task(this, VALIDATE, props.getValidateFunction());

        // ---- 2. Plan: records the run, takes the backups asked for, cuts the table into (shuffled) units
        LambdaInvoke plan = FerryTasks.invoke(this, PLAN, props.getPlanFunction(),
                "{% $plan %}",
                "{% $states.result.Payload %}",
                object("prepared", "{% $states.result.Payload %}"));
        plan.addCatch(rollback, toRollback);

        // ---- 5. Report (after verification, or straight after the transform in a dry run)
        LambdaInvoke report = FerryTasks.invoke(this, REPORT, props.getReportFunction(),
                "{% {\"runId\": $plan.runId, \"plan\": $plan, \"prepared\": $prepared} %}",
                "{% $states.result.Payload %}",
                null);
        report.addCatch(rollback, toRollback);
        report.next(new Succeed(this, DONE));

        // ---- 3. TransformSegments: one child execution per unit, looping until the unit reports done
        DistributedMap transformSegments = FerryTasks.unitMap(this, TRANSFORM_SEGMENTS, UNITS, UNIT_INPUT, props.getSettings().getMapConcurrency());
        LambdaInvoke transformSegment = FerryTasks.invoke(this, TRANSFORM_SEGMENT, props.getTransformSegmentFunction(),
                "{% $states.input %}",
                "{% $merge([$states.input, $states.result.Payload]) %}",
                null);
        Choice segmentTransformed = Choice.jsonata(this, SEGMENT_TRANSFORMED);
        segmentTransformed.when(Condition.jsonata("{% $states.input.done = true %}"),
                        Succeed.jsonata(this, SEGMENT_DONE, SucceedJsonataProps.builder()
                                .outputs("{% {\"unitId\": $states.input.unit.unitId, \"items\": $states.input.items} %}")
                                .build()))
                .otherwise(transformSegment);
        transformSegments.itemProcessor(transformSegment.next(segmentTransformed));
        transformSegments.addCatch(rollback, unitToRollback);

        // ---- 4. VerifySegments: the same pattern, checking the result as it is now
        DistributedMap verifySegments = FerryTasks.unitMap(this, VERIFY_SEGMENTS, UNITS, UNIT_INPUT, props.getSettings().getMapConcurrency());
        LambdaInvoke verifySegment = FerryTasks.invoke(this, VERIFY_SEGMENT, props.getVerifySegmentFunction(),
                "{% $states.input %}",
                "{% $merge([$states.input, $states.result.Payload]) %}",
                null);
        Choice segmentVerified = Choice.jsonata(this, SEGMENT_VERIFIED);
        segmentVerified.when(Condition.jsonata("{% $states.input.done = true %}"),
                        Succeed.jsonata(this, VERIFY_DONE, SucceedJsonataProps.builder()
                                .outputs("{% {\"unitId\": $states.input.unit.unitId, \"items\": $states.input.items} %}")
                                .build()))
                .otherwise(verifySegment);
        verifySegments.itemProcessor(verifySegment.next(segmentVerified));
        verifySegments.addCatch(rollback, unitToRollback);
        verifySegments.next(report);

        // ---- IsDryRun: a dry run transforms and counts without writing, so there is nothing to verify
        Choice isDryRun = Choice.jsonata(this, IS_DRY_RUN);
        isDryRun.when(Condition.jsonata("{% $plan.options.dryRun = true %}"), report).otherwise(verifySegments);
        transformSegments.next(isDryRun);

        this.logGroup = FerryStateMachines.logGroup(this, props.getSettings());
        this.stateMachine = FerryStateMachines.create(this, "Ferry " + WORKFLOW + ": reshape a DynamoDB table's items "
                + "(and emit records into other tables) with JSONata, verify, report; roll back exactly on failure",
                validate.next(plan).next(transformSegments), logGroup);
    }

    public StateMachine getStateMachine() {
        return stateMachine;
    }

    /** Where execution logs go (the one passed in, or the one this construct created). */
    public ILogGroup getLogGroup() {
        return logGroup;
    }
}
