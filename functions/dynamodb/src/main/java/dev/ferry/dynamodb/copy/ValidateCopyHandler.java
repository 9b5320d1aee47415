package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the Validate state: {@code {"input", "executionName"}} -> the plan. */
public final class ValidateCopyHandler extends FerryFunction<ValidateCopyHandler.Request, CopyPlan> {

    /**
     * @param input the execution's input
     * @param executionName the execution's name: the run id unless the input gives one
     */
    public record Request(JsonNode input, String executionName) {
    }

    public ValidateCopyHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ValidateCopyHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected CopyPlan handle(Request request, Context context) {
        return new CopyValidator(deps).validate(request.input(), request.executionName());
    }
}
