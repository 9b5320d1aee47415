package dev.ferry.quicksight.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;
import dev.ferry.core.ledger.RunLedger;

/** Lambda entry of the CopyDataSet state: one dataset, an iteration of the Datasets map. */
public final class CopyDataSetHandler extends FerryFunction<CopyDataSetHandler.Request, DataSetCopier.Result> {

    /** @param runId the run; @param sourceId the source dataset id; @param sides the plan's sides, with their external ids */
    public record Request(String runId, String sourceId, java.util.List<dev.ferry.core.aws.Side> sides) {
    }

    public CopyDataSetHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CopyDataSetHandler(Dependencies deps) {
        super(CopyDataSetHandler.Request.class, deps);
    }

    @Override
    protected DataSetCopier.Result handle(CopyDataSetHandler.Request request, Context context) {
        RunLedger ledger = deps.ledger();
        return ledger.unitWork(request.runId(), () -> new DataSetCopier(deps, ledger).copy(request.runId(), request.sourceId(), request.sides()));
    }
}
