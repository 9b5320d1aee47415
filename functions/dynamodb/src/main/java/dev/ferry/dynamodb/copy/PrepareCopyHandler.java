package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.dynamodb.support.Dependencies;
import dev.ferry.dynamodb.support.DynamoDbFunction;

/** Lambda entry of the Prepare state: the plan -> tables created and units of work. */
public final class PrepareCopyHandler extends DynamoDbFunction<CopyPlan, PreparedCopy> {
    public PrepareCopyHandler() {
        this(Dependencies.fromEnvironment());
    }

    public PrepareCopyHandler(Dependencies deps) {
        super(CopyPlan.class, deps);
    }

    @Override
    protected PreparedCopy handle(CopyPlan plan, Context context) {
        return new TablePreparer(deps.clients(), deps.ledger(), deps.safetyMarginMillis(), deps.mapConcurrency())
                .prepare(plan, context);
    }
}
