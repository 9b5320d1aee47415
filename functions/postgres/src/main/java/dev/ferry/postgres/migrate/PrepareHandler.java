package dev.ferry.postgres.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the Prepare state: the plan -> target tables ready, units by load level. */
public final class PrepareHandler extends FerryFunction<PgPlan, Prepared> {
    public PrepareHandler() {
        this(Dependencies.fromEnvironment());
    }

    public PrepareHandler(Dependencies deps) {
        super(PgPlan.class, deps);
    }

    @Override
    protected Prepared handle(PgPlan plan, Context context) {
        return new PgPreparer(deps, plan.dryRun() ? null : deps.ledger()).prepare(plan, context);
    }
}
