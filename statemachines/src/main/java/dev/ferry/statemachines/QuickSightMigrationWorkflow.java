package dev.ferry.statemachines;

import java.util.Objects;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Map;
import software.amazon.awscdk.services.stepfunctions.MapJsonataProps;
import software.amazon.awscdk.services.stepfunctions.ProvideItems;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.SucceedJsonataProps;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitJsonataProps;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The {@code quicksight-migration} workflow: a QuickSight data source, its DIRECT_QUERY datasets, and chosen
 * dashboards and analyses, from one account to another.
 *
 * <pre>
 * Validate --(InvalidInputException)--> InputRejected (Fail); --(anything else)--> ValidationFailed (Fail)
 *   -> IsDryRun --dryRun--> Report -> Done
 *   -> Foundation -> CheckDataSource -> DataSourceReady --no--> WaitForDataSource -> CheckDataSource
 *   -> DataSetPhases [CopyDataSets [CopyDataSet]]                      (phase by phase: row-level permission datasets first)
 *   -> AssetBundles [MoveBundle -> BundleMoved --no--> WaitForBundle -> MoveBundle]   (at most 5 bundles at once)
 *   -> Verify -> Report -> Done
 * any failure after Validate --> Rollback -> ReportFailure -> RunFailed   (Rollback --(catch)--> RollbackFailed)
 * </pre>
 *
 * <p>Waits happen in the state machine ({@code Wait} and {@code Choice}), never in a Lambda. State names are a
 * contract (the local engine, tests and operators read them): change them only together with
 * {@code statemachines/asl/}.
 */
public class QuickSightMigrationWorkflow extends Construct {

    /** The workflow's name: {@code statemachines/asl/<WORKFLOW>.asl.json}, {@code events/<WORKFLOW>.json}. */
    public static final String WORKFLOW = "quicksight-migration";
    /** Asset bundle jobs QuickSight runs at once per account: the AssetBundles map's concurrency. */
    public static final int BUNDLES_AT_ONCE = 5;

    public static final String VALIDATE = "Validate";
    public static final String INPUT_REJECTED = ValidateBranch.INPUT_REJECTED;
    public static final String VALIDATION_FAILED = ValidateBranch.VALIDATION_FAILED;
    public static final String IS_DRY_RUN = "IsDryRun";
    public static final String FOUNDATION = "Foundation";
    public static final String CHECK_DATA_SOURCE = "CheckDataSource";
    public static final String DATA_SOURCE_READY = "DataSourceReady";
    public static final String WAIT_FOR_DATA_SOURCE = "WaitForDataSource";
    public static final String DATA_SET_PHASES = "DataSetPhases";
    public static final String COPY_DATA_SETS = "CopyDataSets";
    public static final String COPY_DATA_SET = "CopyDataSet";
    public static final String ASSET_BUNDLES = "AssetBundles";
    public static final String MOVE_BUNDLE = "MoveBundle";
    public static final String BUNDLE_MOVED = "BundleMoved";
    public static final String WAIT_FOR_BUNDLE = "WaitForBundle";
    public static final String BUNDLE_DONE = "BundleDone";
    public static final String VERIFY = "Verify";
    public static final String REPORT = "Report";
    public static final String REPORT_FAILURE = RollbackBranch.REPORT_FAILURE;
    public static final String DONE = "Done";
    public static final String ROLLBACK = RollbackBranch.ROLLBACK;
    public static final String RUN_FAILED = RollbackBranch.RUN_FAILED;
    public static final String ROLLBACK_FAILED = RollbackBranch.ROLLBACK_FAILED;

    /**
     * The plan's sides with their external ids, handed to every step that reaches the accounts after Foundation: the
     * run ledger keeps the plan without them (it holds no secret).
     */
    private static final String SIDES = "[$plan.source, $plan.destination]";

    private final StateMachine stateMachine;
    private final ILogGroup logGroup;

    public QuickSightMigrationWorkflow(Construct scope, String id, QuickSightMigrationWorkflowProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "QuickSightMigrationWorkflow: props are required (QuickSightMigrationWorkflowProps.builder())");

        LambdaInvoke rollback = RollbackBranch.create(this, props.function(FerryWorkflow.ROLLBACK), props.function(REPORT_FAILURE));
        CatchProps toRollback = RollbackBranch.catchToRollback("$plan", false);
        CatchProps unitToRollback = RollbackBranch.catchToRollback("$plan", true);

        // ---- 1. Validate: writes nothing, so its failures need no rollback
        LambdaInvoke validate = ValidateBranch.task(this, VALIDATE, props.function(VALIDATE));

        // ---- 6. Report, reached from the dry-run branch and after verification
        LambdaInvoke report = FerryTasks.invoke(this, REPORT, props.function(REPORT),
                "{% {\"runId\": $plan.runId, \"plan\": $plan} %}", "{% $states.result.Payload %}", null);
        report.addCatch(rollback, toRollback);
        report.next(new Succeed(this, DONE));

