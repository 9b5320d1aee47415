package dev.ferry.core.rollback;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.ledger.RunRecord;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;
import dev.ferry.core.validation.InputSchema;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * First state of the rollback workflow: which workflow ran the run, so that the rollback goes to that
 * workflow's own Rollback function (whose module can undo every resource type it creates).
 */
public final class FindRunHandler extends FerryFunction<JsonNode, FindRunHandler.Result> {
    private static final InputSchema SCHEMA = InputSchema.forWorkflow("rollback");


    /**
     * @param runId the run
     * @param workflow the workflow that ran it
     * @param status where it stands now
     * @param externalIds the input's external ids by role ARN, handed on to the workflow's Rollback (the ledger
     *     keeps none); empty when none were given
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Result(String runId, String workflow, String status, java.util.Map<String, String> externalIds) {
    }

    public FindRunHandler() {
        this(Dependencies.fromEnvironment());
    }

    public FindRunHandler(Dependencies deps) {
        super(JsonNode.class, deps);
    }

    /**
     * @param request the rollback workflow's input ({@code {"runId", "externalIds"?}}), as given or wrapped
     *     as {@code {"input": ...}}; checked against {@code events/schemas/rollback.schema.json}
     */
    @Override
    protected Result handle(JsonNode request, Context context) {
        JsonNode input = request != null && request.has("input") && request.size() == 1 ? request.get("input") : request;
        if (input == null || !input.isObject()) {
            throw new InvalidInputException(new Problem("$", "The input must be a JSON object.",
                    "Start the rollback workflow with {\"runId\": \"<run id>\"} (see events/rollback.json)."));
        }
        List<Problem> problems = SCHEMA.check(input);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String runId = input.path("runId").asText();
        RunRecord run = deps.ledgerForReading().findRun(runId).orElseThrow(() -> new InvalidInputException(new Problem(
                "$.runId", "No run '" + runId + "' is recorded in the ledger " + deps.ledgerTable() + ".",
                "Give the run id of a past run (its execution name unless its input set runId).")));
        java.util.Map<String, String> externalIds = input.has("externalIds")
                ? dev.ferry.core.json.Json.MAPPER.convertValue(input.get("externalIds"),
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() { }) : java.util.Map.<String, String>of();
        return new Result(runId, run.workflow(), run.status().name(), externalIds);
    }
}
