package dev.ferry.postgres.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.dynamodb.BatchWriter;
import dev.ferry.core.dynamodb.ItemChanges;
import dev.ferry.core.dynamodb.RateLimiter;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.postgres.convert.Values;
import dev.ferry.postgres.crypto.DecryptionKeys;
import dev.ferry.postgres.crypto.Decryptor;
import dev.ferry.postgres.crypto.InvalidTokenException;
import dev.ferry.postgres.secrets.SecretStore;
import dev.ferry.postgres.source.SourceDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Step 3 of postgres-to-dynamodb: loads one key range. Streams its rows a page at a time (keyset pagination,
 * one REPEATABLE READ snapshot per invocation), converts each to its item with ids remapped, and writes the page
 * with BatchWriteItem (25 items / 16 MB, unprocessed items retried, never dropped); rows of a secret table become
 * secrets instead. Each page is checkpointed in the ledger with its counts; the unit stops before the Lambda
 * deadline and the state machine calls it again, resuming after the last checkpoint.
 *
 * <p>Into a table the run created, items are put as they come. Into one that existed before (a reused table, an
 * incremental run), each page first reads the items it would replace: unchanged ones are not written at all,
 * and the others are recorded ({@link ItemChanges}) before the write, so rollback can put them back.
 */
public final class UnitLoader {
    private static final Logger LOG = LoggerFactory.getLogger(UnitLoader.class);
    private static final int SECRET_THREADS = 8;
    private static final int WRITE_THREADS = 8;
    /** Writes still waiting this close to the deadline give up: the page is not checkpointed and is read again. */
    private static final long HARD_STOP_MILLIS = 10_000;

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final long safetyMarginMillis;

