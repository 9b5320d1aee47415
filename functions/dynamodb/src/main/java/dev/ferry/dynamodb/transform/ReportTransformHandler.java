package dev.ferry.dynamodb.transform;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/**
 * Lambda entry of the Report state (after verification, or straight after the transform in a dry run) and of
 * the ReportFailure state (after a failed run's rollback, with {@code failure}).
 */
public final class ReportTransformHandler extends FerryFunction<ReportTransformHandler.Request, TransformReport> {

    /**
     * @param runId the run id
     * @param plan the validated plan
     * @param prepared what Plan returned (null: read from the ledger)
     * @param failure the run's failure and what rollback did (null unless the run failed)
     */
    public record Request(String runId, TransformPlan plan, PreparedTransform prepared, Failure failure) {
    }

    /**
     * @param error the error the run failed with
     * @param cause its cause
     * @param rollback what the Rollback state returned ({"undone", "kept", ...}), if it ran
     */
    public record Failure(String error, String cause, JsonNode rollback) {
    }

    public ReportTransformHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ReportTransformHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected TransformReport handle(Request request, Context context) {
        return new TransformReporter(deps.ledger(), deps.reports()).report(request.plan(), request.prepared(), request.failure());
    }
}
