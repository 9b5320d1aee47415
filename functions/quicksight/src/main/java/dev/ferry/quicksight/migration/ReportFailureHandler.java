package dev.ferry.quicksight.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.errors.ErrorCauses;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;
import java.util.List;

/** Lambda entry of the ReportFailure state: after Rollback, the report of the failed run (error, what was removed and kept). */
public final class ReportFailureHandler extends FerryFunction<ReportFailureHandler.Request, MigrationReport> {

    /** What Rollback returned. */
    public record Rollback(List<String> undone, List<String> kept, dev.ferry.core.ledger.UnitFailure failure) {
    }

    /** @param runId the run; @param error the failure; @param cause its cause; @param rollback what Rollback did */
    public record Request(String runId, String error, String cause, Rollback rollback) {
    }

    public ReportFailureHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ReportFailureHandler(Dependencies deps) {
        super(ReportFailureHandler.Request.class, deps);
    }

    @Override
    protected MigrationReport handle(ReportFailureHandler.Request request, Context context) {
        Rollback r = request.rollback();
        boolean unit = r != null && r.failure() != null;
        return new MigrationReporter(deps).failureReport(request.runId(), unit ? r.failure().error() : request.error(),
                ErrorCauses.readable(unit ? r.failure().cause() : request.cause()), r == null ? List.of() : r.undone(), r == null ? List.of() : r.kept());
    }
}
