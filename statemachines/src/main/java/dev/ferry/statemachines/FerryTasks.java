package dev.ferry.statemachines;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.DistributedMapJsonataProps;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.ProvideItems;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvokeJsonataProps;
import software.constructs.Construct;

/**
 * The one way Ferry's state machines invoke a Lambda handler (JSONata, with the shared retry policy), and the one
 * shape of a Distributed Map over a run's units.
 */
final class FerryTasks {

    /** Retry policy for {@link FerryErrors#TRANSIENT} and Lambda throttling (both get their own retrier). */
    static final Duration RETRY_INTERVAL = Duration.seconds(2);
    static final int RETRY_MAX_ATTEMPTS = 8;
    static final double RETRY_BACKOFF_RATE = 2;
    static final Duration RETRY_MAX_DELAY = Duration.seconds(60);

    private FerryTasks() {
    }

    /**
     * A {@code LambdaInvoke} task in JSONata. CDK keeps its default retry on Lambda service errors
     * ({@code Lambda.ServiceException}, ...); this adds one retrier for {@link FerryErrors#TRANSIENT} and one
     * for {@link FerryErrors#LAMBDA_TOO_MANY_REQUESTS}, named explicitly.
     *
     * @param payload the JSONata payload: a {@code "{% ... %}"} string or an object of them
     * @param output  the state's Output ({@code null}: the state's default)
     * @param assign  variables to assign ({@code null}: none)
     */
    static LambdaInvoke invoke(Construct scope, String stateName, IFunction function, Object payload,
                               String output, Map<String, Object> assign) {
        LambdaInvokeJsonataProps.Builder props = LambdaInvokeJsonataProps.builder()
                .lambdaFunction(function)
                .payload(payload instanceof String text ? TaskInput.fromText(text) : TaskInput.fromObject(asObject(payload)));
        if (output != null) {
            props.outputs(output);
        }
        if (assign != null) {
            props.assign(assign);
        }
        LambdaInvoke task = LambdaInvoke.jsonata(scope, stateName, props.build());
        task.addRetry(retry(FerryErrors.TRANSIENT));
        task.addRetry(retry(FerryErrors.LAMBDA_TIMEOUT));
        task.addRetry(retry(FerryErrors.LAMBDA_TOO_MANY_REQUESTS));
        return task;
    }

    /**
     * A Distributed Map over a run's units (STANDARD children, at most {@code maxConcurrency} at once) whose
     * children checkpoint their results in the run ledger: the state's output is its input, so what grows with
     * the number of units never travels in the state.
     *
     * @param items        JSONata giving the units, e.g. {@code "{% $prepared.units %}"}
     * @param itemSelector JSONata giving one child's input from {@code $states.context.Map.Item.Value}
     */
    static DistributedMap unitMap(Construct scope, String stateName, String items, String itemSelector, int maxConcurrency) {
        return DistributedMap.jsonata(scope, stateName, DistributedMapJsonataProps.builder()
                .items(ProvideItems.jsonata(items))
                .jsonataItemSelector(itemSelector)
                .maxConcurrency(maxConcurrency)
                .mapExecutionType(StateMachineType.STANDARD)
                .outputs("{% $states.input %}")
                .build());
    }

    static RetryProps retry(String error) {
        return RetryProps.builder()
                .errors(List.of(error))
                .interval(RETRY_INTERVAL)
                .maxAttempts(RETRY_MAX_ATTEMPTS)
                .backoffRate(RETRY_BACKOFF_RATE)
                .maxDelay(RETRY_MAX_DELAY)
                .jitterStrategy(JitterType.FULL)
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object payload) {
        if (payload instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("A task payload is a JSONata string or a Map, not " + payload);
    }
}
