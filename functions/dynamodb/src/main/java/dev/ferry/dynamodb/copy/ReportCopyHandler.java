package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the Report state: verification result and report (or the dry-run plan). */
public final class ReportCopyHandler extends FerryFunction<ReportCopyHandler.Request, CopyReport> {

    /**
     * @param runId the run id
     * @param plan the validated plan
     * @param prepared what Prepare returned (the dry-run report is made of it)
     */
    public record Request(String runId, CopyPlan plan, PreparedCopy prepared) {
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
        if (plan.dryRun()) {
            return new CopyReporter(deps, null, deps.reports()).planReport(plan, request.prepared());
        }
        return new CopyReporter(deps, deps.ledger(), deps.reports()).report(plan);
    }
}
