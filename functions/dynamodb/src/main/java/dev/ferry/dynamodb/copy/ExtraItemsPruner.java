package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.dynamodb.BatchGetter;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.dynamodb.RateLimiter;
import dev.ferry.core.dynamodb.Scanner;
import dev.ferry.core.errors.ConflictException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Before a segment is copied again because its verification found items in the destination that the source
 * no longer has (deleted from the source during the copy), removes them: each destination key of the segment is
 * looked up in the source and deleted from the destination when absent. Only for a table this run created (a
 * reused table's other items are never touched); asked for by Prepare with a {@code copy#prune#<unit>}
 * checkpoint, time-boxed and checkpointed like the copy.
 */
final class ExtraItemsPruner {
    private static final Logger LOG = LoggerFactory.getLogger(ExtraItemsPruner.class);

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final long safetyMarginMillis;

    ExtraItemsPruner(Dependencies deps, RunLedger ledger) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.safetyMarginMillis = deps.safetyMarginMillis();
    }

    /** The checkpoint that asks for (and tracks) the pruning of a unit. */
    static String key(Unit unit) {
        return Unit.COPY_PREFIX + "prune#" + unit.unitId();
    }

    /** @return true when nothing is (left) to prune, false when the time ran out first */
    boolean prune(SegmentRequest request, Context context) {
        Unit unit = request.unit();
        Checkpoint cp = ledger.checkpoint(request.runId(), key(unit)).orElse(null);
        if (cp == null || cp.done()) {
            return true;
        }
        List<String> keys = keyAttributes(request);
        DynamoDbClient destination = clients.dynamo(request.destination());
        RateLimiter unlimited = new RateLimiter(0, calls.sleeper(), System::nanoTime);
        Scanner scanner = new Scanner(destination, unit.destinationTable(), unit.segment(), unit.totalSegments(), false, unlimited,
                calls, unit.destinationTable() + " segment " + (unit.segment() + 1) + "/" + unit.totalSegments() + " (removing extra items)")
                .consistent().projecting(keys);
        BatchGetter source = new BatchGetter(clients.dynamo(request.source()), unit.sourceTable(), keys, true, unlimited, calls,
                unit.sourceTable() + " (looking up extra items)");
        long removed = cp.items();
        long pages = cp.pages();
        Map<String, AttributeValue> lastKey = cp.lastKey();
        do {
            ScanResponse page = scanner.page(lastKey);
            List<Map<String, AttributeValue>> pageKeys = page.items().stream().map(source::keyOf).toList();
            var found = source.get(pageKeys);
            List<Map<String, AttributeValue>> extra = pageKeys.stream().filter(k -> !found.containsKey(k)).toList();
            delete(destination, unit.destinationTable(), extra);
            removed += extra.size();
            pages++;
            lastKey = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : Map.of();
            ledger.saveCheckpoint(request.runId(), key(unit), new Checkpoint(lastKey, removed, 0, pages, null, lastKey.isEmpty(),
                    cp.invocations() + 1, cp.detail()));
        } while (!lastKey.isEmpty() && context.getRemainingTimeInMillis() > safetyMarginMillis);
        if (lastKey.isEmpty()) {
            LOG.info("segment {}: removed {} item(s) the source no longer has", unit.describe(), removed);
        }
        return lastKey.isEmpty();
    }

    private void delete(DynamoDbClient ddb, String table, List<Map<String, AttributeValue>> keys) {
        for (int i = 0; i < keys.size(); i += 25) {
            List<WriteRequest> pending = keys.subList(i, Math.min(keys.size(), i + 25)).stream()
                    .map(k -> WriteRequest.builder().deleteRequest(d -> d.key(k)).build()).toList();
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt == calls.attempts()) {
                    throw new TransientException("removing extra items from " + table + ": " + pending.size()
                            + " deletes kept coming back unprocessed; the step is retried from its checkpoint");
                }
                if (attempt > 0) {
                    calls.pause(attempt - 1);
                }
                List<WriteRequest> request = pending;
                var response = calls.call("BatchWriteItem " + table, () -> ddb.batchWriteItem(b -> b.requestItems(Map.of(table, request))));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            }
        }
    }

    private List<String> keyAttributes(SegmentRequest request) {
        var table = DynamoDbTables.find(calls, clients.dynamo(request.source()), request.unit().sourceTable())
                .orElseThrow(() -> new ConflictException("the source table " + request.unit().sourceTable() + " no longer exists"));
        List<String> out = new ArrayList<>();
        table.keySchema().stream().filter(k -> k.keyType() == KeyType.HASH).map(KeySchemaElement::attributeName).forEach(out::add);
        table.keySchema().stream().filter(k -> k.keyType() == KeyType.RANGE).map(KeySchemaElement::attributeName).forEach(out::add);
        return out;
    }
}
