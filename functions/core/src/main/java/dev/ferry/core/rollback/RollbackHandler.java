package dev.ferry.core.rollback;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;

/**
 * Lambda entry of every workflow's Rollback state (after a failure) and of the rollback workflow
 * (on demand): undoes, in reverse order, exactly what the run created, with the
 * {@link ResourceUndoer}s registered in the function's module.
 */
public final class RollbackHandler extends FerryFunction<RollbackRequest, RollbackResult> {
    public RollbackHandler() {
        this(Dependencies.fromEnvironment());
    }

    public RollbackHandler(Dependencies deps) {
        super(RollbackRequest.class, deps);
    }

    @Override
    protected RollbackResult handle(RollbackRequest request, Context context) {
        return new Rollback(deps, deps.ledgerForReading()).rollBack(request);
    }
}
