package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.report.ReportSinks;
import dev.ferry.dynamodb.support.Dependencies;
import dev.ferry.dynamodb.support.DynamoDbFunction;

/** Lambda entry of the Report state: verification result and report (or the dry-run plan). */
public final class ReportCopyHandler extends DynamoDbFunction<ReportCopyHandler.Request, CopyReport> {

    /**
     * @param runId the run id
     * @param plan the validated plan
     */
    public record Request(String runId, CopyPlan plan) {
    }

    public ReportCopyHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ReportCopyHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected CopyReport handle(Request request, Context context) {
        CopyReporter reporter = new CopyReporter(deps.clients(), deps.ledger(),
                ReportSinks.forLocation(deps.reportsLocation(), () -> deps.clients().s3(deps.clients().control())));
        CopyPlan plan = request.plan();
        if (plan.dryRun()) {
            PreparedCopy prepared = new TablePreparer(deps.clients(), deps.ledger(), deps.safetyMarginMillis(),
                    deps.mapConcurrency()).prepare(plan, context);
            return reporter.planReport(plan, prepared);
        }
        return reporter.report(plan);
    }
}
