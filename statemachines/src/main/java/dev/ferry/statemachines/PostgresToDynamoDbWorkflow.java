package dev.ferry.statemachines;

import static dev.ferry.statemachines.Jsonata.object;

import java.util.Objects;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.PassJsonataProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.SucceedJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The {@code postgres-to-dynamodb} workflow: Validate, Prepare, load the key ranges level by level (a Distributed
 * Map per table level, parents first), verify every range in another Distributed Map, Report; any failure after
 * Validate goes to Rollback, which undoes what the run created and fails the execution with the original error.
 * A drift check skips the load; a dry run goes straight to Report.
 *
 * <pre>
 * Validate --(catch)--> InputRejected / ValidationFailed (Fail)
 *   -> Prepare -> Route --dryRun--> Report -> Done
 *                       --drift-check--> VerifyUnits
 *                       \-> StartLoad -> MoreLevels --> LoadLevel [LoadUnit -> UnitLoaded -> UnitDone] -> NextLevel -> MoreLevels
 *                                                   \-> VerifyUnits [VerifyUnit -> UnitVerified -> VerifyDone] -> Report
 * Prepare, LoadLevel, VerifyUnits, Report --(catch)--> Rollback -> RunFailed (Fail)
 * </pre>
 *
 * <p>State names are a contract (the local engine, tests and operators read them).
 */
public class PostgresToDynamoDbWorkflow extends Construct {

    public static final String WORKFLOW = "postgres-to-dynamodb";

    public static final String VALIDATE = "Validate";
    public static final String PREPARE = "Prepare";
    public static final String ROUTE = "Route";
    public static final String START_LOAD = "StartLoad";
    public static final String MORE_LEVELS = "MoreLevels";
    public static final String LOAD_LEVEL = "LoadLevel";
    public static final String LOAD_UNIT = "LoadUnit";
    public static final String UNIT_LOADED = "UnitLoaded";
    public static final String UNIT_DONE = "UnitDone";
    public static final String NEXT_LEVEL = "NextLevel";
    public static final String VERIFY_UNITS = "VerifyUnits";
    public static final String VERIFY_UNIT = "VerifyUnit";
    public static final String UNIT_VERIFIED = "UnitVerified";
    public static final String VERIFY_DONE = "VerifyDone";
    public static final String REPORT = "Report";
    public static final String DONE = "Done";

    /** A child of either Map gets the run id and its unit (a key range of one table). */
    private static final String UNIT_INPUT = "{% {\"runId\": $plan.runId, \"unit\": $states.context.Map.Item.Value} %}";

    private final StateMachine stateMachine;
    private final ILogGroup logGroup;

