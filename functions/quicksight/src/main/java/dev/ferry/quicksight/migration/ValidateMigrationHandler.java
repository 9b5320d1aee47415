package dev.ferry.quicksight.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;
import com.fasterxml.jackson.databind.JsonNode;

/** Lambda entry of the Validate state: {"input", "executionName"} -> the plan; writes nothing. */
public final class ValidateMigrationHandler extends FerryFunction<ValidateMigrationHandler.Request, MigrationPlan> {

    /**
     * @param input the execution input
     * @param executionName the execution name: the run id unless the input gives one
     */
    public record Request(JsonNode input, String executionName) {
    }

    public ValidateMigrationHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ValidateMigrationHandler(Dependencies deps) {
        super(ValidateMigrationHandler.Request.class, deps);
    }

    @Override
    protected MigrationPlan handle(ValidateMigrationHandler.Request request, Context context) {
        return new MigrationValidator(deps).validate(request.input(), request.executionName());
    }
}
