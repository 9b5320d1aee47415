package dev.ferry.quicksight.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;


/** Lambda entry of the Foundation state: user, group, membership, secret policies, data source (started). */
public final class FoundationHandler extends FerryFunction<MigrationPlan, FoundationResult> {

    public FoundationHandler() {
        this(Dependencies.fromEnvironment());
    }

    public FoundationHandler(Dependencies deps) {
        super(MigrationPlan.class, deps);
    }

    @Override
    protected FoundationResult handle(MigrationPlan request, Context context) {
        return new Foundation(deps).ensure(request);
    }
}
