package dev.ferry.statemachines;

import static dev.ferry.statemachines.Jsonata.object;

import java.util.List;

import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.FailJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Where a workflow's Validate step ends when it fails. Validate writes nothing, so neither path needs
 * a rollback, but they say different things: {@code InputRejected} is a real input problem
 * ({@link FerryErrors#INVALID_INPUT}: every problem with its JSON path and fix), {@code ValidationFailed}
 * anything else that outlived the task's retries (throttling or an outage past the retry budget, a
 * bug), which must never be reported as if the input were wrong.
 */
final class ValidateBranch {

    static final String INPUT_REJECTED = "InputRejected";
    static final String VALIDATION_FAILED = "ValidationFailed";

    private ValidateBranch() {
    }

    /**
     * The Validate task every workflow starts with: the execution's input and name in, the normalised plan out
     * (also assigned to {@code $plan}), and both Catches ({@link #catches}).
     */
    static LambdaInvoke task(Construct scope, String stateName, IFunction function) {
        LambdaInvoke validate = FerryTasks.invoke(scope, stateName, function,
                object("input", "{% $states.input %}", "executionName", "{% $states.context.Execution.Name %}"),
                "{% $states.result.Payload %}",
                object("plan", "{% $states.result.Payload %}"));
        catches(scope, validate);
        return validate;
    }

    /** Adds both Catches to {@code validate}, each to its own Fail state passing on the error and cause. */
    private static void catches(Construct scope, LambdaInvoke validate) {
        validate.addCatch(fail(scope, INPUT_REJECTED), CatchProps.builder().errors(List.of(FerryErrors.INVALID_INPUT)).build());
        validate.addCatch(fail(scope, VALIDATION_FAILED), CatchProps.builder().errors(List.of(Errors.ALL)).build());
    }

    private static Fail fail(Construct scope, String name) {
        // The Catch's default Output is the error output ({"Error", "Cause"}), which becomes the Fail's input:
        // $states.errorOutput itself is only defined inside a Catch's Output and Assign.
        return Fail.jsonata(scope, name, FailJsonataProps.builder()
                .error("{% $states.input.Error %}")
                .cause("{% $states.input.Cause %}")
                .build());
    }
}
