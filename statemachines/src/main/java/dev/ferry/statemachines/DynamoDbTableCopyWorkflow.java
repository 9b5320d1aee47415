package dev.ferry.statemachines;

import static dev.ferry.statemachines.Jsonata.object;

import java.util.Objects;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.DistributedMapJsonataProps;
import software.amazon.awscdk.services.stepfunctions.ProvideItems;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.SucceedJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The {@code dynamodb-table-copy} workflow: Validate, Prepare, copy every scan segment in a Distributed Map,
 * verify every segment in another, Report; any failure after Validate goes to Rollback, which undoes what
 * the run created and fails the execution with the original error.
 *
 * <pre>
 * Validate --(InvalidInputException)--> InputRejected (Fail); --(anything else)--> ValidationFailed (Fail)
 *   -> Prepare -> IsDryRun --dryRun--> Report -> Done
 *                          \-> CopySegments [CopySegment -> SegmentCopied -> SegmentDone]
 *                              -> VerifySegments [VerifySegment -> SegmentVerified -> VerifyDone] -> Report
 * Prepare, CopySegments, VerifySegments, Report --(catch)--> Rollback -> RunFailed (Fail)
 *                                                             Rollback --(catch)--> RollbackFailed (Fail)
 * </pre>
 *
 * <p>State names are a contract (the local engine, tests and operators read them): change them only
 * together with {@code statemachines/asl/}.
 */
public class DynamoDbTableCopyWorkflow extends Construct {

    /** The workflow's name: {@code statemachines/asl/<WORKFLOW>.asl.json}, {@code events/<WORKFLOW>.json}. */
    public static final String WORKFLOW = "dynamodb-table-copy";

    public static final String VALIDATE = "Validate";
    public static final String INPUT_REJECTED = ValidateBranch.INPUT_REJECTED;
    public static final String VALIDATION_FAILED = ValidateBranch.VALIDATION_FAILED;
    public static final String PREPARE = "Prepare";
    public static final String IS_DRY_RUN = "IsDryRun";
    public static final String COPY_SEGMENTS = "CopySegments";
    public static final String COPY_SEGMENT = "CopySegment";
    public static final String SEGMENT_COPIED = "SegmentCopied";
    public static final String SEGMENT_DONE = "SegmentDone";
    public static final String VERIFY_SEGMENTS = "VerifySegments";
    public static final String VERIFY_SEGMENT = "VerifySegment";
    public static final String SEGMENT_VERIFIED = "SegmentVerified";
    public static final String VERIFY_DONE = "VerifyDone";
    public static final String REPORT = "Report";
    public static final String DONE = "Done";
    public static final String ROLLBACK = RollbackBranch.ROLLBACK;
    public static final String RUN_FAILED = RollbackBranch.RUN_FAILED;
    public static final String ROLLBACK_FAILED = RollbackBranch.ROLLBACK_FAILED;

    private final StateMachine stateMachine;
    private final ILogGroup logGroup;

    public DynamoDbTableCopyWorkflow(Construct scope, String id, DynamoDbTableCopyWorkflowProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "DynamoDbTableCopyWorkflow: props are required (DynamoDbTableCopyWorkflowProps.builder())");

        // ---- failure path: Rollback, then fail with the original error (RunFailed / RollbackFailed)
        LambdaInvoke rollback = RollbackBranch.create(this, props.getRollbackFunction());
        CatchProps toRollback = RollbackBranch.catchToRollback("$plan", false);
        CatchProps unitToRollback = RollbackBranch.catchToRollback("$plan", true);

        // ---- 1. Validate: nothing is written before it succeeds, so its failures need no rollback
        LambdaInvoke validate = FerryTasks.invoke(this, VALIDATE, props.getValidateFunction(),
                object("input", "{% $states.input %}",
                        "executionName", "{% $states.context.Execution.Name %}"),
                "{% $states.result.Payload %}",
                object("plan", "{% $states.result.Payload %}"));
        ValidateBranch.catches(this, validate);

        // ---- 2. Prepare: records the run and cuts the work into units
        LambdaInvoke prepare = FerryTasks.invoke(this, PREPARE, props.getPrepareFunction(),
                "{% $plan %}",
                "{% $states.result.Payload %}",
                object("prepared", "{% $states.result.Payload %}"));
        prepare.addCatch(rollback, toRollback);

