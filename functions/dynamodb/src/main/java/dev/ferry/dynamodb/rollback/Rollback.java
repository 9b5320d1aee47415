package dev.ferry.dynamodb.rollback;

import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.errors.RollbackIncompleteException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunIdConflictException;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.dynamodb.copy.Ownership;
import dev.ferry.dynamodb.copy.TablePreparer;
import dev.ferry.dynamodb.copy.TableSchema;
import dev.ferry.dynamodb.support.Aws;
import dev.ferry.dynamodb.support.Tables;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Undoes a run from its ledger: every resource it recorded as created (or about to be), newest
 * first; never one that existed before the run. A DynamoDB table is deleted only when it carries
 * the run's {@code ferry:run-id} tag. Idempotent: running it again after a partial rollback
 * finishes the job.
 */
public final class Rollback {
    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

    /** Ledger document where a failing unit of work leaves its own error (see {@link #recordUnitFailure}). */
    public static final String UNIT_FAILURE = "unit-failure";
    /** What a Distributed Map reports when one of its children failed. */
    static final String MAP_FAILED = "States.ExceedToleratedFailureThreshold";

    /** The error name the rollback workflow passes when an operator asks for a rollback. */
    public static final String REQUESTED = "Ferry.RollbackRequested";

    private final ClientFactory clients;
    private final RunLedger ledger;

    public Rollback(ClientFactory clients, RunLedger ledger) {
        this.clients = clients;
        this.ledger = ledger;
    }

    public RollbackResult rollBack(String runId, String reason) {
        boolean onDemand = REQUESTED.equals(reason);
        if (runId == null || runId.isBlank()) {
            if (onDemand) {
                throw new InvalidInputException(new Problem("$.runId", "The run id is missing.",
                        "Start the rollback workflow with {\"runId\": \"<run id>\"} (see events/rollback.json)."));
            }
            return new RollbackResult(runId, List.of(), List.of(), null); // failed before a run id existed
        }
        if (ledger.run(runId).isEmpty()) {
            if (onDemand) {
                throw new InvalidInputException(new Problem("$.runId", "No run '" + runId + "' is recorded in the ledger "
                        + ledger.tableName() + ".", "Give the run id of a past run (its execution name unless its input set runId)."));
            }
            return new RollbackResult(runId, List.of(), List.of(), null); // failed before anything was written
        }
        if (!onDemand) {
            RunStatus status = ledger.run(runId).get().status();
            if (status == RunStatus.SUCCEEDED) {
                return new RollbackResult(runId, List.of(), List.of("run " + runId + " had already succeeded: nothing was "
                        + "rolled back. To undo it, start the rollback workflow with {\"runId\": \"" + runId + "\"}"), null);
            }
            if (RunIdConflictException.class.getName().equals(reason)) {
                return new RollbackResult(runId, List.of(), List.of("run id " + runId + " belongs to another input: "
                        + "that run is left alone"), null);
            }
        }
        ledger.setStatus(runId, RunStatus.ROLLING_BACK);
        List<ResourceRecord> resources = new ArrayList<>(ledger.resources(runId));
        java.util.Collections.reverse(resources);
        List<String> undone = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (ResourceRecord r : resources) {
            switch (r.status()) {
                case ROLLED_BACK -> undone.add(r.type() + " " + r.name() + " (already removed)");
                case PREEXISTING -> kept.add(r.type() + " " + r.name() + ": existed before this run");
                case CREATING, CREATED -> {
                    try {
                        String outcome = undo(runId, r);
                        if (outcome == null) {
                            undone.add(r.type() + " " + r.name());
                        } else {
                            kept.add(r.type() + " " + r.name() + ": " + outcome);
                        }
                    } catch (TransientException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        left.add(r.type() + " " + r.name() + " (" + Aws.describe(e) + ": " + e.getMessage() + ")");
                    }
                }
                default -> throw new IllegalStateException("unknown resource status " + r.status());
            }
        }
        if (!left.isEmpty()) {
            ledger.setStatus(runId, RunStatus.ROLLBACK_INCOMPLETE);
            throw new RollbackIncompleteException("rollback of run " + runId + " could not remove: " + String.join("; ", left)
                    + ". Fix the cause and start the rollback workflow with {\"runId\": \"" + runId + "\"} to finish it.");
        }
        ledger.deleteCheckpoints(runId);
        RollbackResult.UnitFailure failure = MAP_FAILED.equals(reason)
                ? ledger.document(runId, UNIT_FAILURE, RollbackResult.UnitFailure.class).orElse(null) : null;
        ledger.deleteDocument(runId, UNIT_FAILURE);
        ledger.setStatus(runId, RunStatus.ROLLED_BACK);
        LOG.info("run {} rolled back: {} removed, {} kept", runId, undone.size(), kept.size());
        return new RollbackResult(runId, undone, kept, failure);
    }

    /**
     * Keeps a unit's error in the ledger before the unit's handler rethrows it: the Map state that
     * ran the unit will only say that a child failed, and rollback hands this error on instead.
     */
    public static void recordUnitFailure(RunLedger ledger, String runId, RuntimeException e) {
        try {
            ledger.putDocument(runId, UNIT_FAILURE, new RollbackResult.UnitFailure(e.getClass().getName(), e.getMessage()));
        } catch (RuntimeException ledgerDown) {
            LOG.warn("could not record the failure of a unit of run {} ({})", runId, ledgerDown.getClass().getSimpleName());
        }
    }

    /** Removes one resource; returns null when removed, or why it was kept. */
    private String undo(String runId, ResourceRecord r) {
        if (!TablePreparer.TABLE_TYPE.equals(r.type())) {
            throw new IllegalStateException("no undoer for resource type " + r.type());
        }
        DynamoDbClient ddb = clients.dynamo(r.side());
        TableDescription table = Tables.find(ddb, r.name()).orElse(null);
        if (table == null) {
            ledger.setResourceStatus(runId, r.key(), ResourceStatus.ROLLED_BACK);
            return null;
        }
        if (!Ownership.createdByRun(ddb, table, runId, r.recordedAt())) {
            ledger.setResourceStatus(runId, r.key(), ResourceStatus.PREEXISTING);
            return "not created by this run (no " + TableSchema.RUN_TAG + "=" + runId + " tag)";
        }
        if (table.tableStatus() == TableStatus.CREATING || table.tableStatus() == TableStatus.UPDATING) {
            throw new TransientException("table " + r.name() + " is " + table.tableStatusAsString() + "; rollback retries once it is ACTIVE");
        }
        try {
            if (Boolean.TRUE.equals(table.deletionProtectionEnabled())) {
                Aws.transientOnRetryable("UpdateTable " + r.name(), () -> ddb.updateTable(b -> b.tableName(r.name()).deletionProtectionEnabled(false)));
            }
            Aws.transientOnRetryable("DeleteTable " + r.name(), () -> ddb.deleteTable(b -> b.tableName(r.name())));
        } catch (ResourceNotFoundException gone) {
            LOG.debug("table {} was already gone", r.name());
        } catch (ResourceInUseException busy) {
            throw new TransientException("table " + r.name() + " is busy; rollback retries", busy);
        }
        ledger.setResourceStatus(runId, r.key(), ResourceStatus.ROLLED_BACK);
        LOG.info("rolled back: deleted table {}", r.name());
        return null;
    }
}
