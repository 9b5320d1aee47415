package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.VerificationFailedException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.LedgerDocuments;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.report.CsvWriter;
import dev.ferry.core.report.Report;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of dynamodb-transform (and the report of a failed run, after its rollback): sums every unit's
 * counts from the ledger, gives items and emitted records their {@link Verdict}, and writes
 * {@code summary.json}, {@code items.csv} (the problems, the failed items, what rollback left, a sample of
 * before/after diffs) and {@code failed-keys.json} when items failed. Then it finishes the run: SUCCEEDED,
 * or a {@link VerificationFailedException} (after the report is written) that rolls it back.
 */
final class TransformReporter {
    private static final Logger LOG = LoggerFactory.getLogger(TransformReporter.class);
    /** Partition keys the report names. */
    static final int HOT_PARTITIONS = 5;

    private final RunLedger ledger;
    private final ReportSink sink;

    TransformReporter(RunLedger ledger, ReportSink sink) {
        this.ledger = ledger;
        this.sink = sink;
    }

    /**
     * The report.
     *
     * @param prepared what Plan returned; null to read it from the ledger (a failed run may have none)
     * @param failure the run's error and what rollback did; null for a run that got to its Report state
     */
    TransformReport report(TransformPlan plan, PreparedTransform prepared, ReportTransformHandler.Failure failure) {
        String runId = plan.runId();
        PreparedTransform units = prepared != null ? prepared
                : ledger.document(runId, LedgerDocuments.PREPARED, PreparedTransform.class).orElse(null);
        List<TransformUnit> all = units == null ? List.of() : units.units();
        Map<String, Checkpoint> transformed = ledger.checkpoints(runId, TransformUnit.TRANSFORM_PREFIX);
        Map<String, Checkpoint> verified = ledger.checkpoints(runId, TransformUnit.VERIFY_PREFIX);
        Counters counts = new Counters(Map.of());
        Counters checks = new Counters(Map.of());
        boolean transformDone = !all.isEmpty();
        boolean verifyDone = !all.isEmpty();
        List<UnitState.FailedItem> failedItems = new ArrayList<>();
        Map<String, Long> hot = new LinkedHashMap<>();
        List<UnitState.Sample> samples = new ArrayList<>();
        List<UnitState.Problem> problems = new ArrayList<>();
        for (TransformUnit unit : all) {
            Checkpoint t = transformed.get(unit.transformKey());
            Checkpoint v = verified.get(unit.verifyKey());
            transformDone &= t != null && t.done();
            verifyDone &= v != null && v.done();
            UnitState state = UnitState.load(sink, runId, UnitState.transformFile(unit), plan.table().keyNames());
            UnitState checked = UnitState.load(sink, runId, UnitState.verifyFile(unit), plan.table().keyNames());
            // the checkpoints' counts; after a rollback (which removes checkpoints) the copies the unit files keep
            (t != null ? Counters.fromDetail(t.detail()) : state.counters()).forEach(counts::add);
            (v != null ? Counters.fromDetail(v.detail()) : checked.counters()).forEach(checks::add);
            failedItems.addAll(state.failed());
            state.hotKeys().forEach((k, n) -> hot.merge(k, n, Long::sum));
            samples.addAll(state.samples());
            problems.addAll(checked.problems());
        }
        TransformReport.Counts c = new TransformReport.Counts(counts.get(Counters.SCANNED), counts.get(Counters.MATCHED),
                counts.get(Counters.TRANSFORMED), counts.get(Counters.UNCHANGED), counts.get(Counters.SKIPPED),
                counts.get(Counters.CONFLICTS), counts.get(Counters.EMITTED), counts.get(Counters.EMITTED_REPLACED),
                counts.get(Counters.FAILED), counts.get(Counters.GONE), counts.get(Counters.THROTTLED));
        boolean verificationRan = !verified.isEmpty() || checks.get(Counters.CHECKED) + checks.get(Counters.EMITTED_CHECKED) > 0;
        TransformReport.Verification verification = plan.dryRun() || (failure != null && !verificationRan) ? null
                : verification(checks, verifyDone || (failure != null && verificationRan));
        RunOutcome status = failure != null ? RunOutcome.FAILED : plan.dryRun() ? RunOutcome.PLANNED
                : verification.items() == Verdict.MATCH && verification.emitted() == Verdict.MATCH ? RunOutcome.SUCCEEDED
                : RunOutcome.FAILED;
        String detail = detail(plan, c, verification, status, transformDone, failure);

        CsvWriter csv = new CsvWriter("key", "check", "detail");
        failedItems.forEach(f -> csv.row(f.keyText(), "failed", f.path() + " " + f.message()));
        problems.forEach(p -> csv.row(p.keyText(), p.check(), p.detail()));
        if (failure != null && failure.rollback() != null) {
            failure.rollback().path("kept").forEach(k -> csv.row("", "rollback: kept", k.asText()));
        }
        samples.forEach(s -> csv.row(s.keyText(), plan.dryRun() ? "sample: would change" : "sample: changed",
                s.changes() + (s.emitted() > 0 ? " (+" + s.emitted() + " record(s) emitted)" : "")));
        String failedKeys = null;
        if (!failedItems.isEmpty()) {
            FailedKeys manifest = new FailedKeys(runId, plan.table().name(), failedItems.stream().map(UnitState.FailedItem::key).toList(),
                    failedItems);
            failedKeys = sink.write(runId, FailedKeys.FILE, Json.bytes(manifest), Report.JSON_TYPE).toString();
        }
        List<TransformReport.HotPartition> hotPartitions = hot.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(HOT_PARTITIONS).map(e -> new TransformReport.HotPartition(e.getKey(), e.getValue())).toList();
        TransformReport.Failure failed = failure == null ? null : new TransformReport.Failure(failure.error(), failure.cause(),
                strings(failure.rollback(), "undone"), strings(failure.rollback(), "kept"));
        List<String> emitTables = plan.emitTables().stream().map(TableKeys::name).toList();
        int segments = units == null ? 0 : units.units().size();
        TransformReport unsigned = new TransformReport(runId, status, plan.dryRun(), plan.table().name(), emitTables, segments, c, verification,
                detail, units == null ? List.of() : units.backups(), hotPartitions.isEmpty() ? null : hotPartitions, failedKeys,
                failed, null);
        Report written = Report.write(sink, runId, unsigned, "items", csv);
        TransformReport report = new TransformReport(runId, status, plan.dryRun(), plan.table().name(), emitTables, segments, c, verification,
                detail, unsigned.backups(), unsigned.hotPartitions(), failedKeys, failed, written.summary().toString());
        ledger.putDocument(runId, LedgerDocuments.REPORT, report);
        if (failure == null) {
            if (status == RunOutcome.FAILED) {
                throw new VerificationFailedException("verification of run " + runId + " failed: " + detail + " Report: "
                        + report.reportUri());
            }
            ledger.setStatus(runId, RunStatus.SUCCEEDED);
        }
        LOG.info("run {} {}: {}", runId, status, detail);
        return report;
    }

