package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the Prepare state: the plan -> tables created and units of work. */
public final class PrepareCopyHandler extends FerryFunction<CopyPlan, PreparedCopy> {
    public PrepareCopyHandler() {
        this(Dependencies.fromEnvironment());
    }

    public PrepareCopyHandler(Dependencies deps) {
        super(CopyPlan.class, deps);
    }

    @Override
    protected PreparedCopy handle(CopyPlan plan, Context context) {
        return new TablePreparer(deps, plan.dryRun() ? null : deps.ledger()).prepare(plan, context);
    }
}
