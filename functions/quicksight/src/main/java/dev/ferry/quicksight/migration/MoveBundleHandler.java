package dev.ferry.quicksight.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;
import dev.ferry.core.ledger.RunLedger;

/** Lambda entry of the MoveBundle state: one step of one asset bundle (export, then import), for the wait loop. */
public final class MoveBundleHandler extends FerryFunction<MoveBundleHandler.Request, BundleMover.Progress> {

    /**
     * @param runId the run; @param bundle the bundle index; @param step where it stands (null: the start)
     * @param sides the plan's sides, with their external ids
     */
    public record Request(String runId, int bundle, String step, java.util.List<dev.ferry.core.aws.Side> sides) {
    }

    public MoveBundleHandler() {
        this(Dependencies.fromEnvironment());
    }

    public MoveBundleHandler(Dependencies deps) {
        super(MoveBundleHandler.Request.class, deps);
    }

    @Override
    protected BundleMover.Progress handle(MoveBundleHandler.Request request, Context context) {
        RunLedger ledger = deps.ledger();
        return ledger.unitWork(request.runId(), () -> new BundleMover(deps, ledger).step(request.runId(), request.bundle(), request.step(), request.sides()));
    }
}