        // ---- 2. Foundation, then wait for the data source in the state machine
        LambdaInvoke foundation = FerryTasks.invoke(this, FOUNDATION, props.function(FOUNDATION),
                "{% $plan %}", "{% {\"runId\": $plan.runId, \"polls\": 0} %}", null);
        foundation.addCatch(rollback, toRollback);
        LambdaInvoke checkDataSource = FerryTasks.invoke(this, CHECK_DATA_SOURCE, props.function(CHECK_DATA_SOURCE),
                "{% {\"runId\": $states.input.runId, \"polls\": $states.input.polls, \"sides\": " + SIDES + "} %}",
                "{% $states.result.Payload %}", null);
        checkDataSource.addCatch(rollback, toRollback);
        Wait waitForDataSource = Wait.jsonata(this, WAIT_FOR_DATA_SOURCE, WaitJsonataProps.builder()
                .time(WaitTime.seconds("{% $states.input.waitSeconds %}")).build());
        waitForDataSource.next(checkDataSource);

        // ---- 3. Datasets, phase by phase (row-level permission datasets first), datasets of a phase in parallel
        Map phases = Map.jsonata(this, DATA_SET_PHASES, MapJsonataProps.builder()
                .items(ProvideItems.jsonata("{% $plan.dataSetPhases ? $plan.dataSetPhases : [] %}"))
                .jsonataItemSelector("{% {\"runId\": $plan.runId, \"ids\": $states.context.Map.Item.Value, \"sides\": " + SIDES + "} %}")
                .maxConcurrency(1)
                .outputs("{% $states.input %}")
                .build());
        Map copyDataSets = Map.jsonata(this, COPY_DATA_SETS, MapJsonataProps.builder()
                .items(ProvideItems.jsonata("{% $states.input.ids %}"))
                .jsonataItemSelector("{% {\"runId\": $states.input.runId, \"sourceId\": $states.context.Map.Item.Value, "
                        + "\"sides\": $states.input.sides} %}")
                .maxConcurrency(props.getSettings().getMapConcurrency())
                .outputs("{% $count($states.result) %}")
                .build());
        copyDataSets.itemProcessor(FerryTasks.invoke(this, COPY_DATA_SET, props.function(COPY_DATA_SET),
                "{% $states.input %}", "{% $states.result.Payload.action %}", null));
        phases.itemProcessor(copyDataSets);
        phases.addCatch(rollback, unitToRollback);

        // ---- 4. Dashboards and analyses: one asset bundle per item, export then import, polled by the state machine
        Map bundles = Map.jsonata(this, ASSET_BUNDLES, MapJsonataProps.builder()
                .items(ProvideItems.jsonata("{% $plan.bundles ? $plan.bundles : [] %}"))
                .jsonataItemSelector("{% {\"runId\": $plan.runId, \"bundle\": $states.context.Map.Item.Value.index, \"step\": \"EXPORT\", "
                        + "\"sides\": " + SIDES + "} %}")
                .maxConcurrency(BUNDLES_AT_ONCE)
                .outputs("{% $states.input %}")
                .build());
        LambdaInvoke moveBundle = FerryTasks.invoke(this, MOVE_BUNDLE, props.function(MOVE_BUNDLE),
                "{% {\"runId\": $states.input.runId, \"bundle\": $states.input.bundle, \"step\": $states.input.step, "
                        + "\"sides\": $states.input.sides} %}",
                "{% $merge([$states.result.Payload, {\"sides\": $states.input.sides}]) %}", null);
        Wait waitForBundle = Wait.jsonata(this, WAIT_FOR_BUNDLE, WaitJsonataProps.builder()
                .time(WaitTime.seconds("{% $states.input.waitSeconds %}")).build());
        waitForBundle.next(moveBundle);
        Choice bundleMoved = Choice.jsonata(this, BUNDLE_MOVED);
        bundleMoved.when(Condition.jsonata("{% $states.input.done = true %}"), Succeed.jsonata(this, BUNDLE_DONE,
                SucceedJsonataProps.builder().outputs("{% {\"bundle\": $states.input.bundle} %}").build()))
                .otherwise(waitForBundle);
        bundles.itemProcessor(moveBundle.next(bundleMoved));
        bundles.addCatch(rollback, unitToRollback);

        // ---- 5. Verify
        LambdaInvoke verify = FerryTasks.invoke(this, VERIFY, props.function(VERIFY),
                "{% {\"runId\": $plan.runId, \"sides\": " + SIDES + "} %}", "{% $states.result.Payload %}", null);
        verify.addCatch(rollback, toRollback);

        Choice dataSourceReady = Choice.jsonata(this, DATA_SOURCE_READY);
        dataSourceReady.when(Condition.jsonata("{% $states.input.ready = true %}"), phases).otherwise(waitForDataSource);
        phases.next(bundles).next(verify).next(report);

        Choice isDryRun = Choice.jsonata(this, IS_DRY_RUN);
        isDryRun.when(Condition.jsonata("{% $plan.dryRun = true %}"), report).otherwise(foundation);
        foundation.next(checkDataSource).next(dataSourceReady);

        this.logGroup = FerryStateMachines.logGroup(this, props.getSettings());
        this.stateMachine = FerryStateMachines.create(this, "Ferry " + WORKFLOW + ": a QuickSight data source, its "
                + "DIRECT_QUERY datasets, dashboards and analyses across accounts; verify, report; roll back on failure",
                validate.next(isDryRun), logGroup);
    }

    public StateMachine getStateMachine() {
        return stateMachine;
    }

    /** Where execution logs go (the settings' log group, or the one this construct created). */
    public ILogGroup getLogGroup() {
        return logGroup;
    }
}
