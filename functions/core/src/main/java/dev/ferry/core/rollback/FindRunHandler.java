package dev.ferry.core.rollback;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.ledger.RunRecord;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/**
 * First state of the rollback workflow: which workflow ran the run, so that the rollback goes to that
 * workflow's own Rollback function (whose module can undo every resource type it creates).
 */
public final class FindRunHandler extends FerryFunction<FindRunHandler.Request, FindRunHandler.Result> {

    /** @param runId the run to roll back */
    public record Request(String runId) {
    }

    /**
     * @param runId the run
     * @param workflow the workflow that ran it
     * @param status where it stands now
     */
    public record Result(String runId, String workflow, String status) {
    }

    public FindRunHandler() {
        this(Dependencies.fromEnvironment());
    }

    public FindRunHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected Result handle(Request request, Context context) {
        String runId = request.runId();
        if (runId == null || runId.isBlank()) {
            throw new InvalidInputException(new Problem("$.runId", "The run id is missing.",
                    "Start the rollback workflow with {\"runId\": \"<run id>\"} (see events/rollback.json)."));
        }
        RunRecord run = deps.ledgerForReading().findRun(runId).orElseThrow(() -> new InvalidInputException(new Problem(
                "$.runId", "No run '" + runId + "' is recorded in the ledger " + deps.ledgerTable() + ".",
                "Give the run id of a past run (its execution name unless its input set runId).")));
        return new Result(runId, run.workflow(), run.status().name());
    }
}
