package dev.ferry.dynamodb.copy;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.codec.ItemDigest;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.VerificationFailedException;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.LedgerDocuments;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.report.CsvWriter;
import dev.ferry.core.report.Report;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import dev.ferry.core.runtime.Dependencies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4b of dynamodb-table-copy: tallies each table's source side (kept by the copy's checkpoints)
 * and destination side (kept by verification), gives each table its {@link Verdict}, writes the
 * report, and finishes the run: deletion protection on where the source had it, the run SUCCEEDED.
 * A mismatch fails with {@link VerificationFailedException} naming the tables and the report, after
 * the report is written, so a person can see what differed.
 */
public final class CopyReporter {
    private static final Logger LOG = LoggerFactory.getLogger(CopyReporter.class);

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final ReportSink sink;

    public CopyReporter(Dependencies deps, RunLedger ledger, ReportSink sink) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.sink = sink;
    }

    /** The dry-run report: the plan, nothing written but the report. */
    public CopyReport planReport(CopyPlan plan, PreparedCopy prepared) {
        List<CopyReport.TableResult> rows = new ArrayList<>();
        long items = 0;
        for (PreparedCopy.PreparedTable t : prepared.tables()) {
            items += t.sourceItemCount();
            rows.add(new CopyReport.TableResult(t.source(), t.destination(), t.action(), t.segments(), t.sourceItemCount(),
                    null, null, null, Verdict.PLANNED, "dry run: " + (t.action() == TableAction.WOULD_CREATE
                    ? "would create " + t.destination() : "would reuse " + t.destination())
                    + " and copy about " + t.sourceItemCount() + " items (DescribeTable's estimate) in " + t.segments()
                    + " segment(s)", t.warnings()));
        }
        return write(plan, rows, new CopyReport.Totals(rows.size(), items, 0, 0), RunOutcome.PLANNED, List.of());
    }

    /** Verdicts from the ledger's checkpoints, the report, and the run finished (or failed). */
    public CopyReport report(CopyPlan plan) {
        PreparedCopy prepared = ledger.document(plan.runId(), LedgerDocuments.PREPARED, PreparedCopy.class)
                .orElseThrow(() -> new FerryException("run " + plan.runId() + " has no prepared tables in the ledger; "
                        + "Prepare did not finish. Re-run the same run id."));
        Map<String, Checkpoint> copies = ledger.checkpoints(plan.runId(), Unit.COPY_PREFIX);
        Map<String, Checkpoint> verifies = ledger.checkpoints(plan.runId(), Unit.VERIFY_PREFIX);
        boolean checksum = plan.options().checksum();
        List<CopyReport.TableResult> rows = new ArrayList<>();
        List<String[]> segmentRows = new ArrayList<>();
        for (PreparedCopy.PreparedTable t : prepared.tables()) {
            rows.add(tableResult(t, tally(t, copies, verifies, checksum, segmentRows), checksum));
        }
        long sourceItems = rows.stream().mapToLong(CopyReport.TableResult::sourceItems).sum();
        long destinationItems = rows.stream().mapToLong(r -> r.destinationItems() == null ? 0 : r.destinationItems()).sum();
        int mismatches = (int) rows.stream().filter(r -> r.result() == Verdict.MISMATCH).count();
        if (mismatches == 0) {
            protect(plan, prepared); // before the report says SUCCEEDED: if this fails, the run has not succeeded
        }
        CopyReport report = write(plan, rows, new CopyReport.Totals(rows.size(), sourceItems, destinationItems, mismatches),
                mismatches == 0 ? RunOutcome.SUCCEEDED : RunOutcome.FAILED, segmentRows);
        finish(plan, report);
        return report;
    }

    /** One table's two sides, summed over its segments; adds the table's rows to {@code segmentRows}. */
    private static Tally tally(PreparedCopy.PreparedTable t, Map<String, Checkpoint> copies, Map<String, Checkpoint> verifies,
                               boolean checksum, List<String[]> segmentRows) {
        Tally tally = new Tally();
        for (int s = 0; s < t.segments(); s++) {
            String unitId = Unit.id(t.index(), s);
            Checkpoint c = copies.get(Unit.COPY_PREFIX + unitId);
            Checkpoint v = verifies.get(Unit.VERIFY_PREFIX + unitId);
            tally.complete &= c != null && c.done() && v != null && v.done();
            tally.sourceItems += c == null ? 0 : c.items();
            tally.destinationItems += v == null ? 0 : v.items();
            if (checksum) {
                if (c != null && c.digestHex() != null) {
                    tally.sourceDigest.merge(ItemDigest.of(c.items(), c.digestHex()));
                }
                if (v != null && v.digestHex() != null) {
                    tally.destinationDigest.merge(ItemDigest.of(v.items(), v.digestHex()));
                }
            }
            segmentRows.add(new String[] {t.source(), t.destination(), Integer.toString(s + 1), Integer.toString(t.segments()),
                    c == null ? "0" : Long.toString(c.items()), c == null ? "0" : Long.toString(c.pages()),
                    c == null ? "0" : Long.toString(c.invocations()), v == null ? "0" : Long.toString(v.items()),
                    Boolean.toString(c != null && c.done())});
        }
        return tally;
    }

    /** The verdict on one table, with a sentence a person can act on. */
    static CopyReport.TableResult tableResult(PreparedCopy.PreparedTable t, Tally tally, boolean checksum) {
        long src = tally.sourceItems;
        long dst = tally.destinationItems;
        Verdict result;
        String detail;
        if (!tally.complete) {
            result = Verdict.MISMATCH;
            detail = "not every segment finished copying and verifying";
        } else if (Boolean.TRUE.equals(t.destinationHadItems())) {
            result = dst >= src ? Verdict.NOT_COMPARABLE : Verdict.MISMATCH;
            detail = dst >= src
                    ? "the destination held items before the run: " + src + " items copied, " + dst + " present now"
                    : "the destination has fewer items (" + dst + ") than were copied (" + src + ")";
        } else if (src != dst) {
            result = Verdict.MISMATCH;
            detail = "the destination has " + dst + " items, the source had " + src
                    + " when copied; if the source was written to during the copy, re-run, else investigate";
        } else if (checksum && !tally.sourceDigest.equals(tally.destinationDigest)) {
            result = Verdict.MISMATCH;
            detail = "counts match (" + src + ") but item contents differ (checksums differ)";
        } else {
            result = Verdict.MATCH;
            detail = "all " + src + " items accounted for" + (checksum ? ", every item's checksum matches" : " (count)");
        }
        return new CopyReport.TableResult(t.source(), t.destination(), t.action(), t.segments(), src, dst,
                checksum ? tally.sourceDigest.toHex() : null, checksum ? tally.destinationDigest.toHex() : null,
                result, detail, t.warnings());
    }

    /** Keeps the report in the ledger, then marks the run SUCCEEDED, or fails naming what differed. */
    private void finish(CopyPlan plan, CopyReport report) {
        ledger.putDocument(plan.runId(), LedgerDocuments.REPORT, report);
        if (report.totals().mismatches() > 0) {
            throw new VerificationFailedException(report.totals().mismatches() + " of " + report.tables().size()
                    + " table(s) did not verify: " + report.tables().stream().filter(r -> r.result() == Verdict.MISMATCH)
                    .map(r -> r.destination() + " (" + r.detail() + ")").toList() + ". Report: " + report.reportUri());
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

    private CopyReport write(CopyPlan plan, List<CopyReport.TableResult> rows, CopyReport.Totals totals, RunOutcome status,
                             List<String[]> segmentRows) {
        CsvWriter tables = new CsvWriter("source_table", "destination_table", "action", "segments", "source_items",
                "destination_items", "source_checksum", "destination_checksum", "result", "detail", "warnings");
        for (CopyReport.TableResult r : rows) {
            tables.row(r.source(), r.destination(), r.action(), r.segments(), r.sourceItems(), r.destinationItems(),
                    r.sourceDigest(), r.destinationDigest(), r.result(), r.detail(), String.join(" | ", r.warnings()));
        }
        if (!segmentRows.isEmpty()) {
            CsvWriter segments = new CsvWriter("source_table", "destination_table", "segment", "of", "items_copied", "pages",
                    "invocations", "destination_items", "done");
            segmentRows.forEach(r -> segments.row((Object[]) r));
            sink.write(plan.runId(), "segments.csv", segments.toBytes(), Report.CSV_TYPE);
        }
        CopyReport unsigned = new CopyReport(plan.runId(), status, plan.dryRun(), plan.options().verify(), rows, totals, null);
        Report written = Report.write(sink, plan.runId(), unsigned, "tables", tables);
        return new CopyReport(plan.runId(), status, plan.dryRun(), plan.options().verify(), rows, totals,
                written.summary().toString());
    }

    /** One table's two sides, summed over its segments. */
    static final class Tally {
        boolean complete = true;
        long sourceItems;
        long destinationItems;
        final ItemDigest sourceDigest = new ItemDigest();
        final ItemDigest destinationDigest = new ItemDigest();
    }
}
