package dev.ferry.dynamodb.rollback;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.dynamodb.support.Dependencies;
import dev.ferry.dynamodb.support.DynamoDbFunction;

/**
 * Lambda entry of the Rollback state (after a failure) and of the rollback workflow (on demand):
 * undoes, in reverse order, exactly what the run created.
 */
public final class RollbackHandler extends DynamoDbFunction<RollbackHandler.Request, RollbackResult> {

    /**
     * @param runId the run to roll back
     * @param error the error that caused it (or Ferry.RollbackRequested)
     * @param cause its cause
     */
    public record Request(String runId, String error, String cause) {
    }

    public RollbackHandler() {
        this(Dependencies.fromEnvironment());
    }

    public RollbackHandler(Dependencies deps) {
        super(Request.class, deps);
    }

    @Override
    protected RollbackResult handle(Request request, Context context) {
        return new Rollback(deps.clients(), deps.ledger()).rollBack(request.runId(), request.error());
    }
}
