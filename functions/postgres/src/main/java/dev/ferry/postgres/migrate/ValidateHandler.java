package dev.ferry.postgres.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the Validate state: {@code {"input", "executionName"}} -> the plan. */
public final class ValidateHandler extends FerryFunction<ValidateHandler.Request, PgPlan> {

    /**
     * @param input the execution's input
     * @param executionName the execution's name: the run id unless the input gives one
     */
    public record Request(JsonNode input, String executionName) {
    }

    public ValidateHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ValidateHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected PgPlan handle(Request request, Context context) {
        return new PgValidator(deps).validate(request.input(), request.executionName());
    }
}
