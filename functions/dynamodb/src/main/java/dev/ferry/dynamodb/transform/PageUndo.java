package dev.ferry.dynamodb.transform;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.dynamodb.BatchGetter;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.rollback.UndoContext;
import dev.ferry.core.rollback.UndoOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Undoes one page of a transform from its {@link PageFile}, only where the run's write is still there:
 * <ul>
 *   <li>an updated item gets its touched attributes back (SET / REMOVE, so every other attribute stays as it
 *       is now), conditional on each of them still holding what the run wrote; an item that holds the
 *       pre-image already is left alone (never written, or undone before); anything else is a conflict;</li>
 *   <li>an emitted record that still equals what the run wrote is deleted (when the run created it) or put
 *       back as it was (when the run replaced it), newest write first; a record that equals its pre-image is
 *       left alone; anything else is a conflict.</li>
 * </ul>
 * A conflict is never overwritten: it is listed in {@code rollback-<page file>} beside the report and named
 * in the rollback's result. Idempotent: running it again finds everything undone.
 */
final class PageUndo {
    private static final Logger LOG = LoggerFactory.getLogger(PageUndo.class);
    /** Writes in flight while undoing a page. */
    static final int WRITERS = 8;

    private PageUndo() {
    }

    /** A conflict: the key, and what was found. */
    record Conflict(String table, String keyText, String detail) {
    }

    static UndoOutcome items(UndoContext context, ResourceRecord resource) {
        ReportSink reports = context.deps().reports();
        PageFile page = PageFile.read(reports, context.runId(), resource.name());
        DynamoDbClient ddb = context.deps().clients().dynamo(resource.side());
        AwsCalls calls = context.deps().calls();
        List<PageFile.ItemChange> entries = new ArrayList<>(page.items());
        Collections.reverse(entries);
        AtomicLong restored = new AtomicLong();
        List<Conflict> conflicts = Collections.synchronizedList(new ArrayList<>());
        parallel(entries, e -> {
            Map<String, AttributeValue> key = e.keyItem();
            Map<String, AttributeValue> before = e.beforeItem();
            Map<String, AttributeValue> after = e.afterItem();
            AttributeDiff undo = AttributeDiff.between(after, before);
            if (undo.isEmpty()) {
                return;
            }
            UpdateItemRequest request = undo.conditionalUpdate(page.table(), key, key.keySet().iterator().next());
            if (request == null) {
                throw new FerryException("the page " + resource.name() + " holds a change too large to undo in one update");
            }
            try {
                calls.call("UpdateItem on " + page.table() + " (rollback)", () -> ddb.updateItem(request));
                restored.incrementAndGet();
            } catch (ConditionalCheckFailedException notAsWritten) {
                Map<String, AttributeValue> now = get(calls, ddb, page.table(), key);
                if (now == null) {
                    conflicts.add(new Conflict(page.table(), keyText(key), "deleted since the run wrote it"));
                } else if (!undo.holds(now, before)) {
                    List<String> changed = undo.touched().stream().filter(name -> now.get(name) == null || after.get(name) == null
                            ? now.get(name) != after.get(name) : !PlainJson.sameValue(now.get(name), after.get(name))).toList();
                    conflicts.add(new Conflict(page.table(), keyText(key), "changed since the run wrote it: "
                            + String.join(", ", changed) + (changed.size() == 1 ? " no longer holds" : " no longer hold")
                            + " what the run wrote"));
                }
                // else: it holds the pre-image already (never written, or undone before)
            }
        });
        return finish(context, resource, conflicts, "restored " + restored.get() + " of " + page.items().size()
                + " item(s) of " + page.table() + " to their pre-images");
    }

