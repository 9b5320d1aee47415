package dev.ferry.quicksight.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.runtime.FerryFunction;


/** Lambda entry of the CheckDataSource state: one check of the data source, for the state machine's wait loop. */
public final class DataSourceStatusHandler extends FerryFunction<DataSourceStatusHandler.Request, DataSourceStatus.Result> {

    /** @param runId the run; @param polls checks made so far; @param sides the plan's sides, with their external ids */
    public record Request(String runId, int polls, java.util.List<dev.ferry.core.aws.Side> sides) {
    }

    public DataSourceStatusHandler() {
        this(Dependencies.fromEnvironment());
    }

    public DataSourceStatusHandler(Dependencies deps) {
        super(DataSourceStatusHandler.Request.class, deps);
    }

    @Override
    protected DataSourceStatus.Result handle(DataSourceStatusHandler.Request request, Context context) {
        return new DataSourceStatus(deps).check(request.runId(), request.polls(), request.sides());
    }
}
