package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.codec.ItemDigest;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.errors.ErrorCauses;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.VerificationFailedException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.LedgerDocuments;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunRecord;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.report.CsvWriter;
import dev.ferry.core.report.Report;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import dev.ferry.core.runtime.Dependencies;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4 of dynamodb-table-copy: sums each table's segments as verification found them
 * ({@link SegmentCheck}), gives each table its {@link Verdict}, writes the report, and finishes the run:
 * deletion protection on where the source had it, the run SUCCEEDED. A difference fails with
 * {@link VerificationFailedException} after the report is written; the destination tables are kept, so
 * that a re-run of the same run id copies again the segments that differ and verifies afresh. Also writes
 * the report of a run that failed and was rolled back ({@link #failureReport}).
 */
public final class CopyReporter {
    private static final Logger LOG = LoggerFactory.getLogger(CopyReporter.class);
    /** Sampled keys a table lists in summary.json (differences.csv has every sampled key). */
    static final int TABLE_SAMPLE = 20;
    static final String VERIFIED_CHECKSUM = "every item of each source table, read again when its segment was verified (right "
            + "after it was copied), against the destination: per scan segment, the item counts and an order-independent "
            + "SHA-256 digest of every item's canonical encoding on both sides; where they differed, key by key (each source "
            + "item looked up in the destination, each destination key in the source)";
    static final String VERIFIED_COUNT = "the item counts of each source table, read again when its segment was verified "
            + "(right after it was copied), and of the destination, per scan segment; where they differed, key by key "
            + "(which items are missing or extra; item contents are compared only in checksum mode)";

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final ReportSink sink;
    private final Clock clock;

    public CopyReporter(Dependencies deps, RunLedger ledger, ReportSink sink) {
        this(deps, ledger, sink, Clock.systemUTC());
    }

    CopyReporter(Dependencies deps, RunLedger ledger, ReportSink sink, Clock clock) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.sink = sink;
        this.clock = clock;
    }

    /** The dry-run report: the plan, nothing written but the report. */
    public CopyReport planReport(CopyPlan plan, PreparedCopy prepared) {
        List<CopyReport.TableResult> rows = new ArrayList<>();
        long items = 0;
        for (PreparedCopy.PreparedTable t : prepared.tables()) {
            items += t.sourceItemCount();
            rows.add(new CopyReport.TableResult(t.source(), t.destination(), t.action(), t.segments(), null, t.sourceItemCount(),
                    null, null, null, null, null, null, Verdict.PLANNED, "dry run: " + (t.action() == TableAction.WOULD_CREATE
                    ? "would create " + t.destination() : "would reuse " + t.destination())
                    + " and copy about " + t.sourceItemCount() + " items (DescribeTable's estimate) in " + t.segments()
                    + " segment(s)", null, t.warnings()));
        }
        CopyReport report = new CopyReport(plan.runId(), RunOutcome.PLANNED, true, plan.options().verify(), place(plan.source(), null),
                place(plan.destination(), null), new CopyReport.Times(null, null, null, now()), null, rows,
                new CopyReport.Totals(rows.size(), items, 0, 0, 0, 0, 0), null, "Start the same input without dryRun (and "
                + "with a run id of its own) to copy.", null);
        return write(plan.runId(), report, List.of(), List.of());
    }

    /** Verdicts from the segments' verification, the report, and the run finished (or failed). */
    public CopyReport report(CopyPlan plan) {
        PreparedCopy prepared = ledger.document(plan.runId(), LedgerDocuments.PREPARED, PreparedCopy.class)
                .orElseThrow(() -> new FerryException("run " + plan.runId() + " has no prepared tables in the ledger; "
                        + "Prepare did not finish. Re-run the same run id."));
        Map<String, Checkpoint> copies = ledger.checkpoints(plan.runId(), Unit.COPY_PREFIX);
        Map<String, Checkpoint> checks = ledger.checkpoints(plan.runId(), Unit.VERIFY_PREFIX + "t");
        Map<String, Long> written = written(plan);
        boolean checksum = plan.options().checksum();
        List<CopyReport.TableResult> rows = new ArrayList<>();
        List<String[]> segmentRows = new ArrayList<>();
        List<String[]> differenceRows = new ArrayList<>();
        String[] window = {null, null};
        for (PreparedCopy.PreparedTable t : prepared.tables()) {
            rows.add(tableResult(t, copies, checks, checksum, written.get(t.destination()), segmentRows, differenceRows, window));
        }
        int mismatches = (int) rows.stream().filter(r -> r.result() == Verdict.MISMATCH).count();
        if (mismatches == 0) {
            protect(plan, prepared); // before the report says SUCCEEDED: if this fails, the run has not succeeded
        }
        RunRecord run = ledger.run(plan.runId()).orElse(null);
        CopyReport report = new CopyReport(plan.runId(), mismatches == 0 ? RunOutcome.SUCCEEDED : RunOutcome.FAILED, false,
                plan.options().verify(), place(plan.source(), prepared.tables().isEmpty() ? null : prepared.tables().get(0).source()),
                place(plan.destination(), prepared.tables().isEmpty() ? null : prepared.tables().get(0).destination()),
                new CopyReport.Times(run == null ? null : run.createdAt(), window[0], window[1], now()),
                checksum ? VERIFIED_CHECKSUM : VERIFIED_COUNT, rows, totals(rows),
                null, mismatches == 0 ? null : "The destination differs from the source as it is now (the source was "
                + "probably written to during the copy). The destination tables are kept. Re-run the same input with the same "
                + "run id: the segments that differ are copied again and everything is verified afresh. To copy a table that "
                + "keeps changing, stop its writers for the copy (live sync is coming).", null);
        report = write(plan.runId(), report, segmentRows, differenceRows);
        finish(plan, report, run);
        return report;
    }

    /**
     * The report of a run that failed after Validate and was rolled back: what was done (tables, items
     * written), the error, what the rollback removed and what it kept. Best effort: the run's own error is
     * what the execution fails with, whatever happens here.
     *
     * @param failure the failure path's state: {@code error}, {@code cause} and the rollback's result
     *     ({@code rollback.undone}, {@code rollback.kept}, {@code rollback.failure})
     */
    public CopyReport failureReport(CopyPlan plan, JsonNode failure) {
        JsonNode rollback = failure.path("rollback");
        boolean unitError = rollback.has("failure") && rollback.get("failure").has("error");
        String error = unitError ? rollback.get("failure").get("error").asText() : failure.path("error").asText(null);
        String cause = ErrorCauses.readable(unitError ? rollback.get("failure").path("cause").asText() : failure.path("cause").asText(null));
        List<String> undone = strings(rollback.path("undone"));
        List<String> kept = strings(rollback.path("kept"));
        Optional<PreparedCopy> prepared = ledger.document(plan.runId(), LedgerDocuments.PREPARED, PreparedCopy.class);
        Map<String, ResourceRecord> resources = new java.util.HashMap<>();
        for (ResourceRecord r : ledger.resources(plan.runId())) {
            resources.put(r.name(), r);
        }
        List<CopyReport.TableResult> rows = new ArrayList<>();
        for (int i = 0; i < plan.tables().size(); i++) {
            CopyPlan.TablePair pair = plan.tables().get(i);
            PreparedCopy.PreparedTable t = prepared.map(p -> p.tables()).orElse(List.of()).stream()
                    .filter(p -> p.destination().equals(pair.destination())).findFirst().orElse(null);
            ResourceRecord r = resources.get(pair.destination());
            long items = r == null ? 0 : r.itemsWritten();
            String detail;
            if (r == null) {
                detail = "the run failed before it created or wrote " + pair.destination();
            } else if (r.status() == dev.ferry.core.ledger.ResourceStatus.PREEXISTING) {
                detail = pair.destination() + " existed before this run, so the rollback kept it; the " + items + " item(s) this run "
                        + "wrote into it stay (an item with the same key was overwritten). To avoid this, copy into a table "
                        + "that does not exist yet";
            } else if (r.status() == dev.ferry.core.ledger.ResourceStatus.ROLLED_BACK) {
                detail = pair.destination() + " was created by this run and deleted by the rollback, with the " + items
                        + " item(s) copied into it";
            } else {
                detail = pair.destination() + " was created by this run and is still there (" + r.status() + "): see the rollback's result";
            }
            rows.add(new CopyReport.TableResult(pair.source(), pair.destination(), t == null ? null : t.action(),
                    t == null ? 0 : t.segments(), items, 0, null, null, null, null, null, null, null, detail, null,
                    t == null ? null : t.warnings()));
        }
        RunRecord run = ledger.run(plan.runId()).orElse(null);
        CopyReport report = new CopyReport(plan.runId(), RunOutcome.FAILED, false, plan.options().verify(),
                place(plan.source(), null), place(plan.destination(), null),
                new CopyReport.Times(run == null ? null : run.createdAt(), null, null, now()), null, rows,
                new CopyReport.Totals(rows.size(), 0, 0, 0, 0, 0, 0), new CopyReport.Failure(error, cause, undone, kept),
                "Fix the cause above and start the same input again: a rolled-back run starts afresh.", null);
        return write(plan.runId(), report, List.of(), List.of());
    }

    /** Items written per destination table, as the ledger counted them with the checkpoints. */
    private Map<String, Long> written(CopyPlan plan) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (ResourceRecord r : ledger.resources(plan.runId())) {
            out.put(r.name(), r.itemsWritten());
        }
        return out;
    }

    /** One table's verdict from its segments' checks; adds its segment and difference rows. */
    static CopyReport.TableResult tableResult(PreparedCopy.PreparedTable t, Map<String, Checkpoint> copies, Map<String, Checkpoint> checks,
                                              boolean checksum, Long itemsWritten, List<String[]> segmentRows,
                                              List<String[]> differenceRows, String[] window) {
        boolean complete = true;
        long source = 0;
        long destination = 0;
        long missing = 0;
        long different = 0;
        long extra = 0;
        ItemDigest sourceDigest = new ItemDigest();
        ItemDigest destinationDigest = new ItemDigest();
        List<String> differences = new ArrayList<>();
        for (int s = 0; s < t.segments(); s++) {
            String unitId = Unit.id(t.index(), s);
            Checkpoint c = copies.get(Unit.COPY_PREFIX + unitId);
            Checkpoint v = checks.get(Unit.VERIFY_PREFIX + unitId);
            SegmentCheck check = v != null && v.done() && v.detail() != null
                    ? Json.MAPPER.convertValue(Json.parse(v.detail()), SegmentCheck.class) : null;
            complete &= c != null && c.done() && check != null;
            if (check != null) {
                source += check.sourceItems();
                destination += check.destinationItems();
                missing += check.missing();
                different += check.different();
                extra += check.extra();
                if (checksum && check.sourceDigest() != null && check.destinationDigest() != null) {
                    sourceDigest.merge(ItemDigest.of(0, check.sourceDigest()));
                    destinationDigest.merge(ItemDigest.of(0, check.destinationDigest()));
                }
                String segment = "segment " + (s + 1) + "/" + t.segments();
                addDifferences(t, segment, "missing", check.missingKeys(), differences, differenceRows);
                addDifferences(t, segment, "different", check.differentKeys(), differences, differenceRows);
                addDifferences(t, segment, "extra", check.extraKeys(), differences, differenceRows);
                window[0] = min(window[0], check.startedAt());
                window[1] = max(window[1], check.finishedAt());
            }
            segmentRows.add(new String[] {t.source(), t.destination(), Integer.toString(s + 1), Integer.toString(t.segments()),
                    c == null ? "0" : Long.toString(c.items()), c == null ? "0" : Long.toString(c.pages()),
                    c == null ? "0" : Long.toString(c.invocations()), Boolean.toString(c != null && c.done()),
                    check == null ? "" : Long.toString(check.sourceItems()), check == null ? "" : Long.toString(check.destinationItems()),
                    check == null ? "" : check.compared(), check == null ? "" : Long.toString(check.missing()),
                    check == null ? "" : Long.toString(check.different()), check == null ? "" : Long.toString(check.extra()),
                    check == null ? "" : check.startedAt(), check == null ? "" : check.finishedAt()});
        }
        Verdict result;
        String detail;
        boolean hadItems = Boolean.TRUE.equals(t.destinationHadItems());
        if (!complete) {
            result = Verdict.MISMATCH;
            detail = "not every segment finished copying and verifying; re-run the same run id to finish it";
        } else if (missing == 0 && different == 0 && extra == 0) {
            result = Verdict.MATCH;
            detail = "the destination equals the source as it was when verified: " + source + " items"
                    + (checksum ? ", every item's content identical" : " (counts and keys; contents are compared in checksum mode)");
        } else if (hadItems && missing == 0 && different == 0) {
            result = Verdict.NOT_COMPARABLE;
            detail = "every one of the source's " + source + " items is in the destination" + (checksum ? " with the same content" : "")
                    + "; " + extra + " other item(s) were there (the table held items before the run), so it cannot equal the source";
        } else {
            result = Verdict.MISMATCH;
            detail = (missing > 0 ? missing + " source item(s) missing from the destination, " : "")
                    + (different > 0 ? different + " item(s) with other contents, " : "")
                    + (extra > 0 ? extra + " destination item(s) not in the source" + (hadItems ? " (some may have been there before the run)" : "") + ", " : "")
                    + "as the source is now (sample keys below and in differences.csv). The source was probably written to "
                    + "after it was copied: re-run the same run id to copy the segments that differ again and verify afresh";
        }
        return new CopyReport.TableResult(t.source(), t.destination(), t.action(), t.segments(), itemsWritten, source, destination,
                missing, different, extra, checksum ? sourceDigest.toHex() : null, checksum ? destinationDigest.toHex() : null,
                result, detail, differences.isEmpty() ? null : differences, t.warnings());
    }

    private static void addDifferences(PreparedCopy.PreparedTable t, String segment, String kind, List<String> keys,
                                       List<String> differences, List<String[]> rows) {
        for (String key : keys) {
            rows.add(new String[] {t.source(), t.destination(), segment, kind, key});
            if (differences.size() < TABLE_SAMPLE) {
                differences.add(kind + " (" + segment + "): " + key);
            }
        }
    }

    private static CopyReport.Totals totals(List<CopyReport.TableResult> rows) {
        return new CopyReport.Totals(rows.size(), rows.stream().mapToLong(CopyReport.TableResult::sourceItems).sum(),
                rows.stream().mapToLong(r -> r.destinationItems() == null ? 0 : r.destinationItems()).sum(),
                (int) rows.stream().filter(r -> r.result() == Verdict.MISMATCH).count(),
                rows.stream().mapToLong(r -> r.missing() == null ? 0 : r.missing()).sum(),
                rows.stream().mapToLong(r -> r.different() == null ? 0 : r.different()).sum(),
                rows.stream().mapToLong(r -> r.extra() == null ? 0 : r.extra()).sum());
    }

    /** Keeps the report in the ledger, then marks the run SUCCEEDED, or fails naming what differed. */
    private void finish(CopyPlan plan, CopyReport report, RunRecord run) {
        ledger.putDocument(plan.runId(), LedgerDocuments.REPORT, report);
        if (report.totals().mismatches() > 0) {
            if (run == null || run.status() != RunStatus.SUCCEEDED) {
                ledger.setStatus(plan.runId(), RunStatus.FAILED); // a finished run stays finished: a failure never rolls it back
            }
            throw new VerificationFailedException(report.totals().mismatches() + " of " + report.tables().size()
                    + " table(s) differ from the source as it is now: " + report.tables().stream().filter(r -> r.result() == Verdict.MISMATCH)
                    .map(r -> r.destination() + " (" + r.missing() + " missing, " + r.different() + " different, " + r.extra()
                            + " extra; e.g. " + (r.differences() == null ? "-" : String.join("; ", r.differences().subList(0,
                            Math.min(3, r.differences().size())))) + ")").toList()
                    + ". The destination tables are kept: re-run the same input with the same run id to copy the segments that "
                    + "differ again and verify afresh. Report: " + report.reportUri());
        }
        ledger.setStatus(plan.runId(), RunStatus.SUCCEEDED);
        LOG.info("run {} verified: {} items in {} table(s)", plan.runId(), report.totals().sourceItems(), report.tables().size());
    }

    private void protect(CopyPlan plan, PreparedCopy prepared) {
        for (PreparedCopy.PreparedTable t : prepared.tables()) {
            if (t.deletionProtection()) {
                calls.run("enabling deletion protection on " + t.destination(), () -> clients.dynamo(plan.destination())
                        .updateTable(b -> b.tableName(t.destination()).deletionProtectionEnabled(true)));
            }
        }
    }

    /** A side's region and account id: from a table's ARN where one can be described, else from the role. */
    private CopyReport.Place place(Side side, String table) {
        String region = side.region();
        String account = side.roleArn() == null ? null : arnPart(side.roleArn(), 4);
        if (table != null) {
            try {
                String arn = DynamoDbTables.find(calls, clients.dynamo(side), table).map(d -> d.tableArn()).orElse(null);
                if (arn != null) {
                    region = region == null ? arnPart(arn, 3) : region;
                    account = arnPart(arn, 4);
                }
            } catch (RuntimeException e) {
                LOG.debug("could not describe {} for the report's account id ({})", table, e.getClass().getSimpleName());
            }
        }
        return new CopyReport.Place(region, account == null || account.isEmpty() ? null : account);
    }

    private static String arnPart(String arn, int index) {
        String[] parts = arn.split(":", 6);
        return parts.length > index ? parts[index] : null;
    }

    private CopyReport write(String runId, CopyReport report, List<String[]> segmentRows, List<String[]> differenceRows) {
        CsvWriter tables = new CsvWriter("source_table", "destination_table", "action", "segments", "items_copied", "source_items",
                "destination_items", "missing", "different", "extra", "source_checksum", "destination_checksum", "result", "detail",
                "warnings");
        for (CopyReport.TableResult r : report.tables()) {
            tables.row(r.source(), r.destination(), r.action(), r.segments(), r.itemsCopied(), r.sourceItems(), r.destinationItems(),
                    r.missing(), r.different(), r.extra(), r.sourceDigest(), r.destinationDigest(), r.result(), r.detail(),
                    r.warnings() == null ? "" : String.join(" | ", r.warnings()));
        }
        if (!segmentRows.isEmpty()) {
            CsvWriter segments = new CsvWriter("source_table", "destination_table", "segment", "of", "items_copied", "pages",
                    "invocations", "copied", "source_items_verified", "destination_items_verified", "compared", "missing",
                    "different", "extra", "verification_started_at", "verification_finished_at");
            segmentRows.forEach(r -> segments.row((Object[]) r));
            sink.write(runId, "segments.csv", segments.toBytes(), Report.CSV_TYPE);
        }
        if (!differenceRows.isEmpty()) {
            CsvWriter differences = new CsvWriter("source_table", "destination_table", "segment", "kind", "key");
            differenceRows.forEach(r -> differences.row((Object[]) r));
            sink.write(runId, "differences.csv", differences.toBytes(), Report.CSV_TYPE);
        }
        Report written = Report.write(sink, runId, report, "tables", tables);
        return new CopyReport(report.runId(), report.status(), report.dryRun(), report.verify(), report.source(), report.destination(),
                report.times(), report.verification(), report.tables(), report.totals(), report.failure(), report.nextStep(),
                written.summary().toString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    private String now() {
        return Instant.now(clock).toString();
    }
}