    public UnitLoader(Dependencies deps, RunLedger ledger) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.safetyMarginMillis = deps.safetyMarginMillis();
    }

    public UnitProgress load(UnitRequest request, Context context) {
        Unit unit = request.unit();
        Checkpoint cp = ledger.checkpoint(request.runId(), unit.loadKey()).orElse(Checkpoint.start());
        if (cp.done()) {
            return new UnitProgress(true, cp.items());
        }
        PreparedRun run = ledger.document(request.runId(), PreparedRun.DOCUMENT, PreparedRun.class)
                .orElseThrow(() -> new FerryException("run " + request.runId() + " has no prepared tables in the ledger; Prepare did not finish"));
        PgPlan plan = run.plan();
        ResolvedTable table = run.table(unit.table());
        String what = table.source() + " range " + (unit.range() + 1) + "/" + unit.ranges();
        Counters counters = new Counters(cp);
        List<String> after = UnitKeys.fromCheckpoint(cp);
        long pages = cp.pages();
        boolean done = false;
        ExecutorService pool = Executors.newFixedThreadPool(table.isSecret() ? SECRET_THREADS : WRITE_THREADS);
        Problems problems = new Problems(ledger, request.runId(), "load", unit.unitId());
        try (KeysetReader reader = new KeysetReader(new SourceDatabase(plan.source(), clients, calls).open(), table, unit,
                plan.incremental() ? run.since() : null, KeysetReader.PAGE_ROWS)) {
            Writer writer = table.isSecret() ? secretWriter(plan, table, request.runId(), pool, problems, counters)
                    : itemWriter(plan, table, unit, request.runId(), pool, context, counters);
            Inflight previous = null;
            do {
                List<ResolvedTable.Row> page;
                try {
                    page = reader.page(after);
                } catch (Values.ConversionException e) {
                    throw new FerryException("loading " + what + ": a row cannot be converted (" + e.getMessage() + "). Fix the row, or "
                            + "choose the column's conversion in tables[" + table.index() + "].columns (as: string), then start the run again");
                }
                Written written = page.isEmpty() ? Written.NONE : writer.write(page, what);
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).key();
                }
                done = reader.last(page);
                Inflight current = new Inflight(written, done ? List.of() : after, page.size(), done);
                if (previous != null) {
                    pages = commit(request, unit, cp, previous, counters, problems, pages);
                }
                // item writes of this page run while the next page is read; other writers finished already
                previous = current;
                if (!written.async()) {
                    pages = commit(request, unit, cp, previous, counters, problems, pages);
                    previous = null;
                }
            } while (!done && context.getRemainingTimeInMillis() > safetyMarginMillis);
            if (previous != null) {
                commit(request, unit, cp, previous, counters, problems, pages);
            }
        } catch (SQLException e) {
            throw SourceDatabase.failure("loading " + what, e);
        } finally {
            pool.shutdownNow();
        }
        LOG.info("{}: {} row(s) so far, done={}", what, counters.rows, done);
        return new UnitProgress(done, counters.rows);
    }

    /** Writes one page of rows: at once, or started on the writer pool ({@link Written#async()}). */
    private interface Writer {
        Written write(List<ResolvedTable.Row> page, String what);
    }

    /** A page's writes: their completion and how many items they write. */
    private record Written(java.util.concurrent.CompletableFuture<Void> writes, long items, boolean async) {
        static final Written NONE = new Written(java.util.concurrent.CompletableFuture.completedFuture(null), 0, false);
    }

    /** A page read and being written: checkpointed once its writes completed. */
    private record Inflight(Written written, List<String> after, long rows, boolean done) {
    }

    /** Waits for a page's writes, then saves the checkpoint after it (with the counts it adds). */
    private long commit(UnitRequest request, Unit unit, Checkpoint cp, Inflight page, Counters counters, Problems problems, long pages) {
        BatchWriter.await(page.written().writes());
        counters.written += page.written().items();
        counters.rows += page.rows();
        problems.flush();
        long next = pages + 1;
        ledger.saveCheckpoint(request.runId(), unit.loadKey(), new Checkpoint(page.done() ? Map.of() : UnitKeys.toCheckpoint(page.after()),
                counters.rows, 0, next, null, page.done(), cp.invocations() + 1, UnitCounters.detail(counters.map())));
        return next;
    }

    private Writer itemWriter(PgPlan plan, ResolvedTable table, Unit unit, String runId, ExecutorService pool, Context context,
                              Counters counters) {
        DynamoDbClient ddb = clients.dynamo(plan.destination());
        Integer cap = plan.options().maxWriteUnitsPerSecond();
        RateLimiter rate = new RateLimiter(cap == null ? 0 : (double) cap / Math.max(1, unit.concurrency()), calls.sleeper(), System::nanoTime);
        BatchWriter batches = new BatchWriter(ddb, table.target(), table.target() + " (from " + table.source() + ")", pool, rate, calls,
                () -> context.getRemainingTimeInMillis() < HARD_STOP_MILLIS);
        boolean compare = !"CREATED".equals(table.action());
        List<String> keyAttributes = table.keys().stream().map(ResolvedTable.KeyAttr::attribute).toList();
        return (page, what) -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>(page.size());
            for (ResolvedTable.Row row : page) {
                try {
                    items.add(table.item(row, plan.options().keepNulls()));
                } catch (Values.ConversionException e) {
                    throw new FerryException("loading " + what + ": row " + row.describeKey(table.keyColumns()) + " cannot be converted ("
                            + e.getMessage() + "). Fix the row, or choose the column's conversion in tables[" + table.index()
                            + "].columns, then start the run again");
                }
            }
            for (Map<String, AttributeValue> item : items) {
                if (ItemCodec.itemSizeBytes(item) > ItemCodec.MAX_ITEM_SIZE_BYTES) {
                    throw new FerryException("loading " + what + ": the item of key " + table.key(item).values() + " is larger than "
                            + "DynamoDB's 400 KB: exclude or skip its largest columns (tables[" + table.index() + "].exclude)");
                }
            }
            if (compare) {
                List<Map<String, AttributeValue>> keys = items.stream().map(table::key).toList();
                Map<String, Map<String, AttributeValue>> existing = ItemReads.get(ddb, calls, table.target(), keys, keyAttributes);
                List<Map<String, AttributeValue>> changed = new ArrayList<>();
                List<Map<String, AttributeValue>> created = new ArrayList<>();
                List<Map<String, AttributeValue>> previous = new ArrayList<>();
                for (Map<String, AttributeValue> item : items) {
                    Map<String, AttributeValue> key = table.key(item);
                    Map<String, AttributeValue> before = existing.get(ItemReads.id(key));
                    if (before != null && java.util.Arrays.equals(ItemCodec.canonicalBytes(before), ItemCodec.canonicalBytes(item))) {
                        counters.unchanged++;
                        continue;
                    }
                    changed.add(item);
                    if (before == null) {
                        created.add(key);
                    } else {
                        previous.add(before);
                    }
                }
                if (changed.isEmpty()) {
                    return Written.NONE;
                }
                String change = ItemChanges.recordBefore(ledger, runId, plan.destination(), table.target(), created, previous,
                        changed.stream().map(table::key).toList());
                BatchWriter.await(batches.writeAll(changed));
                ItemChanges.done(ledger, runId, change);
                return new Written(java.util.concurrent.CompletableFuture.completedFuture(null), changed.size(), false);
            }
            return new Written(batches.writeAll(items), items.size(), true);
        };
    }

    private Writer secretWriter(PgPlan plan, ResolvedTable table, String runId, ExecutorService pool, Problems problems, Counters counters) {
        PgPlan.SecretSpec spec = table.secret();
        Decryptor decryptor = DecryptionKeys.decryptor(spec.decryption(), clients, calls, plan.destination().region());
        SecretsManagerClient sm = clients.client(plan.destination(), SecretsManagerClient.class, SecretsManagerClient::builder);
        SecretStore store = new SecretStore(sm, calls, ledger, runId, plan.destination(), spec.kmsKeyId(), spec.tags());
        return (page, what) -> {
            List<SecretStore.Entry> entries = new ArrayList<>(page.size());
            for (ResolvedTable.Row row : page) {
                String name = ResolvedTable.fill(spec.name(), row);
                try {
                    byte[] plain = decryptor.decrypt(row.values().get(spec.encryptedColumn()));
                    entries.add(new SecretStore.Entry(name, SecretValues.value(spec, row, plain)));
                    java.util.Arrays.fill(plain, (byte) 0);
                } catch (InvalidTokenException e) {
                    if (!plan.options().skipDecryptErrors()) {
                        throw new FerryException("loading " + what + ": row " + row.describeKey(table.keyColumns()) + " does not decrypt ("
                                + e.getMessage() + "). Fix the row, or set options.onDecryptError to \"skip\" to migrate the others");
                    }
                    problems.add(table.source(), row.describeKey(table.keyColumns()), "DECRYPT_FAILED", e.getMessage() + "; secret " + name
                            + " not written");
                    counters.skipped++;
                }
            }
            for (SecretStore.Outcome outcome : store.putAll(entries, pool)) {
                switch (outcome) {
                    case CREATED -> counters.secretsCreated++;
                    case UPDATED -> counters.secretsUpdated++;
                    case UNCHANGED -> counters.unchanged++;
                    default -> throw new IllegalStateException();
                }
            }
            return Written.NONE;
        };
    }

    /** A load unit's counts, saved with each checkpoint. */
    static final class Counters {
        long rows;
        long written;
        long unchanged;
        long skipped;
        long secretsCreated;
        long secretsUpdated;

        Counters(Checkpoint cp) {
            Map<String, Long> saved = UnitCounters.of(cp);
            rows = cp.items();
            written = saved.getOrDefault("written", 0L);
            unchanged = saved.getOrDefault("unchanged", 0L);
            skipped = saved.getOrDefault("skipped", 0L);
            secretsCreated = saved.getOrDefault("secretsCreated", 0L);
            secretsUpdated = saved.getOrDefault("secretsUpdated", 0L);
        }

        Map<String, Long> map() {
            Map<String, Long> m = new HashMap<>();
            m.put("written", written);
            m.put("unchanged", unchanged);
            m.put("skipped", skipped);
            m.put("secretsCreated", secretsCreated);
            m.put("secretsUpdated", secretsUpdated);
            return m;
        }
    }
}
