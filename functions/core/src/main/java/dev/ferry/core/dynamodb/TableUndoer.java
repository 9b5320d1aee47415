package dev.ferry.core.dynamodb;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.rollback.ResourceUndoer;
import dev.ferry.core.rollback.UndoContext;
import dev.ferry.core.rollback.UndoOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Deletes a DynamoDB table a run created ({@value DynamoDbTables#RESOURCE_TYPE}): only when it carries
 * the run's {@link FerryTags#RUN_ID} tag (see {@link Ownership}); deletion protection the run switched
 * on is switched off first.
 */
public final class TableUndoer implements ResourceUndoer {
    private static final Logger LOG = LoggerFactory.getLogger(TableUndoer.class);

    @Override
    public String type() {
        return DynamoDbTables.RESOURCE_TYPE;
    }

    @Override
    public UndoOutcome undo(UndoContext context, ResourceRecord r) {
        AwsCalls calls = context.deps().calls();
        DynamoDbClient ddb = context.deps().clients().dynamo(r.side());
        TableDescription table = DynamoDbTables.find(calls, ddb, r.name()).orElse(null);
        if (table == null) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
            return UndoOutcome.gone();
        }
        if (!Ownership.createdByRun(calls, ddb, table, context.runId(), r.recordedAt())) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.PREEXISTING);
            return UndoOutcome.kept("not created by this run (no " + FerryTags.RUN_ID + "=" + context.runId() + " tag)");
        }
        if (table.tableStatus() == TableStatus.CREATING || table.tableStatus() == TableStatus.UPDATING) {
            throw new TransientException("table " + r.name() + " is " + table.tableStatusAsString() + "; rollback retries once it is ACTIVE");
        }
        try {
            if (Boolean.TRUE.equals(table.deletionProtectionEnabled())) {
                calls.run("UpdateTable " + r.name(), () -> ddb.updateTable(b -> b.tableName(r.name()).deletionProtectionEnabled(false)));
            }
            calls.run("DeleteTable " + r.name(), () -> ddb.deleteTable(b -> b.tableName(r.name())));
        } catch (ResourceNotFoundException gone) {
            LOG.debug("table {} was already gone", r.name());
        } catch (ResourceInUseException busy) {
            throw new TransientException("table " + r.name() + " is busy; rollback retries", busy);
        }
        context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
        LOG.info("rolled back: deleted table {}", r.name());
        return UndoOutcome.gone();
    }
}
