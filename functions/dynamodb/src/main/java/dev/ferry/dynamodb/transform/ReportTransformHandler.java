package dev.ferry.dynamodb.transform;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.ErrorCauses;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/**
 * Lambda entry of the Report state (after verification, or straight after the transform in a dry run) and of
 * the ReportFailure state (after a failed run's rollback, with {@code failure}).
 */
public final class ReportTransformHandler extends FerryFunction<ReportTransformHandler.Request, TransformReport> {

    /**
     * The Report state's payload ({@code runId, plan, prepared}) or the ReportFailure state's ({@code runId, error,
     * cause, rollback}: after a rollback, the plan and units are read from the ledger).
     *
     * @param runId the run id
     * @param plan the validated plan (null after a failure)
     * @param prepared what Plan returned (null: read from the ledger)
     * @param error the error the run failed with (null unless it failed)
     * @param cause its cause
     * @param rollback what the Rollback state returned ({"undone", "kept", "failure"?}), after a failure
     */
    public record Request(String runId, TransformPlan plan, PreparedTransform prepared, String error, String cause,
                          JsonNode rollback) {
    }

    /**
     * A failed run, as its report tells it.
     *
     * @param error the error the run failed with (a failed unit's own error when a Distributed Map failed)
     * @param cause its cause
     * @param rollback what rollback did
     */
    public record Failure(String error, String cause, JsonNode rollback) {
        static Failure of(Request request) {
            JsonNode unit = request.rollback() == null ? null : request.rollback().path("failure");
            boolean unitFailed = unit != null && unit.hasNonNull("error");
            return new Failure(unitFailed ? unit.get("error").asText() : request.error(),
                    ErrorCauses.readable(unitFailed ? unit.path("cause").asText() : request.cause()), request.rollback());
        }
    }

    public ReportTransformHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ReportTransformHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected TransformReport handle(Request request, Context context) {
        TransformReporter reporter = new TransformReporter(deps.ledger(), deps.reports());
        if (request.error() == null) {
            return reporter.report(request.plan(), request.prepared(), null);
        }
        return reporter.failed(request.runId(), Failure.of(request));
    }
}
