package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.codec.ItemDigest;
import dev.ferry.core.dynamodb.BatchGetter;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.dynamodb.ScanPages;
import dev.ferry.core.dynamodb.RateLimiter;
import dev.ferry.core.dynamodb.Scanner;
import dev.ferry.core.errors.ConflictException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Verifies one scan segment against the source AS IT IS NOW, right after the segment is copied (in the
 * same Map iteration, so segments verify while others still copy), time-boxed and checkpointed.
 *
 * <ol>
 *   <li><b>Both sides at once.</b> The source segment and the destination segment (same Segment and
 *       TotalSegments) are read in parallel, strongly consistent, and each side's items are counted and,
 *       in checksum mode, digested (order-independent SHA-256 sum of every item's canonical encoding).
 *       Equal counts and digests: the segment matches.</li>
 *   <li><b>Key by key, only when they differ.</b> DynamoDB does not document that an item falls in the
 *       same parallel-scan segment of two tables, and the source may have changed since it was copied, so
 *       a difference is then pinned down without relying on segments: the source segment is read again
 *       and each page's keys are fetched from the destination (BatchGetItem): missing and (checksum mode)
 *       different items; in parallel the destination segment's keys are read and looked up in the source:
 *       extra items. Counts and a sample of {@link #SAMPLE} keys of each kind are kept.</li>
 * </ol>
 *
 * <p>The result ({@link SegmentCheck}) is the detail of the unit's final verify checkpoint. Step 2 is exact
 * whatever the segments of the two tables hold: an item another segment's copy writes meanwhile exists in
 * the source, so it is never counted as extra.
 */
public final class SegmentVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentVerifier.class);
    /** Keys kept of each kind of difference, per segment. */
    static final int SAMPLE = 10;

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final long safetyMarginMillis;
    private final Clock clock;

    public SegmentVerifier(Dependencies deps, RunLedger ledger) {
        this(deps, ledger, Clock.systemUTC());
    }

    SegmentVerifier(Dependencies deps, RunLedger ledger, Clock clock) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.safetyMarginMillis = deps.safetyMarginMillis();
        this.clock = clock;
    }

    /** Checkpoint names of the steps of a unit's verification. */
    static String sourceKey(Unit u) {
        return Unit.VERIFY_PREFIX + "src#" + u.unitId();
    }

    static String destinationKey(Unit u) {
        return Unit.VERIFY_PREFIX + "dst#" + u.unitId();
    }

    static String missingKey(Unit u) {
        return Unit.VERIFY_PREFIX + "missing#" + u.unitId();
    }

    static String extraKey(Unit u) {
        return Unit.VERIFY_PREFIX + "extra#" + u.unitId();
    }

    public VerifyProgress verify(SegmentRequest request, Context context) {
        Unit unit = request.unit();
        String runId = request.runId();
        Checkpoint result = ledger.checkpoint(runId, unit.verifyKey()).orElse(null);
        if (result != null && result.done()) {
            return new VerifyProgress(true, result.items());
        }
        BooleanSupplier time = () -> context.getRemainingTimeInMillis() > safetyMarginMillis;
        boolean checksum = request.options().checksum();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ferry-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            Checkpoint src = ledger.checkpoint(runId, sourceKey(unit)).orElse(Checkpoint.start());
            Checkpoint dst = ledger.checkpoint(runId, destinationKey(unit)).orElse(Checkpoint.start());
            if (!src.done() || !dst.done()) {
                Checkpoint s0 = src;
                Checkpoint d0 = dst;
                String startedAt = now();
                List<Checkpoint> both = both(pool,
                        () -> readSide(request, request.source(), unit.sourceTable(), sourceKey(unit), s0, checksum, startedAt, time),
                        () -> readSide(request, request.destination(), unit.destinationTable(), destinationKey(unit), d0, checksum,
                                startedAt, time));
                src = both.get(0);
                dst = both.get(1);
                if (!src.done() || !dst.done()) {
                    return new VerifyProgress(false, dst.items());
                }
            }
            String startedAt = startedAt(src);
            boolean equal = src.items() == dst.items() && (!checksum || java.util.Objects.equals(src.digestHex(), dst.digestHex()));
            if (equal) {
                return finish(request, new SegmentCheck(src.items(), dst.items(), src.digestHex(), dst.digestHex(),
                        checksum ? "digest" : "count", 0, 0, 0, null, null, null, startedAt, now()));
            }
            List<String> keys = keyAttributes(request);
            Checkpoint m0 = ledger.checkpoint(runId, missingKey(unit)).orElse(Checkpoint.start());
            Checkpoint e0 = ledger.checkpoint(runId, extraKey(unit)).orElse(Checkpoint.start());
            List<Checkpoint> diagnosis = both(pool,
                    () -> m0.done() ? m0 : findMissing(request, keys, m0, checksum, time),
                    () -> e0.done() ? e0 : findExtra(request, keys, e0, time));
            Checkpoint missing = diagnosis.get(0);
            Checkpoint extra = diagnosis.get(1);
            if (!missing.done() || !extra.done()) {
                return new VerifyProgress(false, dst.items());
            }
            JsonNode m = Json.parse(missing.detail());
            JsonNode x = Json.parse(extra.detail());
            SegmentCheck check = new SegmentCheck(missing.items(), extra.items(), src.digestHex(), dst.digestHex(), "keys",
                    m.path("missing").asLong(), m.path("different").asLong(), x.path("extra").asLong(),
                    strings(m.path("missingKeys")), strings(m.path("differentKeys")), strings(x.path("extraKeys")), startedAt, now());
            return finish(request, check);
        } finally {
            pool.shutdownNow();
        }
    }

    private VerifyProgress finish(SegmentRequest request, SegmentCheck check) {
        Unit unit = request.unit();
        ledger.saveCheckpoint(request.runId(), unit.verifyKey(), new Checkpoint(Map.of(), check.sourceItems(), 0, 1, null, true, 1,
                Json.write(check)));
        if (check.matches()) {
            LOG.info("segment {} verified: {} items match", unit.describe(), check.sourceItems());
        } else {
            LOG.info("segment {} differs: {} missing, {} different, {} extra", unit.describe(), check.missing(),
                    check.different(), check.extra());
        }
        return new VerifyProgress(true, check.destinationItems());
    }

    /** Step 1 for one side: counts (and digests) its segment from its checkpoint on. */
    private Checkpoint readSide(SegmentRequest request, Side side, String table, String checkpointKey, Checkpoint cp,
                                boolean checksum, String startedAt, BooleanSupplier time) {
        Unit unit = request.unit();
        ItemDigest digest = checksum ? cp.resumeDigest() : null;
        Scanner scanner = new Scanner(clients.dynamo(side), table, unit.segment(), unit.totalSegments(), !checksum,
                limiter(request), calls, table + " segment " + (unit.segment() + 1) + "/" + unit.totalSegments() + " (verify)")
                .consistent();
        String detail = cp.detail() != null ? cp.detail() : Json.write(Map.of("startedAt", startedAt));
        long items = cp.items();
        long pages = cp.pages();
        Map<String, AttributeValue> key = cp.lastKey();
        Checkpoint now = cp;
        do {
            ScanPages.PageDigest read = checksum ? new ScanPages.PageDigest() : null;
            ScanResponse page = scanner.page(key, read);
            if (read != null && read.filled()) {
                digest.merge(read.digest());   // digested as the answer was read: the page holds no items
            } else if (checksum) {
                for (Map<String, AttributeValue> item : page.items()) {
                    digest.add(item);
                }
            }
            items += page.count();
            pages++;
            key = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : Map.of();
            now = new Checkpoint(key, items, 0, pages, digest == null ? null : digest.toHex(), key.isEmpty(), cp.invocations() + 1, detail);
            ledger.saveCheckpoint(request.runId(), checkpointKey, now);
        } while (!key.isEmpty() && time.getAsBoolean());
        return now;
    }

    /** Step 2, source side: each source item looked up in the destination. */
    private Checkpoint findMissing(SegmentRequest request, List<String> keys, Checkpoint cp, boolean compareContents,
                                   BooleanSupplier time) {
        Unit unit = request.unit();
        String what = unit.sourceTable() + " segment " + (unit.segment() + 1) + "/" + unit.totalSegments() + " (verify, key by key)";
        Scanner scanner = new Scanner(clients.dynamo(request.source()), unit.sourceTable(), unit.segment(), unit.totalSegments(),
                false, limiter(request), calls, what).consistent();
        if (!compareContents) {
            scanner.projecting(keys);
        }
        BatchGetter destination = new BatchGetter(clients.dynamo(request.destination()), unit.destinationTable(), keys,
                !compareContents, limiter(request), calls, unit.destinationTable() + " (verify, key by key)");
        ObjectNode detail = cp.detail() == null ? Json.object() : (ObjectNode) Json.parse(cp.detail());
        long missing = detail.path("missing").asLong();
        long different = detail.path("different").asLong();
        List<String> missingKeys = new ArrayList<>(strings(detail.path("missingKeys")));
        List<String> differentKeys = new ArrayList<>(strings(detail.path("differentKeys")));
        long items = cp.items();
        long pages = cp.pages();
        Map<String, AttributeValue> lastKey = cp.lastKey();
        Checkpoint now = cp;
        do {
            ScanResponse page = scanner.page(lastKey);
            List<Map<String, AttributeValue>> pageKeys = page.items().stream().map(destination::keyOf).toList();
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = destination.get(pageKeys);
            for (int i = 0; i < page.items().size(); i++) {
                Map<String, AttributeValue> item = page.items().get(i);
                Map<String, AttributeValue> copy = found.get(pageKeys.get(i));
                if (copy == null) {
                    missing++;
                    sample(missingKeys, pageKeys.get(i), keys);
                } else if (compareContents && !Arrays.equals(ItemCodec.canonicalBytes(item), ItemCodec.canonicalBytes(copy))) {
                    different++;
                    sample(differentKeys, pageKeys.get(i), keys);
                }
            }
            items += page.count();
            pages++;
            lastKey = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : Map.of();
            detail.put("missing", missing).put("different", different);
            detail.set("missingKeys", Json.MAPPER.valueToTree(missingKeys));
            detail.set("differentKeys", Json.MAPPER.valueToTree(differentKeys));
            now = new Checkpoint(lastKey, items, 0, pages, null, lastKey.isEmpty(), cp.invocations() + 1, Json.write(detail));
            ledger.saveCheckpoint(request.runId(), missingKey(unit), now);
        } while (!lastKey.isEmpty() && time.getAsBoolean());
        return now;
    }

    /** Step 2, destination side: each destination key looked up in the source. */
    private Checkpoint findExtra(SegmentRequest request, List<String> keys, Checkpoint cp, BooleanSupplier time) {
        Unit unit = request.unit();
        Scanner scanner = new Scanner(clients.dynamo(request.destination()), unit.destinationTable(), unit.segment(),
                unit.totalSegments(), false, limiter(request), calls, unit.destinationTable() + " segment " + (unit.segment() + 1)
                + "/" + unit.totalSegments() + " (verify, key by key)").consistent().projecting(keys);
        BatchGetter source = new BatchGetter(clients.dynamo(request.source()), unit.sourceTable(), keys, true, limiter(request),
                calls, unit.sourceTable() + " (verify, key by key)");
        ObjectNode detail = cp.detail() == null ? Json.object() : (ObjectNode) Json.parse(cp.detail());
        long extra = detail.path("extra").asLong();
        List<String> extraKeys = new ArrayList<>(strings(detail.path("extraKeys")));
        long items = cp.items();
        long pages = cp.pages();
        Map<String, AttributeValue> lastKey = cp.lastKey();
        Checkpoint now = cp;
        do {
            ScanResponse page = scanner.page(lastKey);
            List<Map<String, AttributeValue>> pageKeys = page.items().stream().map(source::keyOf).toList();
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = source.get(pageKeys);
            for (Map<String, AttributeValue> k : pageKeys) {
                if (!found.containsKey(k)) {
                    extra++;
                    sample(extraKeys, k, keys);
                }
            }
            items += page.count();
            pages++;
            lastKey = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : Map.of();
            detail.put("extra", extra);
            detail.set("extraKeys", Json.MAPPER.valueToTree(extraKeys));
            now = new Checkpoint(lastKey, items, 0, pages, null, lastKey.isEmpty(), cp.invocations() + 1, Json.write(detail));
            ledger.saveCheckpoint(request.runId(), extraKey(unit), now);
        } while (!lastKey.isEmpty() && time.getAsBoolean());
        return now;
    }

    /** Runs both steps at once and waits for both; the first failure is rethrown as it was thrown. */
    private static List<Checkpoint> both(ExecutorService pool, java.util.function.Supplier<Checkpoint> a,
                                         java.util.function.Supplier<Checkpoint> b) {
        CompletableFuture<Checkpoint> first = CompletableFuture.supplyAsync(a, pool);
        CompletableFuture<Checkpoint> second = CompletableFuture.supplyAsync(b, pool);
        try {
            CompletableFuture.allOf(first, second).join();
            return List.of(first.join(), second.join());
        } catch (CompletionException e) {
            // let the other side finish (it checkpoints as it goes), then report the failure
            try {
                CompletableFuture.allOf(first, second).handle((v, t) -> null).join();
            } catch (RuntimeException ignored) {
                // the failure that matters is rethrown below
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The source table's key attributes, partition key first. */
    private List<String> keyAttributes(SegmentRequest request) {
        var table = DynamoDbTables.find(calls, clients.dynamo(request.source()), request.unit().sourceTable())
                .orElseThrow(() -> new ConflictException("the source table " + request.unit().sourceTable()
                        + " no longer exists, so the copy cannot be verified against it"));
        List<String> out = new ArrayList<>();
        table.keySchema().stream().filter(k -> k.keyType() == KeyType.HASH).map(KeySchemaElement::attributeName).forEach(out::add);
        table.keySchema().stream().filter(k -> k.keyType() == KeyType.RANGE).map(KeySchemaElement::attributeName).forEach(out::add);
        return out;
    }

    private static void sample(List<String> sample, Map<String, AttributeValue> key, List<String> order) {
        if (sample.size() < SAMPLE) {
            sample.add(describeKey(key, order));
        }
    }

    /** A key as a person reads it: {@code pk="A#1", sk=17}. */
    static String describeKey(Map<String, AttributeValue> key, List<String> order) {
        List<String> parts = new ArrayList<>();
        for (String name : order) {
            AttributeValue v = key.get(name);
            String shown = v == null ? "?" : v.s() != null ? Json.write(v.s()) : v.n() != null ? v.n()
                    : v.b() != null ? "b64:" + Base64.getEncoder().encodeToString(v.b().asByteArray()) : String.valueOf(v);
            parts.add(name + "=" + shown);
        }
        return String.join(", ", parts);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String startedAt(Checkpoint source) {
        return source.detail() == null ? null : Json.parse(source.detail()).path("startedAt").asText(null);
    }

    private RateLimiter limiter(SegmentRequest request) {
        Integer cap = request.options().maxReadUnitsPerSecond();
        return new RateLimiter(cap == null ? 0 : (double) cap / Math.max(1, request.unit().concurrency()), calls.sleeper(), System::nanoTime);
    }

    private String now() {
        return Instant.now(clock).toString();
    }
}
