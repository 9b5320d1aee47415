package dev.ferry.statemachines;

import static dev.ferry.statemachines.Jsonata.object;

import java.util.List;
import java.util.Objects;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.FailJsonataProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.SucceedJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The {@code dynamodb-table-copy} workflow: Validate, Prepare, then one Distributed Map iteration per scan
 * segment that copies the segment and then verifies it against the source as it is then (so a segment is
 * verified while others still copy), Report; any failure after Validate goes to Rollback, which undoes what
 * the run created, then ReportFailure writes the failed run's report, and the execution fails with the
 * original error. A verification that finds differences fails after its report, without a rollback: the
 * destination is kept and a re-run of the same run id copies the differing segments again.
 *
 * <pre>
 * Validate --(InvalidInputException)--> InputRejected (Fail); --(anything else)--> ValidationFailed (Fail)
 *   -> Prepare -> IsDryRun --dryRun--> Report -> Done
 *                          \-> Segments [CopySegment -> SegmentCopied -> VerifySegment -> SegmentVerified -> SegmentDone]
 *                              -> Report -> Done
 * Report --(VerificationFailedException)--> VerificationFailed (Fail)
 * Prepare, Segments, Report --(catch)--> Rollback -> ReportFailure -> RunFailed (Fail)
 *                                        Rollback --(catch)--> RollbackFailed (Fail)
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
    public static final String SEGMENTS = "Segments";
    public static final String COPY_SEGMENT = "CopySegment";
    public static final String SEGMENT_COPIED = "SegmentCopied";
    public static final String VERIFY_SEGMENT = "VerifySegment";
    public static final String SEGMENT_VERIFIED = "SegmentVerified";
    public static final String SEGMENT_DONE = "SegmentDone";
    public static final String VERIFICATION_FAILED = "VerificationFailed";
    public static final String REPORT_FAILURE = RollbackBranch.REPORT_FAILURE;
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

        // ---- failure path: Rollback, ReportFailure, then fail with the original error (RunFailed / RollbackFailed).
        // The Catch hands Rollback the plan's sides: the ledger keeps no external id, the rollback needs them.
        LambdaInvoke rollback = RollbackBranch.create(this, props.getRollbackFunction(), props.getReportFunction(),
                "{% {\"runId\": $states.input.runId, \"plan\": $plan, \"failure\": $states.input} %}");
        String sides = "[$plan.source, $plan.destination]";
        CatchProps toRollback = RollbackBranch.catchToRollback("$plan", false, sides);
        CatchProps unitToRollback = RollbackBranch.catchToRollback("$plan", true, sides);

        // ---- 1. Validate: nothing is written before it succeeds, so its failures need no rollback
        LambdaInvoke validate = ValidateBranch.task(this, VALIDATE, props.getValidateFunction());

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
        // differences found: the report is written and the destination kept, so no rollback
        Fail verificationFailed = Fail.jsonata(this, VERIFICATION_FAILED, FailJsonataProps.builder()
                .error("{% $states.input.Error %}")
                .cause("{% $states.input.Cause %}")
                .build());
        report.addCatch(verificationFailed, CatchProps.builder().errors(List.of(FerryErrors.VERIFICATION_FAILED)).build());
        report.addCatch(rollback, toRollback);
        report.next(new Succeed(this, DONE));

        // ---- 4. Segments: one child execution per scan segment: copy it (looping until done), then verify it
        // against the source as it is now (looping until done), while other segments still copy
        DistributedMap segments = FerryTasks.unitMap(this, SEGMENTS, "{% $prepared.units %}",
                "{% {\"runId\": $plan.runId, \"unit\": $states.context.Map.Item.Value, \"source\": $plan.source, "
                        + "\"destination\": $plan.destination, \"options\": $plan.options} %}",
                props.getSettings().getMapConcurrency());
        LambdaInvoke copySegment = FerryTasks.invoke(this, COPY_SEGMENT, props.getCopySegmentFunction(),
                "{% $states.input %}",
                "{% $merge([$states.input, $states.result.Payload]) %}",
                null);
        LambdaInvoke verifySegment = FerryTasks.invoke(this, VERIFY_SEGMENT, props.getVerifySegmentFunction(),
                "{% {\"runId\": $states.input.runId, \"unit\": $states.input.unit, \"source\": $states.input.source, "
                        + "\"destination\": $states.input.destination, \"options\": $states.input.options} %}",
                "{% $merge([$states.input, {\"verified\": $states.result.Payload.done, \"itemsVerified\": "
                        + "$states.result.Payload.itemsScanned}]) %}",
                null);
        Choice segmentCopied = Choice.jsonata(this, SEGMENT_COPIED);
        Choice segmentVerified = Choice.jsonata(this, SEGMENT_VERIFIED);
        segmentCopied.when(Condition.jsonata("{% $states.input.done = true %}"), verifySegment).otherwise(copySegment);
        segmentVerified.when(Condition.jsonata("{% $states.input.verified = true %}"),
                        Succeed.jsonata(this, SEGMENT_DONE, SucceedJsonataProps.builder()
                                .outputs("{% {\"unitId\": $states.input.unit.unitId, \"itemsCopied\": $states.input.itemsCopied, "
                                        + "\"itemsVerified\": $states.input.itemsVerified} %}")
                                .build()))
                .otherwise(verifySegment);
        verifySegment.next(segmentVerified);
        segments.itemProcessor(copySegment.next(segmentCopied));
        segments.addCatch(rollback, unitToRollback);
        segments.next(report);

        // ---- 3. IsDryRun: a dry run validates and plans, then reports what it would do
        Choice isDryRun = Choice.jsonata(this, IS_DRY_RUN);
        isDryRun.when(Condition.jsonata("{% $plan.dryRun = true %}"), report).otherwise(segments);

        this.logGroup = FerryStateMachines.logGroup(this, props.getSettings());
        this.stateMachine = FerryStateMachines.create(this, "Ferry " + WORKFLOW + ": copy DynamoDB tables (schema and "
                + "items) across accounts and regions, verify, report; roll back on failure",
                validate.next(prepare).next(isDryRun), logGroup);
    }

    public StateMachine getStateMachine() {
        return stateMachine;
    }

    /** Where execution logs go (the one passed in, or the one this construct created). */
    public ILogGroup getLogGroup() {
        return logGroup;
    }
}
