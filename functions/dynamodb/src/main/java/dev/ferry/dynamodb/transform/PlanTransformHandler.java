package dev.ferry.dynamodb.transform;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/** Lambda entry of the Plan state: the plan -> the run recorded, backups taken, units of work. */
public final class PlanTransformHandler extends FerryFunction<TransformPlan, PreparedTransform> {
    public PlanTransformHandler() {
        this(Dependencies.fromEnvironment());
    }

    public PlanTransformHandler(Dependencies deps) {
        super(TransformPlan.class, deps);
    }

    @Override
    protected PreparedTransform handle(TransformPlan plan, Context context) {
        return new TransformPlanner(deps, deps.ledger()).plan(plan);
    }
}
