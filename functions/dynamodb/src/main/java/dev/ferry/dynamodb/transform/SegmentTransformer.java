package dev.ferry.dynamodb.transform;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.dynamodb.BatchGetter;
import dev.ferry.core.dynamodb.BatchWriter;
import dev.ferry.core.dynamodb.RateLimiter;
import dev.ferry.core.dynamodb.Scanner;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.runtime.Dependencies;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Step 3 of dynamodb-transform, one invocation's worth: transforms a unit (scan segment or manifest range)
 * page by page from its ledger checkpoint, and stops before the Lambda time budget runs out.
 *
 * <p>Per page: {@code when} / {@code update} / {@code emit} for every item (on this thread); then, before
 * any write of the page, its rollback data ({@link PageFile}: the items as read and as they will be, the
 * emitted records and what they replace) goes to the reports location and is recorded in the ledger; then
 * the emitted records are written (BatchWriteItem, {@link BatchWriter}) and then the items, each with one
 * UpdateItem of its changed top-level attributes, conditional on each of them still holding what was read.
 * An update a concurrent writer got in the way of is re-read and re-transformed (at most
 * {@value #MAX_ROUNDS} rounds), so no concurrent update is lost. The page is checkpointed (resume key and
 * counts) only after all its writes, so a retry redoes at most one page, and items already transformed are
 * skipped by {@code when}. While one page is written, the next is read: two pages in flight at most.
 */
final class SegmentTransformer {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentTransformer.class);
    /** Writes in flight per invocation (UpdateItem has no batch form: parallel single writes). */
    static final int WRITERS = 16;
    /** Rounds of re-reading and re-applying conflicting updates before an item counts as failed. */
    static final int MAX_ROUNDS = 5;
    /** With a write cap, a page holds about this many seconds of the unit's share of it. */
    static final int CAPPED_PAGE_SECONDS = 10;
    /** Writes still waiting this close to the Lambda deadline give up (TransientException); the retry resumes. */
    static final long HARD_STOP_MILLIS = 5_000;
    /** Ledger resource type of a page's item pre-images; {@link ItemPreimagesUndoer} restores them. */
    static final String ITEM_PREIMAGES = "dynamodb:item-preimages";
    /** Ledger resource type of a page's emitted records; {@link EmittedRecordsUndoer} removes or restores them. */
    static final String EMITTED_RECORDS = "dynamodb:emitted-records";

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final ReportSink reports;
    private final long safetyMarginMillis;

    SegmentTransformer(Dependencies deps, RunLedger ledger, ReportSink reports) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.reports = reports;
        this.safetyMarginMillis = deps.safetyMarginMillis();
    }

    UnitProgress run(UnitRequest request, Context context) {
        TransformUnit unit = request.unit();
        Checkpoint cp = ledger.checkpoint(request.runId(), unit.transformKey()).orElse(Checkpoint.start());
        if (cp.done()) {
            return new UnitProgress(true, cp.items());
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, daemon("ferry-transform-writer"));
        ExecutorService prefetch = Executors.newSingleThreadExecutor(daemon("ferry-transform-reader"));
        try {
            return new Run(request, context, cp, pool, prefetch).pages();
        } finally {
            pool.shutdownNow();
            prefetch.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One invocation's work on one unit. */
    private final class Run {
        final String runId;
        final TransformPlan plan;
        final TransformUnit unit;
        final TableKeys table;
        final Context context;
        final Checkpoint cp;
        final ExecutorService pool;
        final ExecutorService prefetch;
        final Counters counters;
        final UnitState state;
        /** Re-applies the transform to items a concurrent writer changed (this thread). */
        final Transformer transformer;
        /** Transforms the next page while this one is written (the reading thread: JSONata is used by one thread each). */
        final Transformer ahead;
        final DynamoDbClient ddb;
        final RateLimiter writeRate;
        final RateLimiter readRate;
        final ItemSource source;
        final String what;

        Run(UnitRequest request, Context context, Checkpoint cp, ExecutorService pool, ExecutorService prefetch) {
            this.runId = request.runId();
            this.plan = request.plan();
            this.unit = request.unit();
            this.table = plan.table();
            this.context = context;
            this.cp = cp;
            this.pool = pool;
            this.prefetch = prefetch;
            this.counters = new Counters(Counters.fromDetail(cp.detail()));
            this.state = UnitState.load(reports, runId, UnitState.transformFile(unit), table.keyNames());
            this.transformer = new Transformer(plan);
            this.ahead = new Transformer(plan);
            this.ddb = clients.dynamo(plan.target());
            this.what = unit.describe(table.name());
            TransformOptions o = plan.options();
            this.writeRate = limiter(o.maxWriteUnitsPerSecond());
            this.readRate = limiter(o.maxReadUnitsPerSecond());
            if (unit.fromKeys()) {
                FailedKeys manifest = FailedKeys.read(o.keysFrom(), () -> clients.s3(clients.control()), calls)
                        .orElseThrow(() -> new FerryException("options.keysFrom " + o.keysFrom() + " no longer exists; "
                                + "restore it or start a new run without it"));
                this.source = ItemSource.keys(manifest, unit.keysOffset(), unit.keysCount(), o.batchSize(),
                        reader(table), table);
            } else {
                Integer cap = o.maxWriteUnitsPerSecond();
                int pageLimit = cap == null ? o.batchSize()
                        : Math.min(o.batchSize(), Math.max(10, cap / Math.max(1, unit.concurrency()) * CAPPED_PAGE_SECONDS));
                this.source = ItemSource.scan(new Scanner(ddb, table.name(), unit.segment(), unit.totalSegments(), false,
                        readRate, calls, what).pageLimit(pageLimit));
            }
        }

        private RateLimiter limiter(Integer capPerTable) {
            return new RateLimiter(capPerTable == null ? 0 : (double) capPerTable / Math.max(1, unit.concurrency()),
                    calls.sleeper(), System::nanoTime);
        }

        private BatchGetter reader(TableKeys t) {
            return new BatchGetter(ddb, t.name(), t.keyNames(), false, readRate, calls,
                    what + (t.name().equals(table.name()) ? "" : " (" + t.name() + ")"));
        }

        /**
         * What earlier attempts of the page this invocation starts with wrote, by item key id: an invocation that died
         * half way through a page left some of its items transformed; the retry finds them done ({@code when} false)
         * and counts them as this run's, with the records they gave.
         */
        private Map<String, Earlier> earlier = Map.of();

        /** An item an earlier attempt of the page wrote. */
        private record Earlier(AttributeDiff diff, Map<String, AttributeValue> after, long records, long replaced) {
        }

        private Map<String, Earlier> earlierAttempts(long pageNo) {
            String prefix = PageFile.name(unit.unitId(), pageNo, "");
            Map<String, Earlier> out = new LinkedHashMap<>();
            for (dev.ferry.core.ledger.ResourceRecord r : ledger.resources(runId)) {
                if (!r.type().equals(ITEM_PREIMAGES) || !r.name().startsWith(prefix.substring(0, prefix.length() - ".json".length()))) {
                    continue;
                }
                PageFile f = PageFile.read(reports, runId, r.name());
                Map<String, long[]> records = new LinkedHashMap<>();
                for (PageFile.RecordChange c : f.emitted()) {
                    if (c.source() != null && !c.source().isNull()) {
                        long[] n = records.computeIfAbsent(BatchGetter.keyId(dev.ferry.core.codec.ItemCodec.fromJson(c.source()),
                                table.keyNames()), k -> new long[2]);
                        n[0]++;
                        n[1] += c.before() == null || c.before().isNull() ? 0 : 1;
                    }
                }
                for (PageFile.ItemChange c : f.items()) {
                    String id = BatchGetter.keyId(c.keyItem(), table.keyNames());
                    long[] n = records.getOrDefault(id, new long[2]);
                    out.put(id, new Earlier(AttributeDiff.between(c.beforeItem(), c.afterItem()), c.afterItem(), n[0], n[1]));
                }
            }
            return out;
        }

        UnitProgress pages() {
            long pages = cp.pages();
            long invocations = cp.invocations() + 1;
            if (!plan.dryRun()) {
                earlier = earlierAttempts(pages + 1);
            }
            Computed page = join(CompletableFuture.supplyAsync(() -> compute(source.page(cp.lastKey())), prefetch));
            while (true) {
                Map<String, AttributeValue> nextKey = page.page().nextKey();
                boolean more = !nextKey.isEmpty();
                boolean time = context.getRemainingTimeInMillis() > safetyMarginMillis;
                CompletableFuture<Computed> next = more && time && !limitReached()
                        ? CompletableFuture.supplyAsync(() -> compute(source.page(nextKey)), prefetch) : null;
                boolean limitReached;
                try {
                    limitReached = page(page.results(), pages + 1);
                } catch (RuntimeException e) {
                    if (next != null) {
                        next.cancel(true);
                    }
                    throw e;
                }
                pages++;
                earlier = Map.of();
                boolean done = !more || limitReached;
                state.counters(counters.snapshot());
                state.save(reports, runId);
                ledger.saveCheckpoint(runId, unit.transformKey(), new Checkpoint(done ? Map.of() : nextKey,
                        counters.get(Counters.SCANNED), 0, pages, null, done, invocations, counters.detail()));
                if (done) {
                    if (next != null) {
                        next.cancel(true);
                    }
                    LOG.info("{} transformed: {} items read, {} transformed, {} skipped, {} failed", what,
                            counters.get(Counters.SCANNED), counters.get(Counters.TRANSFORMED), counters.get(Counters.SKIPPED),
                            counters.get(Counters.FAILED));
                    return new UnitProgress(true, counters.get(Counters.SCANNED));
                }
                if (next == null) {
                    LOG.info("{}: {} items so far; stopping before the time budget runs out", what, counters.get(Counters.SCANNED));
                    return new UnitProgress(false, counters.get(Counters.SCANNED));
                }
                page = join(next);
            }
        }

        private boolean limitReached() {
            Long limit = plan.options().limit();
            return limit != null && counters.get(Counters.MATCHED) >= limit;
        }

        /** A page read, and what the transform does to each of its items (worked out on the reading thread). */
        private record Computed(ItemSource.Page page, List<ItemResult> results) {
        }

        private Computed compute(ItemSource.Page page) {
            List<ItemResult> results = new ArrayList<>(page.items().size());
            for (Map<String, AttributeValue> item : page.items()) {
                results.add(ahead.apply(item));
            }
            return new Computed(page, results);
        }

        /** Counts and writes one page; true when the run's limit was reached in it. */
        private boolean page(List<ItemResult> results, long pageNo) {
            List<ItemResult> changes = new ArrayList<>();
            for (ItemResult result : results) {
                if (limitReached()) {
                    break;
                }
                classify(result, changes);
            }
            changes = withoutDuplicateRecords(changes);
            if (plan.dryRun()) {
                for (ItemResult r : changes) {
                    counters.add(Counters.TRANSFORMED, r.diff().isEmpty() ? 0 : 1);
                    counters.add(Counters.EMITTED, r.emitted().size());
                    state.sample(table.describe(r.before()), r.diff(), r.emitted().size());
                }
            } else if (!changes.isEmpty()) {
                new PageWrite(pageNo).write(changes);
            }
            return limitReached();
        }

        /** Counts an item's result; a change goes to {@code changes}, a failure to the unit's failed list. */
        private void classify(ItemResult r, List<ItemResult> changes) {
            counters.add(Counters.SCANNED, 1);
            switch (r.kind()) {
                case SKIPPED -> {
                    Earlier e = earlier.isEmpty() ? null : earlier.get(BatchGetter.keyId(r.before(), table.keyNames()));
                    if (e != null && e.diff().holds(r.before(), e.after())) {
                        // transformed by an attempt of this page that died before its checkpoint: this run's work
                        counters.add(Counters.MATCHED, 1);
                        counters.add(Counters.TRANSFORMED, 1);
                        counters.add(Counters.EMITTED, e.records());
                        counters.add(Counters.EMITTED_REPLACED, e.replaced());
                    } else {
                        counters.add(Counters.SKIPPED, 1);
                    }
                }
                case UNCHANGED -> {
                    counters.add(Counters.MATCHED, 1);
                    counters.add(Counters.UNCHANGED, 1);
                }
                case CHANGED -> {
                    counters.add(Counters.MATCHED, 1);
                    changes.add(r);
                }
                case FAILED -> {
                    if (!Transformer.WHEN.equals(r.failure().path())) {
                        counters.add(Counters.MATCHED, 1);
                    }
                    fail(r.before(), r.failure());
                }
            }
        }

        /** An item the transform failed on for good: listed; the run fails unless onItemError is skip. */
        private void fail(Map<String, AttributeValue> item, ItemResult.Failure failure) {
            state.addFailed(table, item, failure);
            counters.add(Counters.FAILED, 1);
            if (plan.options().onItemError() == TransformOptions.OnItemError.FAIL) {
                state.save(reports, runId);
                throw new ItemTransformException("the transform failed on an item of " + what + ": " + failure.path() + " "
                        + failure.message() + ". The item's key is in the run's report (failed-keys.json and items.csv). "
                        + "Fix the transform, or set options.onItemError to \"skip\" to transform the other items and list "
                        + "such ones");
            }
        }

        /**
         * Two items of a page giving one record key of a table different contents cannot both be right: the
         * later item fails. The same record given twice is written once.
         */
        private List<ItemResult> withoutDuplicateRecords(List<ItemResult> changes) {
            Map<String, Map<String, AttributeValue>> seen = new LinkedHashMap<>();
            List<ItemResult> out = new ArrayList<>(changes.size());
            for (ItemResult r : changes) {
                String clash = null;
                List<ItemResult.Emitted> kept = new ArrayList<>();
                for (ItemResult.Emitted e : r.emitted()) {
                    String id = e.table().name() + "\n" + BatchGetter.keyId(e.record(), e.table().keyNames());
                    Map<String, AttributeValue> previous = seen.get(id);
                    if (previous == null) {
                        kept.add(e);
                    } else if (!PlainJson.sameItem(previous, e.record())) {
                        clash = e.table().name();
                    }
                }
                if (clash != null) {
                    fail(r.before(), new ItemResult.Failure("$.transform.emit", "emit-duplicate", "gives a record of " + clash
                            + " whose key another item of the same page also gives, with other content"));
                    continue;
                }
                kept.forEach(e -> seen.put(e.table().name() + "\n" + BatchGetter.keyId(e.record(), e.table().keyNames()), e.record()));
                out.add(kept.size() == r.emitted().size() ? r : r.withEmitted(kept));
            }
            return out;
        }

        /** The writes of one page: rollback data first, then emitted records, then items, re-applying conflicts. */
        private final class PageWrite {
            final long pageNo;
            final String file;
            final String preimagesKey;
            final String emittedKey;
            /** The items whose write landed or is about to be tried, by key id: what the file says. */
            final Map<String, ItemResult> entries = new LinkedHashMap<>();
            final List<PageFile.RecordChange> emitted = new ArrayList<>();
            boolean fileCurrent;

            PageWrite(long pageNo) {
                this.pageNo = pageNo;
                this.file = PageFile.name(unit.unitId(), pageNo, HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
                this.preimagesKey = ITEM_PREIMAGES + ":" + file;
                this.emittedKey = EMITTED_RECORDS + ":" + file;
            }

            void write(List<ItemResult> changes) {
                boolean recorded = false;
                List<ItemResult> pending = changes;
                for (int round = 0; !pending.isEmpty(); round++) {
                    List<PageFile.RecordChange> records = recordChanges(pending);
                    emitted.addAll(records);
                    for (ItemResult r : pending) {
                        if (!r.diff().isEmpty()) {
                            entries.put(id(r.before()), r);
                        }
                    }
                    writeFile();
                    if (!recorded) {
                        // the file exists before the ledger points at it, and both before any write
                        ledger.recordIntent(runId, preimagesKey, ITEM_PREIMAGES, file, plan.target());
                        ledger.recordIntent(runId, emittedKey, EMITTED_RECORDS, file, plan.target());
                        recorded = true;
                    }
                    writeRecords(records);
                    List<ItemResult> conflicted = update(pending);
                    if (conflicted.isEmpty()) {
                        break;
                    }
                    counters.add(Counters.CONFLICTS, conflicted.size());
                    pending = round + 1 < MAX_ROUNDS ? reapply(conflicted) : exhausted(conflicted);
                }
                if (!fileCurrent) {
                    writeFile();
                }
                // the page is written: its resources are CREATED (both at once; the page's checkpoint follows)
                CompletableFuture<Void> emittedStatus = CompletableFuture.runAsync(
                        () -> ledger.setResourceStatus(runId, emittedKey, ResourceStatus.CREATED), pool);
                ledger.setResourceStatus(runId, preimagesKey, ResourceStatus.CREATED);
                join(emittedStatus);
            }

            private String id(Map<String, AttributeValue> item) {
                return BatchGetter.keyId(item, table.keyNames());
            }

            private void writeFile() {
                List<PageFile.ItemChange> items = new ArrayList<>(entries.size());
                for (ItemResult r : entries.values()) {
                    items.add(PageFile.ItemChange.of(table, r.before(), r.after()));
                }
                new PageFile(PageFile.FORMAT, runId, unit.unitId(), pageNo, table.name(), items, emitted).write(reports, file);
                fileCurrent = true;
            }

            /** The records the pending items give, each with what it replaces (read consistently just before). */
            private List<PageFile.RecordChange> recordChanges(List<ItemResult> pending) {
                Map<String, List<ItemResult.Emitted>> byTable = new LinkedHashMap<>();
                Map<ItemResult.Emitted, Map<String, AttributeValue>> sources = new java.util.IdentityHashMap<>();
                for (ItemResult r : pending) {
                    for (ItemResult.Emitted e : r.emitted()) {
                        byTable.computeIfAbsent(e.table().name(), t -> new ArrayList<>()).add(e);
                        sources.put(e, table.keyOf(r.before()));
                    }
                }
                List<PageFile.RecordChange> out = new ArrayList<>();
                for (List<ItemResult.Emitted> records : byTable.values()) {
                    TableKeys target = records.get(0).table();
                    Map<String, Map<String, AttributeValue>> existing = reader(target)
                            .read(records.stream().map(ItemResult.Emitted::record).toList());
                    for (ItemResult.Emitted e : records) {
                        out.add(PageFile.RecordChange.of(target, existing.get(BatchGetter.keyId(e.record(), target.keyNames())),
                                e.record(), sources.get(e)));
                    }
                }
                return out;
            }

            private void writeRecords(List<PageFile.RecordChange> records) {
                Map<String, List<Map<String, AttributeValue>>> byTable = new LinkedHashMap<>();
                for (PageFile.RecordChange r : records) {
                    byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r.afterItem());
                }
                List<CompletableFuture<Void>> writes = new ArrayList<>();
                for (Map.Entry<String, List<Map<String, AttributeValue>>> e : byTable.entrySet()) {
                    BatchWriter writer = new BatchWriter(ddb, e.getKey(), what + " (records for " + e.getKey() + ")", pool,
                            writeRate, calls, () -> context.getRemainingTimeInMillis() < HARD_STOP_MILLIS);
                    writes.add(writer.writeAll(e.getValue()));
                }
                writes.forEach(BatchWriter::await);
                counters.add(Counters.EMITTED, records.size());
                counters.add(Counters.EMITTED_REPLACED, records.stream().filter(r -> r.before() != null && !r.before().isNull()).count());
            }

            /** Updates the items in parallel; returns those a concurrent writer got in the way of. */
            private List<ItemResult> update(List<ItemResult> pending) {
                List<ItemResult> toWrite = pending.stream().filter(r -> !r.diff().isEmpty()).toList();
                List<CompletableFuture<Outcome>> futures = new ArrayList<>(toWrite.size());
                for (ItemResult r : toWrite) {
                    futures.add(CompletableFuture.supplyAsync(() -> updateOne(r), pool));
                }
                List<Outcome> outcomes = new ArrayList<>(futures.size());
                RuntimeException failure = null;
                for (CompletableFuture<Outcome> future : futures) {
                    try {
                        outcomes.add(future.join());
                    } catch (CompletionException e) {
                        outcomes.add(null);
                        if (failure == null) {
                            failure = e.getCause() instanceof RuntimeException re ? re : e;
                        }
                    }
                }
                if (failure != null) {
                    throw failure; // the page is not checkpointed: the retry transforms it again (a new file)
                }
                List<ItemResult> conflicted = new ArrayList<>();
                for (int i = 0; i < outcomes.size(); i++) {
                    ItemResult r = toWrite.get(i);
                    Outcome outcome = outcomes.get(i);
                    switch (outcome.kind) {
                        case LANDED -> landed(r);
                        case CONFLICT -> conflicted.add(r);
                        case REJECTED -> {
                            entries.remove(id(r.before()));
                            fileCurrent = false;
                            fail(r.before(), new ItemResult.Failure(Transformer.UPDATE, "rejected", outcome.detail));
                        }
                    }
                }
                return conflicted;
            }

            private void landed(ItemResult r) {
                counters.add(Counters.TRANSFORMED, 1);
                state.sample(table.describe(r.before()), r.diff(), r.emitted().size());
            }

            private Outcome updateOne(ItemResult r) {
                UpdateItemRequest request = r.update();
                if (context.getRemainingTimeInMillis() < HARD_STOP_MILLIS) {
                    throw outOfTime();
                }
                if (writeRate.isLimited()) {
                    writeRate.acquire(ItemCodec.writeCapacityUnits(Math.max(ItemCodec.itemSizeBytes(r.before()),
                            ItemCodec.itemSizeBytes(r.after()))));
                }
                if (context.getRemainingTimeInMillis() < HARD_STOP_MILLIS) {
                    throw outOfTime();
                }
                String partition = table.partitionText(r.before());
                try {
                    calls.call("UpdateItem on " + what, "If this keeps happening, raise the table's write capacity or lower "
                            + "options.maxWriteUnitsPerSecond; the report names the partition keys that throttled most.", () -> {
                                try {
                                    return ddb.updateItem(request);
                                } catch (SdkServiceException e) {
                                    if (e.isThrottlingException()) {
                                        counters.add(Counters.THROTTLED, 1);
                                        state.throttled(partition);
                                    }
                                    throw e;
                                }
                            });
                    return new Outcome(Outcome.Kind.LANDED, null);
                } catch (ConditionalCheckFailedException conflict) {
                    return new Outcome(Outcome.Kind.CONFLICT, null);
                } catch (TransientException e) {
                    throw e;
                } catch (SdkException e) {
                    return new Outcome(Outcome.Kind.REJECTED, "DynamoDB refused the update (" + AwsErrors.describe(e) + "): "
                            + AwsErrors.firstLine(e.getMessage()));
                }
            }

            private TransientException outOfTime() {
                return new TransientException("transforming " + what + ": the invocation ran out of time while writing a "
                        + "page; nothing was lost (the page's rollback data is recorded), and the retry resumes from the "
                        + "unit's last checkpoint");
            }

            /** Reads the conflicting items again and applies the transform to them as they are now. */
            private List<ItemResult> reapply(List<ItemResult> conflicted) {
                Map<String, Map<String, AttributeValue>> now = reader(table)
                        .read(conflicted.stream().map(ItemResult::before).toList());
                List<ItemResult> again = new ArrayList<>();
                for (ItemResult r : conflicted) {
                    String id = id(r.before());
                    Map<String, AttributeValue> current = now.get(id);
                    if (current != null && r.diff().holds(current, r.after())) {
                        landed(r); // our own write got through (its answer was lost and the retry found it done)
                        continue;
                    }
                    entries.remove(id);
                    fileCurrent = false;
                    if (current == null) {
                        counters.add(Counters.GONE, 1);
                        continue;
                    }
                    ItemResult r2 = transformer.apply(current);
                    switch (r2.kind()) {
                        case CHANGED -> again.add(r2);
                        case FAILED -> fail(current, r2.failure());
                        default -> {
                            // the concurrent writer made the transform unnecessary: nothing to write
                        }
                    }
                }
                return withoutDuplicateRecords(again);
            }

            /** Items still conflicting after every round: listed as failed, left as the concurrent writer has them. */
            private List<ItemResult> exhausted(List<ItemResult> conflicted) {
                for (ItemResult r : conflicted) {
                    entries.remove(id(r.before()));
                    fileCurrent = false;
                    fail(r.before(), new ItemResult.Failure(Transformer.UPDATE, "conflicts", "was changed by another writer "
                            + MAX_ROUNDS + " times while the run tried to update it; it is left as that writer has it"));
                }
                return List.of();
            }
        }
    }

    /** How one UpdateItem ended. */
    private record Outcome(Kind kind, String detail) {
        enum Kind { LANDED, CONFLICT, REJECTED }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
