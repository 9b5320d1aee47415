package dev.ferry.core.dynamodb;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.rollback.ResourceUndoer;
import dev.ferry.core.rollback.UndoContext;
import dev.ferry.core.rollback.UndoOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Undoes a change a run made to items of a table it did not create ({@value ItemChanges#RESOURCE_TYPE}, see
 * {@link ItemChanges}): deletes the items it added and puts back the items it overwrote or deleted, as they were.
 * Changes are undone newest first (the ledger's order), so an item changed twice ends as it was before the run.
 */
public final class ItemUndoer implements ResourceUndoer {
    private static final Logger LOG = LoggerFactory.getLogger(ItemUndoer.class);

    @Override
    public String type() {
        return ItemChanges.RESOURCE_TYPE;
    }

    @Override
    public UndoOutcome undo(UndoContext context, ResourceRecord r) {
        AwsCalls calls = context.deps().calls();
        DynamoDbClient ddb = context.deps().clients().dynamo(r.side());
        ItemChanges.Change change = ItemChanges.read(context.ledger(), context.runId(), r.key());
        List<WriteRequest> requests = new ArrayList<>();
        change.created().forEach(k -> requests.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build()));
        change.previous().forEach(item -> requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()));
        try {
            for (int i = 0; i < requests.size(); i += 25) {
                write(calls, ddb, r.name(), requests.subList(i, Math.min(requests.size(), i + 25)));
            }
        } catch (ResourceNotFoundException gone) {
            LOG.debug("table {} is gone: nothing to put back", r.name());
        }
        context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
        return UndoOutcome.gone(change.created().size() + " item(s) removed, " + change.previous().size() + " restored");
    }

    private static void write(AwsCalls calls, DynamoDbClient ddb, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 0; !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
            if (attempt == calls.attempts()) {
                throw new TransientException("rollback of items in " + table + ": " + pending.get(table).size()
                        + " writes kept coming back unprocessed; the rollback step is retried");
            }
            if (attempt > 0) {
                calls.pause(attempt - 1);
            }
            Map<String, List<WriteRequest>> request = pending;
            pending = calls.call("BatchWriteItem " + table + " (rollback)", () -> ddb.batchWriteItem(b -> b.requestItems(request)))
                    .unprocessedItems();
        }
    }
}
