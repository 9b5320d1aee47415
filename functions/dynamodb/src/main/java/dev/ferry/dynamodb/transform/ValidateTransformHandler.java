package dev.ferry.dynamodb.transform;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the Validate state: {@code {"input", "executionName"}} -> the plan. */
public final class ValidateTransformHandler extends FerryFunction<ValidateTransformHandler.Request, TransformPlan> {

    /**
     * @param input the execution's input
     * @param executionName the execution's name: the run id unless the input gives one
     */
    public record Request(JsonNode input, String executionName) {
    }

    public ValidateTransformHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ValidateTransformHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected TransformPlan handle(Request request, Context context) {
        return new TransformValidator(deps).validate(request.input(), request.executionName());
    }
}
