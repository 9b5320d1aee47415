package dev.ferry.postgres.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the LoadUnit state: one time-boxed pass over a key range. */
public final class LoadUnitHandler extends FerryFunction<UnitRequest, UnitProgress> {
    public LoadUnitHandler() {
        this(Dependencies.fromEnvironment());
    }

    public LoadUnitHandler(Dependencies deps) {
        super(UnitRequest.class, deps);
    }

    @Override
    protected UnitProgress handle(UnitRequest request, Context context) {
        RunLedger ledger = deps.ledger();
        return ledger.unitWork(request.runId(), () -> new UnitLoader(deps, ledger).load(request, context));
    }
}