    static UndoOutcome records(UndoContext context, ResourceRecord resource) {
        ReportSink reports = context.deps().reports();
        PageFile page = PageFile.read(reports, context.runId(), resource.name());
        DynamoDbClient ddb = context.deps().clients().dynamo(resource.side());
        AwsCalls calls = context.deps().calls();
        // a key written twice in one page (a retried item) is undone newest first, one step at a time
        Map<String, List<PageFile.RecordChange>> byKey = new LinkedHashMap<>();
        for (PageFile.RecordChange r : page.emitted()) {
            Map<String, AttributeValue> key = r.keyItem();
            byKey.computeIfAbsent(r.table() + "\n" + BatchGetter.keyId(key, new ArrayList<>(key.keySet())),
                    k -> new ArrayList<>()).add(r);
        }
        AtomicLong deleted = new AtomicLong();
        AtomicLong restored = new AtomicLong();
        List<Conflict> conflicts = Collections.synchronizedList(new ArrayList<>());
        parallel(new ArrayList<>(byKey.values()), changes -> {
            List<PageFile.RecordChange> newestFirst = new ArrayList<>(changes);
            Collections.reverse(newestFirst);
            String table = newestFirst.get(0).table();
            Map<String, AttributeValue> key = newestFirst.get(0).keyItem();
            Map<String, AttributeValue> current = get(calls, ddb, table, key);
            for (PageFile.RecordChange c : newestFirst) {
                Map<String, AttributeValue> after = c.afterItem();
                Map<String, AttributeValue> before = c.beforeItem();
                if (PlainJson.sameItem(current, after)) {
                    try {
                        if (before == null) {
                            calls.call("DeleteItem on " + table + " (rollback)", () -> ddb.deleteItem(deleteIfStill(table, key, after)));
                            deleted.incrementAndGet();
                        } else {
                            calls.call("PutItem on " + table + " (rollback)", () -> ddb.putItem(putIfStill(table, before, after)));
                            restored.incrementAndGet();
                        }
                        current = before;
                    } catch (ConditionalCheckFailedException changed) {
                        conflicts.add(new Conflict(table, keyText(key), "changed while the rollback restored it"));
                        return;
                    }
                } else if (!PlainJson.sameItem(current, before)) {
                    conflicts.add(new Conflict(table, keyText(key), current == null ? "deleted since the run wrote it"
                            : "changed since the run wrote it"));
                    return;
                }
            }
        });
        String table = page.emitted().isEmpty() ? "" : " of " + page.emitted().get(0).table();
        return finish(context, resource, conflicts, "deleted " + deleted.get() + " record(s) the run created and restored "
                + restored.get() + " it replaced" + table);
    }

    private static UndoOutcome finish(UndoContext context, ResourceRecord resource, List<Conflict> conflicts, String done) {
        context.ledger().setResourceStatus(context.runId(), resource.key(), ResourceStatus.ROLLED_BACK);
        if (conflicts.isEmpty()) {
            LOG.info("rolled back {}: {}", resource.name(), done);
            return UndoOutcome.gone(done);
        }
        String file = "rollback-" + resource.type().replace(':', '-') + "-" + resource.name();
        java.net.URI where = context.deps().reports().write(context.runId(), file, Json.bytes(conflicts), "application/json");
        LOG.warn("rolled back {} with {} conflict(s): {}", resource.name(), conflicts.size(), done);
        return UndoOutcome.kept(done + "; " + conflicts.size() + " changed since this run wrote them and were left as they "
                + "are, never overwritten (their keys: " + where + ")");
    }

    /** Delete only while the record still holds every attribute the run wrote. */
    private static DeleteItemRequest deleteIfStill(String table, Map<String, AttributeValue> key, Map<String, AttributeValue> after) {
        Condition c = Condition.of(after);
        DeleteItemRequest.Builder b = DeleteItemRequest.builder().tableName(table).key(key);
        if (c != null) {
            b.conditionExpression(c.expression).expressionAttributeNames(c.names).expressionAttributeValues(c.values);
        }
        return b.build();
    }

    /** Put the old record back only while it still holds every attribute the run wrote. */
    private static PutItemRequest putIfStill(String table, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        Condition c = Condition.of(after);
        PutItemRequest.Builder b = PutItemRequest.builder().tableName(table).item(before);
        if (c != null) {
            b.conditionExpression(c.expression).expressionAttributeNames(c.names).expressionAttributeValues(c.values);
        }
        return b.build();
    }

    /** Every attribute equal to {@code item}'s; null when that would not fit one expression (then the read decides). */
    private record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        static Condition of(Map<String, AttributeValue> item) {
            StringBuilder b = new StringBuilder();
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            int i = 0;
            for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
                b.append(i == 0 ? "" : " AND ").append("#c").append(i).append(" = :c").append(i);
                names.put("#c" + i, e.getKey());
                values.put(":c" + i, e.getValue());
                i++;
            }
            return b.length() > AttributeDiff.MAX_EXPRESSION_LENGTH ? null : new Condition(b.toString(), names, values);
        }
    }

    private static Map<String, AttributeValue> get(AwsCalls calls, DynamoDbClient ddb, String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = calls.call("GetItem on " + table + " (rollback)",
                () -> ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static String keyText(Map<String, AttributeValue> key) {
        return ItemCodec.toJson(key).toString();
    }

    private static <T> void parallel(List<T> work, java.util.function.Consumer<T> action) {
        if (work.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(WRITERS, work.size()), r -> {
            Thread t = new Thread(r, "ferry-transform-undo");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (T w : work) {
                futures.add(CompletableFuture.runAsync(() -> action.accept(w), pool));
            }
            RuntimeException first = null;
            for (CompletableFuture<Void> f : futures) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
