package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.codec.ItemJson;
import dev.ferry.core.dynamodb.BatchWriter;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.dynamodb.RateLimiter;
import dev.ferry.core.dynamodb.Scanner;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Step 3 of dynamodb-table-copy, one invocation's worth: copies a scan segment page by page from
 * its ledger checkpoint, and stops before the Lambda time budget runs out.
 *
 * <p>Pages are pipelined: while one page's batches are being written, the next page is read.
 * A page is checkpointed (resume key, counts) only after every one of its items is written, and in the
 * same ledger transaction the destination table's count of items written by the run grows by the page's
 * items, so a crash or a timeout re-copies at most one page, which puts the same items again: nothing is
 * lost, nothing is duplicated, and the count stays exact. No digest is taken here: verification reads the
 * source again, as it is then ({@link SegmentVerifier}).
 */
public final class SegmentCopier {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentCopier.class);
    /** Batch writes in flight per invocation (one Lambda's share of a segment's throughput). */
    static final int WRITERS = 8;
    /** With a write cap, a page holds about this many seconds of the segment's share of it. */
    static final int CAPPED_PAGE_SECONDS = 10;
    /**
     * Writes still waiting (for capacity, or in backoff) this close to the Lambda deadline give up
     * with a TransientException rather than be killed mid-page; the retry resumes from the checkpoint.
     */
    static final long HARD_STOP_MILLIS = 5_000;

    private final Dependencies deps;
    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final long safetyMarginMillis;

    public SegmentCopier(Dependencies deps, RunLedger ledger) {
        this.deps = deps;
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.safetyMarginMillis = deps.safetyMarginMillis();
    }

    public CopyProgress copy(SegmentRequest request, Context context) {
        Unit unit = request.unit();
        Checkpoint cp = ledger.checkpoint(request.runId(), unit.copyKey()).orElse(Checkpoint.start());
        if (cp.done()) {
            return new CopyProgress(true, cp.items());
        }
        if (cp.pages() == 0 && !new ExtraItemsPruner(deps, ledger).prune(request, context)) {
            return new CopyProgress(false, 0); // items the source no longer has are being removed first
        }
        CopyOptions options = request.options();
        Scanner scanner = new Scanner(clients.dynamo(request.source()), unit.sourceTable(), unit.segment(), unit.totalSegments(),
                false, limiter(options.maxReadUnitsPerSecond(), unit), calls, unit.sourceTable() + " segment "
                + (unit.segment() + 1) + "/" + unit.totalSegments())
                .pageLimit(options.maxWriteUnitsPerSecond() == null ? null
                        : Math.max(25, options.maxWriteUnitsPerSecond() / Math.max(1, unit.concurrency()) * CAPPED_PAGE_SECONDS));
        // one pool per invocation: segments running side by side in one JVM (the local engine) never
        // wait behind each other's rate-limit pauses
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, r -> {
            Thread t = new Thread(r, "ferry-batch-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            BatchWriter writer = new BatchWriter(clients.dynamo(request.destination()), unit.destinationTable(),
                    unit.describe(), pool, limiter(options.maxWriteUnitsPerSecond(), unit), calls,
                    () -> context.getRemainingTimeInMillis() < HARD_STOP_MILLIS);
            return copyPages(request, context, cp, scanner, writer);
        } finally {
            pool.shutdownNow();
        }
    }

    private CopyProgress copyPages(SegmentRequest request, Context context, Checkpoint cp, Scanner scanner, BatchWriter writer) {
        Unit unit = request.unit();
        String resourceKey = DynamoDbTables.resourceKey(request.destination(), unit.destinationTable());
        long items = cp.items();
        long bytes = cp.bytes();
        long pages = cp.pages();
        long invocations = cp.invocations() + 1;
        Scanner.Page current = scanner.items(cp.lastKey());
        while (true) {
            List<ItemJson> pageItems = current.items();
            BatchWriter.Writes writes = writer.writeAllJson(pageItems);
            Map<String, AttributeValue> nextKey = current.nextKey();
            boolean more = !nextKey.isEmpty();
            boolean time = context.getRemainingTimeInMillis() > safetyMarginMillis;
            Scanner.Page next;
            try {
                next = more && time ? scanner.items(nextKey) : null;
            } catch (RuntimeException e) {
                BatchWriter.awaitQuietly(writes); // never leave this page's writes running behind a failure
                throw e;
            }
            BatchWriter.await(writes);
            bytes += writes.bytes();
            items += pageItems.size();
            pages++;
            ledger.saveCheckpoint(request.runId(), unit.copyKey(),
                    new Checkpoint(nextKey, items, bytes, pages, null, !more, invocations), resourceKey, pageItems.size());
            if (!more) {
                LOG.info("segment {} copied: {} items in {} pages", unit.describe(), items, pages);
                return new CopyProgress(true, items);
            }
            if (next == null) {
                LOG.info("segment {}: {} items so far; stopping before the time budget runs out", unit.describe(), items);
                return new CopyProgress(false, items);
            }
            current = next;
        }
    }

    private RateLimiter limiter(Integer capPerTable, Unit unit) {
        if (capPerTable == null) {
            return new RateLimiter(0, calls.sleeper(), System::nanoTime);
        }
        return new RateLimiter((double) capPerTable / Math.max(1, unit.concurrency()), calls.sleeper(), System::nanoTime);
    }
}
