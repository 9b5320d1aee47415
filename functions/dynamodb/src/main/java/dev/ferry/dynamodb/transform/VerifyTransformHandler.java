package dev.ferry.dynamodb.transform;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the VerifySegment state: one time-boxed pass of verification over a unit. */
public final class VerifyTransformHandler extends FerryFunction<UnitRequest, UnitProgress> {
    public VerifyTransformHandler() {
        this(Dependencies.fromEnvironment());
    }

    public VerifyTransformHandler(Dependencies deps) {
        super(UnitRequest.class, deps);
    }

    @Override
    protected UnitProgress handle(UnitRequest request, Context context) {
        RunLedger ledger = deps.ledger();
        return ledger.unitWork(request.runId(), () -> new TransformVerifier(deps, ledger, deps.reports()).verify(request, context));
    }
}
