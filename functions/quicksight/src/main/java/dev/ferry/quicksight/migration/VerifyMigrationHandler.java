package dev.ferry.quicksight.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;
import dev.ferry.core.report.Verdict;
import java.util.List;

/** Lambda entry of the Verify state: every moved dataset, dashboard and analysis compared with its source. */
public final class VerifyMigrationHandler extends FerryFunction<VerifyMigrationHandler.Request, VerifyMigrationHandler.Result> {

    /** @param runId the run; @param sides the plan's sides, with their external ids */
    public record Request(String runId, List<dev.ferry.core.aws.Side> sides) {
    }

    /** Counts of the verdicts (the rows are in the ledger). */
    public record Result(String runId, int rows, int matched, int mismatched) {
    }

    public VerifyMigrationHandler() {
        this(Dependencies.fromEnvironment());
    }

    public VerifyMigrationHandler(Dependencies deps) {
        super(VerifyMigrationHandler.Request.class, deps);
    }

    @Override
    protected VerifyMigrationHandler.Result handle(VerifyMigrationHandler.Request request, Context context) {
        List<MigrationReport.Row> rows = new MigrationVerifier(deps, deps.ledger()).verify(request.runId(), request.sides());
        return new Result(request.runId(), rows.size(), (int) rows.stream().filter(r -> r.verdict() == Verdict.MATCH).count(),
                (int) rows.stream().filter(r -> r.verdict() == Verdict.MISMATCH).count());
    }
}
