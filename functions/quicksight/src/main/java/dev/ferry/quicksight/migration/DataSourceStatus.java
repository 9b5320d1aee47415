package dev.ferry.quicksight.migration;

import dev.ferry.core.errors.FerryException;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import software.amazon.awssdk.services.quicksight.model.DataSource;

/**
 * One check of the destination data source, made by the state machine's wait loop (never a sleep in a
 * Lambda): ready once QuickSight reports it created or updated; a failed creation fails the run with
 * QuickSight's ErrorInfo and what to do about it.
 */
public final class DataSourceStatus {
    /** Checks before the run gives up on a data source that stays in progress (with the default 10 s: 30 minutes). */
    static final int MAX_POLLS = 180;

    /** @param ready whether the data source can be used; @param status QuickSight's status; @param polls checks so far */
    public record Result(String runId, boolean ready, String status, int polls, int waitSeconds) {
    }

    private final Dependencies deps;

    DataSourceStatus(Dependencies deps) {
        this.deps = deps;
    }

    Result check(String runId, int polls, java.util.List<dev.ferry.core.aws.Side> sides) {
        RunLedger ledger = deps.ledger();
        MigrationPlan plan = MigrationPlan.load(ledger, runId, sides);
        QuickSightApi api = new QuickSightApi(deps);
        DataSource ds = api.dataSource(plan.destination(), plan.destinationAccountId(), plan.destinationDataSourceId())
                .orElseThrow(() -> new FerryException("the destination data source " + plan.destinationDataSourceId()
                        + " disappeared while it was being created. Fix: check that nothing else deletes it, then re-run"));
        String status = ds.statusAsString();
        switch (status) {
            case "CREATION_SUCCESSFUL", "UPDATE_SUCCESSFUL" -> {
                String key = ResourceKeys.key(QuickSightNames.DATA_SOURCE, plan.dataSourceArn());
                ledger.resource(runId, key).filter(r -> r.status() == ResourceStatus.CREATING)
                        .ifPresent(r -> ledger.setResourceStatus(runId, key, ResourceStatus.CREATED));
                return new Result(runId, true, status, polls + 1, plan.pollSeconds());
            }
            case "CREATION_FAILED", "UPDATE_FAILED" -> {
                String type = ds.errorInfo() == null ? "UNKNOWN" : ds.errorInfo().typeAsString();
                String message = ds.errorInfo() == null ? "(no ErrorInfo)" : ds.errorInfo().message();
                throw new DataSourceFailedException("QuickSight could not " + (status.startsWith("CREATION") ? "create" : "update")
                        + " data source " + plan.destinationDataSourceId() + " in account " + plan.destinationAccountId() + ": "
                        + type + ": " + message + ". Fix: check that the secret " + plan.secretArn() + " holds the database's "
                        + "username and password, that QuickSight's service role may read it (and decrypt it with its key: give "
                        + "secretKmsKeyArn), that the VPC connection reaches " + plan.database().host() + ":" + plan.database().port()
                        + " (security groups), then start the run again");
            }
            default -> {
                if (polls + 1 >= MAX_POLLS) {
                    throw new FerryException("data source " + plan.destinationDataSourceId() + " is still " + status + " after "
                            + (polls + 1) + " checks. Fix: look at it in the QuickSight console; start the run again once it is "
                            + "created (the same run id resumes)");
                }
                return new Result(runId, false, status, polls + 1, plan.pollSeconds());
            }
        }
    }
}
