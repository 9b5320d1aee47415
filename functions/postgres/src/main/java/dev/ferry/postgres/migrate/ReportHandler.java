package dev.ferry.postgres.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the Report state: verdicts, report files, and the run finished (or failed). */
public final class ReportHandler extends FerryFunction<ReportHandler.Request, PgReport> {

    /**
     * @param plan the validated plan
     * @param prepared what Prepare returned (a dry run reports from it); absent when Prepare failed
     * @param failure after a failure and its rollback: {@code {runId, error, cause, rollback}}; null otherwise
     */
    public record Request(PgPlan plan, Prepared prepared, com.fasterxml.jackson.databind.JsonNode failure) {
    }

    public ReportHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ReportHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected PgReport handle(Request request, Context context) {
        PgPlan plan = request.plan();
        if (request.failure() != null && !request.failure().isNull()) {
            return new PgReporter(deps, deps.ledgerForReading(), deps.reports()).failureReport(plan, request.failure());
        }
        if (plan.dryRun()) {
            PreparedRun resolved = new PgPreparer(deps, null).resolveForReport(plan);
            return new PgReporter(deps, null, deps.reports()).planReport(plan, request.prepared(), resolved);
        }
        return new PgReporter(deps, deps.ledger(), deps.reports()).report(plan);
    }
}
