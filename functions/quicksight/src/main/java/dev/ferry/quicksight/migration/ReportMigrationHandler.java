package dev.ferry.quicksight.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;


/** Lambda entry of the Report state: summary.json, assets.csv, the artefacts file (or the dry-run plan). */
public final class ReportMigrationHandler extends FerryFunction<ReportMigrationHandler.Request, MigrationReport> {

    /** @param runId the run; @param plan the validated plan */
    public record Request(String runId, MigrationPlan plan) {
    }

    public ReportMigrationHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ReportMigrationHandler(Dependencies deps) {
        super(ReportMigrationHandler.Request.class, deps);
    }

    @Override
    protected MigrationReport handle(ReportMigrationHandler.Request request, Context context) {
        MigrationReporter reporter = new MigrationReporter(deps);
        return request.plan().dryRun() ? reporter.planReport(request.plan()) : reporter.report(request.plan());
    }
}