    /**
     * @param functions by handler name: Validate, Prepare, LoadUnit, VerifyUnit, Report, Rollback
     */
    public PostgresToDynamoDbWorkflow(Construct scope, String id, WorkflowFunctions functions, WorkflowSettings settings) {
        super(scope, id);
        Objects.requireNonNull(functions, "PostgresToDynamoDbWorkflow: functions are required");
        Objects.requireNonNull(settings, "PostgresToDynamoDbWorkflow: settings are required");

        // after a rollback, Report writes the failed run's report (its error, what was undone and kept)
        LambdaInvoke rollback = RollbackBranch.create(this, functions.get(FerryWorkflow.ROLLBACK), functions.get(REPORT),
                "{% {\"plan\": $plan, \"prepared\": $prepared, \"failure\": $states.input} %}");
        // the destination is the run's only side with a role (the source is a database)
        CatchProps toRollback = RollbackBranch.catchToRollback("$plan", false, "[$plan.destination]");
        CatchProps unitToRollback = RollbackBranch.catchToRollback("$plan", true, "[$plan.destination]");

        LambdaInvoke validate = ValidateBranch.task(this, VALIDATE, functions.get(VALIDATE));

        LambdaInvoke prepare = FerryTasks.invoke(this, PREPARE, functions.get(PREPARE),
                "{% $plan %}",
                "{% $states.result.Payload %}",
                object("prepared", "{% $states.result.Payload %}"));
        prepare.addCatch(rollback, toRollback);

        LambdaInvoke report = FerryTasks.invoke(this, REPORT, functions.get(REPORT),
                "{% {\"plan\": $plan, \"prepared\": $prepared} %}",
                "{% $states.result.Payload %}",
                null);
        report.addCatch(rollback, toRollback);
        report.next(new Succeed(this, DONE));

        // ---- verify: every key range, after every level is loaded
        DistributedMap verifyUnits = FerryTasks.unitMap(this, VERIFY_UNITS, "{% $prepared.units %}", UNIT_INPUT, settings.getMapConcurrency());
        LambdaInvoke verifyUnit = FerryTasks.invoke(this, VERIFY_UNIT, functions.get(VERIFY_UNIT),
                "{% $states.input %}", "{% $merge([$states.input, $states.result.Payload]) %}", null);
        Choice unitVerified = Choice.jsonata(this, UNIT_VERIFIED);
        unitVerified.when(Condition.jsonata("{% $states.input.done = true %}"),
                        Succeed.jsonata(this, VERIFY_DONE, SucceedJsonataProps.builder()
                                .outputs("{% {\"unitId\": $states.input.unit.unitId, \"rows\": $states.input.rows} %}").build()))
                .otherwise(verifyUnit);
        verifyUnits.itemProcessor(verifyUnit.next(unitVerified));
        verifyUnits.addCatch(rollback, unitToRollback);
        verifyUnits.next(report);

        // ---- load: one Distributed Map per table level, parents first
        DistributedMap loadLevel = FerryTasks.unitMap(this, LOAD_LEVEL, "{% $prepared.levels[$level].units %}", UNIT_INPUT, settings.getMapConcurrency());
        LambdaInvoke loadUnit = FerryTasks.invoke(this, LOAD_UNIT, functions.get(LOAD_UNIT),
                "{% $states.input %}", "{% $merge([$states.input, $states.result.Payload]) %}", null);
        Choice unitLoaded = Choice.jsonata(this, UNIT_LOADED);
        unitLoaded.when(Condition.jsonata("{% $states.input.done = true %}"),
                        Succeed.jsonata(this, UNIT_DONE, SucceedJsonataProps.builder()
                                .outputs("{% {\"unitId\": $states.input.unit.unitId, \"rows\": $states.input.rows} %}").build()))
                .otherwise(loadUnit);
        loadLevel.itemProcessor(loadUnit.next(unitLoaded));
        loadLevel.addCatch(rollback, unitToRollback);
        Pass nextLevel = Pass.jsonata(this, NEXT_LEVEL, PassJsonataProps.builder()
                .assign(object("level", "{% $level + 1 %}")).build());
        Choice moreLevels = Choice.jsonata(this, MORE_LEVELS);
        moreLevels.when(Condition.jsonata("{% $level < $count($prepared.levels) %}"), loadLevel.next(nextLevel).next(moreLevels))
                .otherwise(verifyUnits);
        Pass startLoad = Pass.jsonata(this, START_LOAD, PassJsonataProps.builder().assign(object("level", 0)).build());
        startLoad.next(moreLevels);

        Choice route = Choice.jsonata(this, ROUTE);
        route.when(Condition.jsonata("{% $plan.dryRun = true %}"), report)
                .when(Condition.jsonata("{% $plan.mode = \"drift-check\" %}"), verifyUnits)
                .otherwise(startLoad);

        this.logGroup = FerryStateMachines.logGroup(this, settings);
        this.stateMachine = FerryStateMachines.create(this, "Ferry " + WORKFLOW + ": PostgreSQL tables into DynamoDB and "
                + "credentials into Secrets Manager, level by level; verify, report; roll back on failure",
                validate.next(prepare).next(route), logGroup);
    }

    public StateMachine getStateMachine() {
        return stateMachine;
    }

    public ILogGroup getLogGroup() {
        return logGroup;
    }
}