    /**
     * The report of a run that failed and was rolled back, from what the ledger and the unit files kept. Without a
     * plan in the ledger (the run failed before Plan recorded it) the report holds the error and rollback alone.
     */
    TransformReport failed(String runId, ReportTransformHandler.Failure failure) {
        TransformPlan plan = ledger.document(runId, LedgerDocuments.PLAN, TransformPlan.class).orElse(null);
        if (plan != null) {
            return report(plan, null, failure);
        }
        TransformReport.Failure failed = new TransformReport.Failure(failure.error(), failure.cause(),
                strings(failure.rollback(), "undone"), strings(failure.rollback(), "kept"));
        String detail = "The run failed (" + failure.error() + ") before it had planned anything; nothing was written.";
        TransformReport unsigned = new TransformReport(runId, RunOutcome.FAILED, false, null, List.of(), 0, null, null, detail,
                List.of(), null, null, failed, null);
        Report written = Report.write(sink, runId, unsigned, "items", new CsvWriter("key", "check", "detail"));
        return new TransformReport(runId, RunOutcome.FAILED, false, null, List.of(), 0, null, null, detail, List.of(), null, null,
                failed, written.summary().toString());
    }

    private static TransformReport.Verification verification(Counters checks, boolean complete) {
        long notTransformed = checks.get(Counters.NOT_TRANSFORMED);
        long missing = checks.get(Counters.EMITTED_MISSING);
        long different = checks.get(Counters.EMITTED_DIFFERENT);
        return new TransformReport.Verification(complete && notTransformed == 0 ? Verdict.MATCH : Verdict.MISMATCH,
                complete && missing + different == 0 ? Verdict.MATCH : Verdict.MISMATCH, checks.get(Counters.CHECKED),
                notTransformed, checks.get(Counters.EMITTED_CHECKED), missing, different);
    }

    private static String detail(TransformPlan plan, TransformReport.Counts c, TransformReport.Verification v, RunOutcome status,
                                 boolean transformDone, ReportTransformHandler.Failure failure) {
        String counts = c.scanned() + " items read: " + c.transformed() + (plan.dryRun() ? " would be transformed, " : " transformed, ")
                + c.unchanged() + " needed no change, " + c.skipped() + " skipped (when is false), " + c.failed() + " failed"
                + (c.gone() > 0 ? ", " + c.gone() + " deleted meanwhile" : "") + "; " + c.emitted() + " record(s) "
                + (plan.dryRun() ? "would be " : "") + "emitted" + (c.conflicts() > 0 ? "; " + c.conflicts() + " conflict(s) with "
                + "concurrent writers, re-applied" : "") + ".";
        if (failure != null) {
            return "The run failed (" + failure.error() + ") and was rolled back; before that, " + counts;
        }
        if (plan.dryRun()) {
            return "Dry run, nothing written: " + counts;
        }
        if (!transformDone) {
            return "Not every unit finished: " + counts;
        }
        if (status == RunOutcome.SUCCEEDED) {
            return "All " + c.scanned() + " items accounted for, verified: " + counts
                    + (c.failed() > 0 ? " The failed items are listed in failed-keys.json: fix the transform and run again with "
                    + "options.keysFrom set to it." : "");
        }
        return "Verification found " + v.notTransformed() + " item(s) the transform would still change, " + v.emittedMissing()
                + " emitted record(s) missing and " + v.emittedDifferent() + " different (see items.csv): " + counts;
    }

    private static List<String> strings(JsonNode node, String field) {
        if (node == null || !node.path(field).isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.get(field).forEach(n -> out.add(n.asText()));
        return out;
    }
}
