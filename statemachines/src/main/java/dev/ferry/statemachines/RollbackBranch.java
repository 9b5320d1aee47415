package dev.ferry.statemachines;

import java.util.List;

import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.FailJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The failure path every workflow ends its Catches in: {@code Rollback} undoes what the run created, then
 * {@code RunFailed} fails the execution with the original error and cause. If the rollback itself fails,
 * {@code RollbackFailed} fails it with the original error and a cause that says what is left to undo.
 *
 * <p>Input, and the Rollback task's payload: {@code {"runId", "inputHash", "error", "cause"}}, plus
 * {@code "unitFailed": true} when a Distributed Map failed (a Catch's Output, see {@link #catchToRollback}).
 */
final class RollbackBranch {

    static final String ROLLBACK = "Rollback";
    static final String RUN_FAILED = "RunFailed";
    static final String ROLLBACK_FAILED = "RollbackFailed";
    static final String REPORT_FAILURE = "ReportFailure";

    /** Rollback's Catch keeps the original error and adds the rollback's own. */
    static final String ROLLBACK_ERROR_OUTPUT = "{% {\"runId\": $states.input.runId, \"error\": $states.input.error, "
            + "\"cause\": $states.input.cause, \"rollbackError\": $states.errorOutput.Error, "
            + "\"rollbackCause\": $states.errorOutput.Cause} %}";

    /** RollbackFailed's Cause: the rollback is incomplete, why, what to do, then the original cause. */
    static final String ROLLBACK_FAILED_CAUSE = "{% \"Rollback incomplete: run \" & $states.input.runId "
            + "& \" may have left resources behind (the run ledger lists them). Rollback failed with \" "
            + "& $states.input.rollbackError & \": \" & $states.input.rollbackCause "
            + "& \". Fix that, then start the rollback state machine for this runId. Original cause: \" "
            + "& $states.input.cause %}";

    private RollbackBranch() {
    }

    /**
     * The Catch props that hand a failure to Rollback.
     *
     * @param plan       the variable holding the run's plan (its {@code runId} and {@code inputHash}), e.g. {@code $plan}
     * @param unitFailed true for the Catch of a Distributed Map: such a Map reports a failed child only as
     *                   {@code States.ExceedToleratedFailureThreshold}, so the rollback handler is told to report
     *                   the failed unit's own error, which it finds in the run ledger
     */
    static CatchProps catchToRollback(String plan, boolean unitFailed) {
        // the plan's sides (when it names them source and destination): the ledger keeps no external id, so the
        // rollback takes a role's external id from here; a plan without them hands on an empty list
        return catchToRollback(plan, unitFailed, "[" + plan + ".source, " + plan + ".destination]");
    }

    /**
     * As {@link #catchToRollback(String, boolean)}, handing the Rollback the run's sides too.
     *
     * @param sides a JSONata array of the plan's sides (e.g. {@code [$plan.source, $plan.destination]}), or null:
     *              the ledger keeps no external id, so the rollback takes a role's external id from here
     */
    static CatchProps catchToRollback(String plan, boolean unitFailed, String sides) {
        return CatchProps.builder()
                .errors(List.of(Errors.ALL))
                .outputs("{% {\"runId\": " + plan + ".runId, \"inputHash\": " + plan + ".inputHash, "
                        + "\"error\": $states.errorOutput.Error, \"cause\": $states.errorOutput.Cause"
                        + (unitFailed ? ", \"unitFailed\": true" : "")
                        + (sides == null ? "" : ", \"sides\": " + sides) + "} %}")
                .build();
    }

    /** Rollback, wired to RunFailed and (on its own failure) RollbackFailed, under {@code scope}. */
    static LambdaInvoke create(Construct scope, IFunction rollbackFunction) {
        return create(scope, rollbackFunction, null, null);
    }

    /**
     * As {@link #create(Construct, IFunction)}, with a {@code ReportFailure} task between Rollback and RunFailed when
     * {@code reportFailureFunction} is given: it writes the failed run's report (its error, what rollback removed and
     * kept) and passes its input on unchanged; a failure to write it never hides the run's own error. Its payload is
     * {@code {"runId", "error", "cause", "rollback"}}.
     */
    static LambdaInvoke create(Construct scope, IFunction rollbackFunction, IFunction reportFailureFunction) {
        return create(scope, rollbackFunction, reportFailureFunction,
                "{% {\"runId\": $states.input.runId, \"error\": $states.input.error, \"cause\": $states.input.cause, "
                        + "\"rollback\": $states.input.rollback} %}");
    }

    /**
     * As {@link #create(Construct, IFunction, IFunction)}, with the ReportFailure task's own payload (a workflow whose
     * report needs more than the failure, such as its plan).
     *
     * @param reportFunction the workflow's report function, or null for no failure report
     * @param reportPayload  its JSONata payload; {@code $states.input} is the failure ({@code runId, error, cause, rollback})
     */
    static LambdaInvoke create(Construct scope, IFunction rollbackFunction, IFunction reportFunction, String reportPayload) {
        // After a Distributed Map failed (unitFailed), the rollback handler returns the failed unit's own
        // error from the ledger ("failure"), which wins here over States.ExceedToleratedFailureThreshold.
        Fail runFailed = Fail.jsonata(scope, RUN_FAILED, FailJsonataProps.builder()
                .error("{% $exists($states.input.rollback.failure) ? $states.input.rollback.failure.error : $states.input.error %}")
                .cause("{% $exists($states.input.rollback.failure) ? $states.input.rollback.failure.cause : $states.input.cause %}")
                .build());
        Fail rollbackFailed = Fail.jsonata(scope, ROLLBACK_FAILED, FailJsonataProps.builder()
                .error("{% $states.input.error %}")
                .cause(ROLLBACK_FAILED_CAUSE)
                .build());
        LambdaInvoke rollback = FerryTasks.invoke(scope, ROLLBACK, rollbackFunction,
                "{% $states.input %}",
                "{% $merge([$states.input, {\"rollback\": $states.result.Payload}]) %}",
                null);
        rollback.addCatch(rollbackFailed, CatchProps.builder()
                .errors(List.of(Errors.ALL))
                .outputs(ROLLBACK_ERROR_OUTPUT)
                .build());
        if (reportFunction == null) {
            rollback.next(runFailed);
            return rollback;
        }
        LambdaInvoke reportFailure = FerryTasks.invoke(scope, REPORT_FAILURE, reportFunction, reportPayload,
                "{% $states.input %}", null);
        reportFailure.addCatch(runFailed, CatchProps.builder().errors(List.of(Errors.ALL)).outputs("{% $states.input %}").build());
        rollback.next(reportFailure).next(runFailed);
        return rollback;
    }
}
