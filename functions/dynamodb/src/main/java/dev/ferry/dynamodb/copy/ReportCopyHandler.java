package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/**
 * Lambda entry of the Report state (verification result and report, or the dry-run plan) and of the
 * ReportFailure state (the report of a run that failed and was rolled back).
 */
public final class ReportCopyHandler extends FerryFunction<ReportCopyHandler.Request, CopyReport> {

    /**
     * @param runId the run id
     * @param plan the validated plan
     * @param prepared what Prepare returned (the dry-run report is made of it)
     * @param failure on the failure path (after Rollback): {@code error}, {@code cause} and the rollback's
     *     result; the report of the failed run is written and returned
     */
    public record Request(String runId, CopyPlan plan, PreparedCopy prepared, com.fasterxml.jackson.databind.JsonNode failure) {
    }

    public ReportCopyHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ReportCopyHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected CopyReport handle(Request request, Context context) {
        CopyPlan plan = request.plan();
        if (request.failure() != null && !request.failure().isNull()) {
            return new CopyReporter(deps, deps.ledgerForReading(), deps.reports()).failureReport(plan, request.failure());
        }
        if (plan.dryRun()) {
            return new CopyReporter(deps, null, deps.reports()).planReport(plan, request.prepared());
        }
        return new CopyReporter(deps, deps.ledger(), deps.reports()).report(plan);
    }
}
