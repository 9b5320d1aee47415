package dev.ferry.core.dynamodb;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.codec.ItemJson;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.RetryBudgetExhaustedException;
import dev.ferry.core.errors.TransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items to one table with BatchWriteItem: batches bounded by 25 items AND 16 MB, several
 * batches in flight, every unprocessed item and every throttling or 5xx answer retried with
 * exponential backoff and full jitter (classified and paced by {@link AwsCalls}), within a write-rate cap. It never drops an item: when the
 * retry budget is spent it fails naming how many items are left, and the caller's checkpoint
 * still points before them.
 */
public final class BatchWriter {
    public static final int MAX_ITEMS = 25;
    /** BatchWriteItem's request limit, less room for the request's own JSON. */
    public static final long MAX_BYTES = ItemCodec.MAX_BATCH_WRITE_BYTES - 64 * 1024;

    private final DynamoDbClient ddb;
    private final String table;
    private final String what;
    private final ExecutorService pool;
    private final RateLimiter writeRate;
    private final AwsCalls calls;
    private final java.util.function.BooleanSupplier outOfTime;
    /** The client sends bodies Ferry wrote ({@link WriteBodies}): asked once, not for every page. */
    private final boolean verbatim;

    /**
     * @param what how to name this work in an error (table and segment), with no item data
     */
    public BatchWriter(DynamoDbClient ddb, String table, String what, ExecutorService pool, RateLimiter writeRate,
                       AwsCalls calls) {
        this(ddb, table, what, pool, writeRate, calls, () -> false);
    }

    /**
     * @param outOfTime true once the invocation must stop: waiting writes then give up with a
     *     {@link TransientException} (the page is not checkpointed; a retry resumes before it)
     */
    public BatchWriter(DynamoDbClient ddb, String table, String what, ExecutorService pool, RateLimiter writeRate,
                       AwsCalls calls, java.util.function.BooleanSupplier outOfTime) {
        this.outOfTime = outOfTime;
        this.ddb = ddb;
        this.verbatim = WriteBodies.installedOn(ddb);
        this.table = table;
        this.what = what;
        this.pool = pool;
        this.writeRate = writeRate;
        this.calls = calls;
    }

    /** Splits items into batches within both limits, keeping their order. */
    public static List<List<Map<String, AttributeValue>>> batches(List<Map<String, AttributeValue>> items) {
        return cut(items, ItemCodec::itemSizeBytes).stream().map(Batch::items).toList();
    }

    /** A batch with its size and write units, each item measured once. */
    private record Batch<T>(List<T> items, long bytes, long units) {
    }

    private static <T> List<Batch<T>> cut(List<T> items, ToLongFunction<T> sizeOf) {
        List<Batch<T>> out = new ArrayList<>();
        List<T> current = new ArrayList<>(MAX_ITEMS);
        long bytes = 0;
        long units = 0;
        for (T item : items) {
            long size = sizeOf.applyAsLong(item);
            if (!current.isEmpty() && (current.size() == MAX_ITEMS || bytes + size > MAX_BYTES)) {
                out.add(new Batch<>(current, bytes, units));
                current = new ArrayList<>(MAX_ITEMS);
                bytes = 0;
                units = 0;
            }
            current.add(item);
            bytes += size;
            units += ItemCodec.writeCapacityUnits(size);
        }
        if (!current.isEmpty()) {
            out.add(new Batch<>(current, bytes, units));
        }
        return out;
    }

    /**
     * The writes of one {@link #writeAll} call: completes when every item is written; {@link #bytes()}
     * is their DynamoDB size, measured once while cutting the batches.
     */
    public static final class Writes extends CompletableFuture<Void> {
        private final long bytes;

        private Writes(long bytes) {
            this.bytes = bytes;
        }

        /** DynamoDB's size of the items being written, in bytes. */
        public long bytes() {
            return bytes;
        }
    }

    /** Starts writing all items; the future completes when every one is written. */
    public Writes writeAll(List<Map<String, AttributeValue>> items) {
        return start(cut(items, ItemCodec::itemSizeBytes), batch -> write(requests(batch.items()), null, batch.units()));
    }

    /**
     * Starts writing items read as DynamoDB's JSON: where the client carries {@link WriteBodies}, each batch's body
     * is their bytes as they were read (unprocessed items are retried through the SDK as usual); elsewhere the SDK
     * marshals them. The future completes when every one is written.
     */
    public Writes writeAllJson(List<ItemJson> items) {
        return start(cut(items, ItemJson::size), batch -> {
            if (verbatim) {
                write(null, batch.items(), batch.units());
            } else {
                write(requests(batch.items().stream().map(ItemJson::item).toList()), null, batch.units());
            }
        });
    }

