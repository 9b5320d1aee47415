package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the CopySegment state: one time-boxed pass over a scan segment. */
public final class CopySegmentHandler extends FerryFunction<SegmentRequest, CopyProgress> {
    public CopySegmentHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CopySegmentHandler(Dependencies deps) {
        super(SegmentRequest.class, deps);
    }

    @Override
    protected CopyProgress handle(SegmentRequest request, Context context) {
        RunLedger ledger = deps.ledger();
        return ledger.unitWork(request.runId(), () -> new SegmentCopier(deps, ledger).copy(request, context));
    }
}
