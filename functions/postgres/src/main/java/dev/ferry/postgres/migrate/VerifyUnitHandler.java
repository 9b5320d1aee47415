package dev.ferry.postgres.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the VerifyUnit state: one time-boxed pass verifying a key range. */
public final class VerifyUnitHandler extends FerryFunction<UnitRequest, UnitProgress> {
    public VerifyUnitHandler() {
        this(Dependencies.fromEnvironment());
    }

    public VerifyUnitHandler(Dependencies deps) {
        super(UnitRequest.class, deps);
    }

    @Override
    protected UnitProgress handle(UnitRequest request, Context context) {
        RunLedger ledger = deps.ledger();
        return ledger.unitWork(request.runId(), () -> new UnitVerifier(deps, ledger).verify(request, context));
    }
}
