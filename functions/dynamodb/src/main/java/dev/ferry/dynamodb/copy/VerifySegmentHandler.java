package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the VerifySegment state: one time-boxed pass over a destination segment. */
public final class VerifySegmentHandler extends FerryFunction<SegmentRequest, VerifyProgress> {
    public VerifySegmentHandler() {
        this(Dependencies.fromEnvironment());
    }

    public VerifySegmentHandler(Dependencies deps) {
        super(SegmentRequest.class, deps);
    }

    @Override
    protected VerifyProgress handle(SegmentRequest request, Context context) {
        RunLedger ledger = deps.ledger();
        return ledger.unitWork(request.runId(), () -> new SegmentVerifier(deps, ledger).verify(request, context));
    }
}
