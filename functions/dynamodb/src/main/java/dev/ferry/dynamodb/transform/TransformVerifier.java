package dev.ferry.dynamodb.transform;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.dynamodb.BatchGetter;
import dev.ferry.core.dynamodb.RateLimiter;
import dev.ferry.core.dynamodb.Scanner;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.runtime.Dependencies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Step 4 of dynamodb-transform, per unit: checks the result as it is now, reading consistently.
 * <ul>
 *   <li>Items: in a full run, a scan of the unit's segment: every item must have {@code when} false, or the
 *       transform applied again must change nothing. Items listed as failed are counted, not checked. In a
 *       run with {@code limit} or {@code keysFrom}, the items the run wrote are checked the same way.</li>
 *   <li>Emitted records: every record the run wrote (the newest write of each key) must be present and
 *       equal to what was written.</li>
 * </ul>
 * Checkpointed like the transform: the scan by its resume key, then the unit's page files one by one.
 */
final class TransformVerifier {
    /** Resume-key attribute marking that the scan is done and page files are being checked. */
    static final String PHASE = "ferry:files-checked";

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final ReportSink reports;
    private final long safetyMarginMillis;

    TransformVerifier(Dependencies deps, RunLedger ledger, ReportSink reports) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.reports = reports;
        this.safetyMarginMillis = deps.safetyMarginMillis();
    }

    /** Whether the run checks items by a scan (a full run) rather than by its page files. */
    static boolean scans(TransformPlan plan) {
        return plan.options().limit() == null && plan.options().keysFrom() == null;
    }

    UnitProgress verify(UnitRequest request, Context context) {
        String runId = request.runId();
        TransformPlan plan = request.plan();
        TransformUnit unit = request.unit();
        TableKeys table = plan.table();
        Checkpoint cp = ledger.checkpoint(runId, unit.verifyKey()).orElse(Checkpoint.start());
        if (cp.done()) {
            return new UnitProgress(true, cp.items());
        }
        Counters counters = new Counters(Counters.fromDetail(cp.detail()));
        UnitState failed = UnitState.load(reports, runId, UnitState.transformFile(unit), table.keyNames());
        UnitState state = UnitState.load(reports, runId, UnitState.verifyFile(unit), table.keyNames());
        Transformer transformer = new Transformer(plan);
        DynamoDbClient ddb = clients.dynamo(plan.target());
        Integer cap = plan.options().maxReadUnitsPerSecond();
        RateLimiter rate = new RateLimiter(cap == null ? 0 : (double) cap / Math.max(1, unit.concurrency()), calls.sleeper(),
                System::nanoTime);
        String what = unit.describe(table.name()) + " (verify)";
        Checker checker = new Checker(table, transformer, counters, failed, state);
        long pages = cp.pages();
        long invocations = cp.invocations() + 1;
        Map<String, AttributeValue> key = cp.lastKey();
        if (scans(plan) && !key.containsKey(PHASE)) {
            Scanner scanner = new Scanner(ddb, table.name(), unit.segment(), unit.totalSegments(), false, rate, calls, what)
                    .consistent().pageLimit(plan.options().batchSize() * 4);
            do {
                ScanResponse page = scanner.page(key);
                page.items().forEach(checker::item);
                pages++;
                key = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : Map.of(PHASE, AttributeValue.fromN("0"));
                state.counters(counters.snapshot());
                state.save(reports, runId);
                ledger.saveCheckpoint(runId, unit.verifyKey(), new Checkpoint(key, counters.get(Counters.CHECKED), 0, pages,
                        null, false, invocations, counters.detail()));
            } while (!key.containsKey(PHASE) && context.getRemainingTimeInMillis() > safetyMarginMillis);
            if (!key.containsKey(PHASE)) {
                return new UnitProgress(false, counters.get(Counters.CHECKED));
            }
        }
        // the unit's page files, newest first: the newest write of a key is what must be there now
        List<ResourceRecord> files = new ArrayList<>();
        String prefix = "transform-" + unit.unitId() + "-";
        for (ResourceRecord r : ledger.resources(runId)) {
            if (r.type().equals(SegmentTransformer.EMITTED_RECORDS) && r.name().startsWith(prefix)) {
                files.add(r);
            }
        }
        Collections.reverse(files);
        int start = key.containsKey(PHASE) ? Integer.parseInt(key.get(PHASE).n()) : 0;
        Set<String> seenItems = new HashSet<>();
        Set<String> seenRecords = new HashSet<>();
        for (int i = 0; i < start && i < files.size(); i++) {
            PageFile f = PageFile.read(reports, runId, files.get(i).name());
            f.items().forEach(c -> seenItems.add(BatchGetter.keyId(c.keyItem(), table.keyNames())));
            f.emitted().forEach(r -> seenRecords.add(recordId(r)));
        }
        for (int i = start; i < files.size(); i++) {
            PageFile f = PageFile.read(reports, runId, files.get(i).name());
            if (!scans(plan)) {
                checker.written(f, seenItems, new BatchGetter(ddb, table.name(), table.keyNames(), false, rate, calls, what));
            }
            checker.records(f, seenRecords, (t, keyNames) -> new BatchGetter(ddb, t, keyNames, false, rate, calls, what + " (" + t + ")"));
            pages++;
            boolean done = i + 1 == files.size();
            state.counters(counters.snapshot());
            state.save(reports, runId);
            ledger.saveCheckpoint(runId, unit.verifyKey(), new Checkpoint(done ? Map.of() : Map.of(PHASE, AttributeValue.fromN(
                    Integer.toString(i + 1))), counters.get(Counters.CHECKED), 0, pages, null, done, invocations, counters.detail()));
            if (done) {
                return new UnitProgress(true, counters.get(Counters.CHECKED));
            }
            if (context.getRemainingTimeInMillis() <= safetyMarginMillis) {
                return new UnitProgress(false, counters.get(Counters.CHECKED));
            }
        }
        state.counters(counters.snapshot());
        state.save(reports, runId);
        ledger.saveCheckpoint(runId, unit.verifyKey(), new Checkpoint(Map.of(), counters.get(Counters.CHECKED), 0, pages + 1,
                null, true, invocations, counters.detail()));
        return new UnitProgress(true, counters.get(Counters.CHECKED));
    }

    private static String recordId(PageFile.RecordChange r) {
        Map<String, AttributeValue> key = r.keyItem();
        return r.table() + "\n" + BatchGetter.keyId(key, new ArrayList<>(key.keySet()));
    }

    /** The checks, counting into the unit's counters and listing problems in its verify file. */
    private record Checker(TableKeys table, Transformer transformer, Counters counters, UnitState failed, UnitState state) {
        /** One item as it is now: the transform must find nothing left to do. */
        void item(Map<String, AttributeValue> item) {
            counters.add(Counters.CHECKED, 1);
            if (failed.isFailed(BatchGetter.keyId(item, table.keyNames()))) {
                counters.add(Counters.FAILED, 1); // listed in failed-keys.json: left as it was on purpose
                return;
            }
            ItemResult r = transformer.apply(item);
            switch (r.kind()) {
                case CHANGED -> {
                    if (!r.diff().isEmpty()) {
                        counters.add(Counters.NOT_TRANSFORMED, 1);
                        state.problem(table.describe(item), "not transformed", "the transform would still change it: "
                                + r.diff().describe());
                    }
                }
                case FAILED -> {
                    counters.add(Counters.NOT_TRANSFORMED, 1);
                    state.problem(table.describe(item), "transform fails", r.failure().path() + " " + r.failure().message());
                }
                default -> {
                    // when is false, or the transform changes nothing: done
                }
            }
        }

        /** The items a page file says the run wrote (the newest write of each), as they are now. */
        void written(PageFile f, Set<String> seen, BatchGetter reader) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            List<PageFile.ItemChange> items = new ArrayList<>(f.items());
            Collections.reverse(items);
            for (PageFile.ItemChange c : items) {
                if (seen.add(BatchGetter.keyId(c.keyItem(), table.keyNames()))) {
                    keys.add(c.keyItem());
                }
            }
            Map<String, Map<String, AttributeValue>> now = reader.read(keys);
            for (Map<String, AttributeValue> key : keys) {
                Map<String, AttributeValue> item = now.get(BatchGetter.keyId(key, table.keyNames()));
                if (item == null) {
                    counters.add(Counters.GONE, 1); // deleted since: nothing left to check
                } else {
                    item(item);
                }
            }
        }

        /** The records a page file says the run wrote (the newest write of each key): present and equal. */
        void records(PageFile f, Set<String> seen, java.util.function.BiFunction<String, List<String>, BatchGetter> readers) {
            Map<String, List<PageFile.RecordChange>> byTable = new LinkedHashMap<>();
            List<PageFile.RecordChange> records = new ArrayList<>(f.emitted());
            Collections.reverse(records);
            for (PageFile.RecordChange r : records) {
                if (seen.add(recordId(r))) {
                    byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
                }
            }
            for (Map.Entry<String, List<PageFile.RecordChange>> e : byTable.entrySet()) {
                List<String> keyNames = new ArrayList<>(e.getValue().get(0).keyItem().keySet());
                Map<String, Map<String, AttributeValue>> now = readers.apply(e.getKey(), keyNames)
                        .read(e.getValue().stream().map(PageFile.RecordChange::keyItem).toList());
                for (PageFile.RecordChange r : e.getValue()) {
                    counters.add(Counters.EMITTED_CHECKED, 1);
                    Map<String, AttributeValue> current = now.get(BatchGetter.keyId(r.keyItem(), keyNames));
                    String keyText = e.getKey() + ": " + r.key();
                    if (current == null) {
                        counters.add(Counters.EMITTED_MISSING, 1);
                        state.problem(keyText, "emitted record missing", "the run wrote it, but it is not there");
                    } else if (!PlainJson.sameItem(current, r.afterItem())) {
                        counters.add(Counters.EMITTED_DIFFERENT, 1);
                        state.problem(keyText, "emitted record differs", "it is not what the run wrote: "
                                + AttributeDiff.between(r.afterItem(), current).describe());
                    }
                }
            }
        }
    }
}