    private <T> Writes start(List<Batch<T>> batches, java.util.function.Consumer<Batch<T>> writeOne) {
        List<CompletableFuture<Void>> writes = new ArrayList<>(batches.size());
        long bytes = 0;
        for (Batch<T> batch : batches) {
            bytes += batch.bytes();
            writes.add(CompletableFuture.runAsync(() -> writeOne.accept(batch), pool));
        }
        Writes all = new Writes(bytes);
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            if (t != null) {
                all.completeExceptionally(t);
            } else {
                all.complete(null);
            }
        });
        return all;
    }

    /** Waits for {@link #writeAll}, rethrowing the first failure as it was thrown. */
    public static void await(CompletableFuture<Void> writes) {
        try {
            writes.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Waits for writes whose outcome no longer matters (a failure is already on its way). */
    public static void awaitQuietly(CompletableFuture<Void> writes) {
        try {
            writes.join();
        } catch (RuntimeException ignored) {
            // the caller is already failing with the error that matters
        }
    }

    /** Writes one batch, retrying until every item is in or the budget is spent. */
    public void write(List<Map<String, AttributeValue>> batch) {
        long units = 0;
        for (Map<String, AttributeValue> item : batch) {
            units += ItemCodec.writeCapacityUnits(ItemCodec.itemSizeBytes(item));
        }
        write(requests(batch), null, units);
    }

    private static List<WriteRequest> requests(List<Map<String, AttributeValue>> items) {
        List<WriteRequest> out = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            out.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        return out;
    }

    /**
     * Writes one batch: {@code pending} through the SDK, or {@code verbatim} items as their JSON in a body of
     * Ferry's ({@link WriteBodies}) until DynamoDB has answered once, then what it left unprocessed through the SDK.
     */
    private void write(List<WriteRequest> pending, List<ItemJson> verbatim, long units) {
        int size = verbatim != null ? verbatim.size() : pending.size();
        byte[] body = verbatim != null ? WriteBodies.body(table, verbatim) : null;
        checkTime();
        writeRate.acquire(units);
        int attempt = 0;
        int withoutProgress = 0;
        String lastProblem = null;
        while (body != null || !pending.isEmpty()) {
            int sent = body != null ? size : pending.size();
            try {
                BatchWriteItemResponse response = body != null ? writeBody(body) : send(pending);
                List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
                if (unprocessed.size() < sent) {
                    withoutProgress = 0;
                } else {
                    withoutProgress++;
                    lastProblem = "all items came back unprocessed";
                }
                pending = new ArrayList<>(unprocessed);
                body = null;
            } catch (SdkException e) {
                if (!AwsErrors.retryable(e)) {
                    throw new FerryException("writing to " + what + " failed and cannot be retried (" + AwsErrors.describe(e)
                            + "): " + AwsErrors.firstLine(e.getMessage()) + ". " + size + " items of this batch are not written; "
                            + "the run is rolled back: fix the cause and start the copy again", e);
                }
                withoutProgress++;
                lastProblem = AwsErrors.describe(e);
            }
            if (body != null || !pending.isEmpty()) {
                if (withoutProgress >= calls.attempts()) {
                    throw new RetryBudgetExhaustedException("writing to " + what + ": " + (body != null ? size : pending.size()) + " of "
                            + size + " items of a batch are still unwritten after " + withoutProgress
                            + " attempts in a row without progress (last: " + lastProblem + "). Nothing was lost: the "
                            + "segment's checkpoint is before them, and the step is retried from it. If this keeps "
                            + "happening, raise the table's write capacity or lower options.maxWriteUnitsPerSecond.");
                }
                checkTime();
                calls.pause(attempt++);
            }
        }
    }

    private BatchWriteItemResponse send(List<WriteRequest> requests) {
        return ddb.batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
    }

    /** The request's own items are an empty placeholder: {@link WriteBodies} sends {@code body} in their place. */
    private BatchWriteItemResponse writeBody(byte[] body) {
        return ddb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of()))
                .overrideConfiguration(o -> o.putExecutionAttribute(WriteBodies.BODY, body)));
    }

    private void checkTime() {
        if (outOfTime.getAsBoolean()) {
            throw new TransientException("writing to " + what + ": the invocation ran out of time while waiting for write "
                    + "capacity; nothing was lost, and the retry resumes from the segment's last checkpoint");
        }
    }
}
