package dev.ferry.postgres.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.dynamodb.ItemChanges;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.TransientException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Step 4 of postgres-to-dynamodb (and the whole of a drift check): verifies one key range in two phases, each
 * checkpointed.
 *
 * <ol>
 *   <li>Source: every row of the range (one REPEATABLE READ snapshot per invocation) is turned into its expected
 *       item and read back (strongly consistent): missing items are counted and listed, a sample
 *       ({@code verifySample}) is compared field by field, every reference to a parent table is looked up, and
 *       rows are counted per tenant. A secret row's secret is read and compared by SHA-256 digest in memory.</li>
 *   <li>Target: the range's share of the target table (a parallel-scan segment) is scanned for keys only: items
 *       are counted (per tenant too), and items whose row no longer exists are found against the set of keys the
 *       source makes. An incremental run deletes those (propagateDeletes), recording them first for rollback, or, with
 *       propagateDeletes false, keeps them and lists each as kept.</li>
 * </ol>
 * A difference on a row whose watermark is later than the run's start is a change made while the run ran, not
 * a loss: it is counted apart, and the next incremental run brings it over.
 */
public final class UnitVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(UnitVerifier.class);
    /** Tenants counted per unit: the counts travel in the checkpoint's detail, which stays small. */
    private static final int MAX_TENANTS = 250;
    private static final int SECRET_THREADS = 8;

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final long safetyMarginMillis;

    public UnitVerifier(Dependencies deps, RunLedger ledger) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.safetyMarginMillis = deps.safetyMarginMillis();
    }

    public UnitProgress verify(UnitRequest request, Context context) {
        Unit unit = request.unit();
        Checkpoint cp = ledger.checkpoint(request.runId(), unit.verifyKey()).orElse(Checkpoint.start());
        if (cp.done()) {
            return new UnitProgress(true, cp.items());
        }
        PreparedRun run = ledger.document(request.runId(), PreparedRun.DOCUMENT, PreparedRun.class)
                .orElseThrow(() -> new FerryException("run " + request.runId() + " has no prepared tables in the ledger; Prepare did not finish"));
        ResolvedTable table = run.table(unit.table());
        String what = table.source() + " range " + (unit.range() + 1) + "/" + unit.ranges() + " (verify)";
        Map<String, Long> counters = UnitCounters.of(cp);
        Problems problems = new Problems(ledger, request.runId(), "verify", unit.unitId());
        long pages = cp.pages();
        long rows = cp.items();
        boolean done = false;
        try {
            if (!UnitKeys.inTargetPhase(cp)) {
                SourcePass pass = new SourcePass(run, table, unit, counters, problems);
                List<String> after = UnitKeys.fromCheckpoint(cp);
                boolean sourceDone;
                try (KeysetReader reader = new KeysetReader(new SourceDatabase(run.plan().source(), clients, calls).open(), table, unit,
                        null, KeysetReader.PAGE_ROWS)) {
                    do {
                        List<ResolvedTable.Row> page = reader.page(after);
                        pass.check(page, what);
                        rows += page.size();
                        if (!page.isEmpty()) {
                            after = page.get(page.size() - 1).key();
                        }
                        sourceDone = reader.last(page);
                        pages++;
                        problems.flush();
                        boolean finished = sourceDone && table.isSecret();
                        ledger.saveCheckpoint(request.runId(), unit.verifyKey(), new Checkpoint(sourceDone ? UnitKeys.targetPhase(null)
                                : UnitKeys.sourcePhase(after), rows, 0, pages, null, finished, cp.invocations() + 1, UnitCounters.detail(counters)));
                        done = finished;
                    } while (!sourceDone && context.getRemainingTimeInMillis() > safetyMarginMillis);
                } finally {
                    pass.close();
                }
                if (!sourceDone || done || context.getRemainingTimeInMillis() <= safetyMarginMillis) {
                    return new UnitProgress(done, rows);
                }
                cp = ledger.checkpoint(request.runId(), unit.verifyKey()).orElseThrow();
            }
            done = targetPass(request.runId(), run, table, unit, cp, counters, problems, context, rows);
        } catch (SQLException e) {
            throw SourceDatabase.failure("verifying " + what, e);
        } catch (Values.ConversionException e) {
            throw new FerryException("verifying " + what + ": a row cannot be converted (" + e.getMessage() + ")");
        }
        LOG.info("{}: {} row(s) checked, done={}", what, rows, done);
        return new UnitProgress(done, rows);
    }

    /** Phase 1: the range's rows against their items (or secrets). */
    private final class SourcePass implements AutoCloseable {
        private final PreparedRun run;
        private final ResolvedTable table;
        private final Map<String, Long> counters;
        private final Problems problems;
        private final Instant startedAt;
        private final DynamoDbClient ddb;
        private final ExecutorService pool;
        private final Decryptor decryptor;
        private final SecretsManagerClient sm;

        SourcePass(PreparedRun run, ResolvedTable table, Unit unit, Map<String, Long> counters, Problems problems) {
            this.run = run;
            this.table = table;
            this.counters = counters;
            this.problems = problems;
            this.startedAt = run.plan().driftCheck() ? null : Instant.parse(run.startedAt());
            this.ddb = clients.dynamo(run.plan().destination());
            this.pool = table.isSecret() ? Executors.newFixedThreadPool(SECRET_THREADS) : null;
            this.decryptor = table.isSecret() ? DecryptionKeys.decryptor(table.secret().decryption(), clients, calls,
                    run.plan().destination().region()) : null;
            this.sm = table.isSecret() ? clients.client(run.plan().destination(), SecretsManagerClient.class, SecretsManagerClient::builder) : null;
        }

        void check(List<ResolvedTable.Row> page, String what) {
            if (table.isSecret()) {
                checkSecrets(page, what);
            } else {
                checkItems(page);
            }
        }

        private void checkItems(List<ResolvedTable.Row> page) {
            boolean keepNulls = run.plan().options().keepNulls();
            List<Map<String, AttributeValue>> expected = new ArrayList<>(page.size());
            for (ResolvedTable.Row row : page) {
                expected.add(table.item(row, keepNulls));
            }
            List<String> keyAttributes = table.keys().stream().map(ResolvedTable.KeyAttr::attribute).toList();
            Map<String, Map<String, AttributeValue>> found = ItemReads.get(ddb, calls, table.target(),
                    expected.stream().map(table::key).toList(), keyAttributes);
            for (int i = 0; i < page.size(); i++) {
                ResolvedTable.Row row = page.get(i);
                Map<String, AttributeValue> want = expected.get(i);
                String id = ItemReads.id(table.key(want));
                count("rows", 1);
                countTenant(table.tenant(row), "rows");
                Map<String, AttributeValue> item = found.get(id);
                boolean changedSince = table.changedAfter(row, startedAt);
                if (item == null) {
                    if (changedSince) {
                        count("changed", 1);
                    } else {
                        count("missing", 1);
                        problems.add(table.source(), row.describeKey(table.keyColumns()), "MISSING_ITEM", "no item " + table.key(want).values()
                                + " in " + table.target());
                    }
                    continue;
                }
                if (sampled(id, run.plan().options().verifySample())) {
                    count("sampled", 1);
                    List<String> differing = differing(want, item);
                    if (!differing.isEmpty()) {
                        if (changedSince) {
                            count("changed", 1);
                        } else {
                            count("differs", 1);
                            problems.add(table.source(), row.describeKey(table.keyColumns()), "FIELDS_DIFFER", "attributes " + differing
                                    + " of item " + table.key(want).values() + " differ from the row");
                        }
                    }
                }
            }
            checkReferences(page, expected);
        }

        /** Every reference to a parent table of the run resolves to an item there. */
        private void checkReferences(List<ResolvedTable.Row> page, List<Map<String, AttributeValue>> expected) {
            for (ResolvedTable.Reference ref : table.references()) {
                List<Map<String, AttributeValue>> parents = new ArrayList<>();
                for (Map<String, AttributeValue> item : expected) {
                    AttributeValue v = item.get(ref.attribute());
                    if (v != null && v.nul() == null) {
                        parents.add(Map.of(ref.parentKey(), v));
                    }
                }
                if (parents.isEmpty()) {
                    continue;
                }
                Map<String, Map<String, AttributeValue>> present = ItemReads.get(ddb, calls, ref.parentTarget(), parents, List.of(ref.parentKey()));
                for (int i = 0; i < page.size(); i++) {
                    AttributeValue v = expected.get(i).get(ref.attribute());
                    if (v == null || v.nul() != null) {
                        continue;
                    }
                    count("fkChecked", 1);
                    if (!present.containsKey(ItemReads.id(Map.of(ref.parentKey(), v)))) {
                        if (table.changedAfter(page.get(i), startedAt)) {
                            count("changed", 1);
                            continue;
                        }
                        count("fkBroken", 1);
                        problems.add(table.source(), page.get(i).describeKey(table.keyColumns()), "REFERENCE_BROKEN", ref.attribute()
                                + " refers to " + ref.parentKey() + " " + ItemCodec.toJson(Map.of("v", v)).get("v") + ", which is not in "
                                + ref.parentTarget());
                    }
                }
            }
        }

        private void checkSecrets(List<ResolvedTable.Row> page, String what) {
            PgPlan.SecretSpec spec = table.secret();
            List<Future<String>> results = new ArrayList<>();
            for (ResolvedTable.Row row : page) {
                results.add(pool.submit(() -> {
                    String name = ResolvedTable.fill(spec.name(), row);
                    String expectedDigest;
                    try {
                        byte[] plain = decryptor.decrypt(row.values().get(spec.encryptedColumn()));
                        expectedDigest = SecretStore.digest(SecretValues.value(spec, row, plain));
                        Arrays.fill(plain, (byte) 0);
                    } catch (InvalidTokenException e) {
                        problems.add(table.source(), row.describeKey(table.keyColumns()), "DECRYPT_FAILED", e.getMessage());
                        return "skipped";
                    }
                    try {
                        GetSecretValueResponse current = calls.call("GetSecretValue " + name, () -> sm.getSecretValue(b -> b.secretId(name)));
                        if (!expectedDigest.equals(SecretStore.digest(current.secretString()))) {
                            if (table.changedAfter(row, startedAt)) {
                                return "changed";
                            }
                            problems.add(table.source(), row.describeKey(table.keyColumns()), "SECRET_DIFFERS", "secret " + name
                                    + " differs from the row (SHA-256 digests differ; the values are not shown)");
                            return "secretsDiffer";
                        }
                        return "ok";
                    } catch (ResourceNotFoundException | InvalidRequestException e) {
                        if (table.changedAfter(row, startedAt)) {
                            return "changed";
                        }
                        problems.add(table.source(), row.describeKey(table.keyColumns()), "SECRET_MISSING", "secret " + name
                                + (e instanceof InvalidRequestException ? " is scheduled for deletion" : " does not exist"));
                        return "secretsMissing";
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                String outcome;
                try {
                    outcome = results.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TransientException("interrupted while verifying " + what);
                } catch (ExecutionException e) {
                    results.forEach(f -> f.cancel(true));
                    throw e.getCause() instanceof RuntimeException r ? r : new FerryException("verifying " + what + " failed", e.getCause());
                }
                count("rows", 1);
                count("secrets", 1);
                countTenant(table.tenant(page.get(i)), "rows");
                if (!outcome.equals("ok")) {
                    count(outcome, 1);
                }
            }
        }

        private void countTenant(String tenant, String what) {
            UnitVerifier.countTenant(counters, tenant, what);
        }

        private void count(String name, long n) {
            counters.merge(name, n, Long::sum);
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Phase 2: the target's share of items, by key only: counted, and checked against the source's keys. */
    private boolean targetPass(String runId, PreparedRun run, ResolvedTable table, Unit unit, Checkpoint cp, Map<String, Long> counters,
                               Problems problems, Context context, long rows) throws SQLException {
        if (table.isSecret()) {
            return true;
        }
        PgPlan plan = run.plan();
        DynamoDbClient ddb = clients.dynamo(plan.destination());
        SourceKeys sourceKeys = SourceKeys.read(new SourceDatabase(plan.source(), clients, calls), table, plan.options().keepNulls());
        List<String> keyAttributes = table.keys().stream().map(ResolvedTable.KeyAttr::attribute).toList();
        List<String> projected = new ArrayList<>(keyAttributes);
        String tenantAttribute = tenantAttribute(table);
        if (tenantAttribute != null && !projected.contains(tenantAttribute)) {
            projected.add(tenantAttribute);
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < projected.size(); i++) {
            names.put("#a" + i, projected.get(i));
        }
        boolean delete = plan.incremental() && plan.options().propagateDeletes();
        boolean keep = plan.incremental() && !plan.options().propagateDeletes();
        boolean createdByRun = "CREATED".equals(table.action());
        Map<String, AttributeValue> start = UnitKeys.targetKey(cp);
        long pages = cp.pages();
        boolean done;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            ScanResponse page = calls.call("Scan " + table.target(), () -> ddb.scan(b -> b.tableName(table.target()).consistentRead(true)
                    .segment(unit.range()).totalSegments(unit.ranges()).projectionExpression(String.join(", ", names.keySet()))
                    .expressionAttributeNames(names).exclusiveStartKey(exclusiveStart == null || exclusiveStart.isEmpty() ? null : exclusiveStart)));
            List<Map<String, AttributeValue>> gone = new ArrayList<>();
            for (Map<String, AttributeValue> item : page.items()) {
                if (!belongs(table, item)) {
                    continue;
                }
                Map<String, AttributeValue> key = new LinkedHashMap<>();
                keyAttributes.forEach(a -> key.put(a, item.get(a)));
                if (sourceKeys.contains(ItemReads.id(key))) {
                    counters.merge("items", 1L, Long::sum);
                    countTenant(counters, tenantAttribute == null || item.get(tenantAttribute) == null ? null
                            : text(item.get(tenantAttribute)), "items");
                } else if (delete) {
                    gone.add(key);
                } else if (keep) {
                    counters.merge("kept", 1L, Long::sum);
                    counters.merge("items", 1L, Long::sum);
                    problems.add(table.source(), "item " + key.values(), "ITEM_KEPT", "no row of " + table.source() + " makes this item "
                            + "(its row was deleted in PostgreSQL, or it was written by something else); kept because propagateDeletes is "
                            + "false");
                } else if (createdByRun && !plan.driftCheck()) {
                    counters.merge("extraChanged", 1L, Long::sum);
                } else {
                    counters.merge("extra", 1L, Long::sum);
                    counters.merge("items", 1L, Long::sum);
                    problems.add(table.source(), "item " + key.values(), "EXTRA_ITEM", "no row of " + table.source()
                            + " makes this item (deleted in PostgreSQL, or written by something else)");
                }
            }
            if (!gone.isEmpty()) {
                deleteGone(runId, plan, table, ddb, gone, keyAttributes);
                counters.merge("deleted", (long) gone.size(), Long::sum);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            done = start == null;
            pages++;
            problems.flush();
            ledger.saveCheckpoint(runId, unit.verifyKey(), new Checkpoint(done ? Map.of() : UnitKeys.targetPhase(start), rows, 0, pages,
                    null, done, cp.invocations() + 1, UnitCounters.detail(counters)));
        } while (!done && context.getRemainingTimeInMillis() > safetyMarginMillis);
        return done;
    }

    /** Deletes items whose row is gone, recording them first so rollback can put them back. */
    private void deleteGone(String runId, PgPlan plan, ResolvedTable table, DynamoDbClient ddb, List<Map<String, AttributeValue>> keys,
                            List<String> keyAttributes) {
        for (int i = 0; i < keys.size(); i += 25) {
            List<Map<String, AttributeValue>> chunk = keys.subList(i, Math.min(keys.size(), i + 25));
            Map<String, Map<String, AttributeValue>> before = ItemReads.get(ddb, calls, table.target(), chunk, keyAttributes);
            String change = ItemChanges.recordBefore(ledger, runId, plan.destination(), table.target(), List.of(),
                    new ArrayList<>(before.values()), chunk);
            List<WriteRequest> requests = chunk.stream().map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build())
                    .build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table.target(), requests);
            for (int attempt = 0; !pending.getOrDefault(table.target(), List.of()).isEmpty(); attempt++) {
                if (attempt == calls.attempts()) {
                    throw new TransientException("deleting items of " + table.target() + " whose rows are gone: deletes kept coming back "
                            + "unprocessed; the step is retried");
                }
                if (attempt > 0) {
                    calls.pause(attempt - 1);
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = calls.call("BatchWriteItem " + table.target(), () -> ddb.batchWriteItem(b -> b.requestItems(request))).unprocessedItems();
            }
            ItemChanges.done(ledger, runId, change);
        }
    }

    /** Whether an item of a shared target belongs to this table: its template keys start with the table's prefixes. */
    static boolean belongs(ResolvedTable table, Map<String, AttributeValue> item) {
        for (ResolvedTable.KeyAttr k : table.keys()) {
            if (k.template() != null) {
                AttributeValue v = item.get(k.attribute());
                if (v == null || v.s() == null || !v.s().startsWith(ResolvedTable.constantPrefix(k.template()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String tenantAttribute(ResolvedTable table) {
        if (table.tenantColumn() == null) {
            return null;
        }
        return table.columns().stream().filter(c -> c.name().equals(table.tenantColumn())).map(ResolvedTable.Col::attribute)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static String text(AttributeValue v) {
        return v.s() != null ? v.s() : v.n() != null ? v.n() : String.valueOf(v);
    }

    static void countTenant(Map<String, Long> counters, String tenant, String what) {
        if (tenant == null || tenant.isEmpty()) {
            return;
        }
        String key = "tenant:" + tenant + ":" + what;
        if (!counters.containsKey(key) && counters.keySet().stream().filter(k -> k.startsWith("tenant:")).count() >= 2L * MAX_TENANTS) {
            counters.put("tenantsTruncated", 1L);
            return;
        }
        counters.merge(key, 1L, Long::sum);
    }

    /** Whether a row is in the field-by-field sample: the same rows for the same fraction, run after run. */
    static boolean sampled(String id, double fraction) {
        if (fraction >= 1.0) {
            return true;
        }
        long h = Long.parseLong(id.substring(0, 8), 16);
        return h < fraction * 0x1_0000_0000L;
    }

    /** Attribute names whose values differ (numbers compared by value), sorted. */
    static List<String> differing(Map<String, AttributeValue> want, Map<String, AttributeValue> have) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.TreeSet<>(want.keySet());
        names.addAll(have.keySet());
        for (String name : names) {
            AttributeValue a = want.get(name);
            AttributeValue b = have.get(name);
            if (a == null || b == null || !Arrays.equals(ItemCodec.canonicalBytes(Map.of(name, a)), ItemCodec.canonicalBytes(Map.of(name, b)))) {
                out.add(name);
            }
        }
        return out;
    }
}