        // ---- 6. Report (reached from the dry-run branch and after verification), from the plan and what
        // Prepare found or created (so a dry run's report needs no second Prepare)
        LambdaInvoke report = FerryTasks.invoke(this, REPORT, props.getReportFunction(),
                "{% {\"runId\": $plan.runId, \"plan\": $plan, \"prepared\": $prepared} %}",
                "{% $states.result.Payload %}",
                null);
        report.addCatch(rollback, toRollback);
        report.next(new Succeed(this, DONE));

        // ---- 4. CopySegments: one child execution per unit, looping until the unit reports done
        DistributedMap copySegments = segmentMap(COPY_SEGMENTS, "{% $prepared.units %}",
                "{% {\"runId\": $plan.runId, \"unit\": $states.context.Map.Item.Value, \"source\": $plan.source, "
                        + "\"destination\": $plan.destination, \"options\": $plan.options} %}",
                props.getSettings().getMapConcurrency());
        LambdaInvoke copySegment = FerryTasks.invoke(this, COPY_SEGMENT, props.getCopySegmentFunction(),
                "{% $states.input %}",
                "{% $merge([$states.input, $states.result.Payload]) %}",
                null);
        Choice segmentCopied = Choice.jsonata(this, SEGMENT_COPIED);
        segmentCopied.when(Condition.jsonata("{% $states.input.done = true %}"),
                        Succeed.jsonata(this, SEGMENT_DONE, SucceedJsonataProps.builder()
                                .outputs("{% {\"unitId\": $states.input.unit.unitId, \"itemsCopied\": $states.input.itemsCopied} %}")
                                .build()))
                .otherwise(copySegment);
        copySegments.itemProcessor(copySegment.next(segmentCopied));
        copySegments.addCatch(rollback, unitToRollback);

        // ---- 5. VerifySegments: the same pattern over the verify units (the destination only)
        DistributedMap verifySegments = segmentMap(VERIFY_SEGMENTS, "{% $prepared.units %}",
                "{% {\"runId\": $plan.runId, \"unit\": $states.context.Map.Item.Value, "
                        + "\"destination\": $plan.destination, \"options\": $plan.options} %}",
                props.getSettings().getMapConcurrency());
        LambdaInvoke verifySegment = FerryTasks.invoke(this, VERIFY_SEGMENT, props.getVerifySegmentFunction(),
                "{% $states.input %}",
                "{% $merge([$states.input, $states.result.Payload]) %}",
                null);
        Choice segmentVerified = Choice.jsonata(this, SEGMENT_VERIFIED);
        segmentVerified.when(Condition.jsonata("{% $states.input.done = true %}"),
                        Succeed.jsonata(this, VERIFY_DONE, SucceedJsonataProps.builder()
                                .outputs("{% {\"unitId\": $states.input.unit.unitId, \"itemsScanned\": $states.input.itemsScanned} %}")
                                .build()))
                .otherwise(verifySegment);
        verifySegments.itemProcessor(verifySegment.next(segmentVerified));
        verifySegments.addCatch(rollback, unitToRollback);
        copySegments.next(verifySegments).next(report);

        // ---- 3. IsDryRun: a dry run validates and plans, then reports what it would do
        Choice isDryRun = Choice.jsonata(this, IS_DRY_RUN);
        isDryRun.when(Condition.jsonata("{% $plan.dryRun = true %}"), report).otherwise(copySegments);

        this.logGroup = FerryStateMachines.logGroup(this, props.getSettings());
        this.stateMachine = FerryStateMachines.create(this, "Ferry " + WORKFLOW + ": copy DynamoDB tables (schema and "
                + "items) across accounts and regions, verify, report; roll back on failure",
                validate.next(prepare).next(isDryRun), logGroup);
    }

    private DistributedMap segmentMap(String stateName, String items, String itemSelector, int mapConcurrency) {
        return DistributedMap.jsonata(this, stateName, DistributedMapJsonataProps.builder()
                .items(ProvideItems.jsonata(items))
                .jsonataItemSelector(itemSelector)
                .maxConcurrency(mapConcurrency)
                .mapExecutionType(StateMachineType.STANDARD)
                // child results are checkpointed in the run ledger; the state carries only the map's input on
                .outputs("{% $states.input %}")
                .build());
    }

    public StateMachine getStateMachine() {
        return stateMachine;
    }

    /** Where execution logs go (the one passed in, or the one this construct created). */
    public ILogGroup getLogGroup() {
        return logGroup;
    }
}
