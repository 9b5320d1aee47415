package dev.ferry.dynamodb.transform;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the TransformSegment state: one time-boxed pass over a unit. */
public final class TransformSegmentHandler extends FerryFunction<UnitRequest, UnitProgress> {
    public TransformSegmentHandler() {
        this(Dependencies.fromEnvironment());
    }

    public TransformSegmentHandler(Dependencies deps) {
        super(UnitRequest.class, deps);
    }

    @Override
    protected UnitProgress handle(UnitRequest request, Context context) {
        RunLedger ledger = deps.ledger();
        return ledger.unitWork(request.runId(), () -> new SegmentTransformer(deps, ledger, deps.reports()).run(request, context));
    }
}
