package dev.ferry.dynamodb.copy;

import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.codec.ItemDigest;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.VerificationFailedException;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.report.CsvWriter;
import dev.ferry.core.report.Report;
import dev.ferry.core.report.ReportSink;
import dev.ferry.dynamodb.support.Aws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4b of dynamodb-table-copy: compares each table's source tally (kept by the copy's
 * checkpoints) with its destination tally (kept by verification), writes the report, switches
 * deletion protection on where the source had it, and marks the run SUCCEEDED. A mismatch fails
 * with {@link VerificationFailedException} naming the tables and the report, after the report is
 * written, so a person can see what differed.
 */
public final class CopyReporter {
    private static final Logger LOG = LoggerFactory.getLogger(CopyReporter.class);

    private final ClientFactory clients;
    private final RunLedger ledger;
    private final ReportSink sink;

    public CopyReporter(ClientFactory clients, RunLedger ledger, ReportSink sink) {
        this.clients = clients;
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
                    null, null, null, "PLANNED", "dry run: " + ("WOULD_CREATE".equals(t.action())
                    ? "would create " + t.destination() : "would reuse " + t.destination())
                    + " and copy about " + t.sourceItemCount() + " items (DescribeTable's estimate) in " + t.segments()
                    + " segment(s)", t.warnings()));
        }
        return write(plan, rows, new CopyReport.Totals(rows.size(), items, 0, 0), "PLANNED", List.of());
    }

    public CopyReport report(CopyPlan plan) {
        PreparedCopy prepared = ledger.document(plan.runId(), "prepared", PreparedCopy.class)
                .orElseThrow(() -> new FerryException("run " + plan.runId() + " has no prepared tables in the ledger; "
                        + "Prepare did not finish. Re-run the same run id."));
        Map<String, Checkpoint> copies = ledger.checkpoints(plan.runId(), "copy#");
        Map<String, Checkpoint> verifies = ledger.checkpoints(plan.runId(), "verify#");
        List<CopyReport.TableResult> rows = new ArrayList<>();
        List<String[]> segmentRows = new ArrayList<>();
        long srcTotal = 0;
        long dstTotal = 0;
        int mismatches = 0;
        boolean checksum = plan.options().checksum();
        for (PreparedCopy.PreparedTable t : prepared.tables()) {
            long srcItems = 0;
            long dstItems = 0;
            ItemDigest srcDigest = new ItemDigest();
            ItemDigest dstDigest = new ItemDigest();
            boolean complete = true;
            for (int s = 0; s < t.segments(); s++) {
                String unitId = Unit.id(t.index(), s);
                Checkpoint c = copies.get("copy#" + unitId);
                Checkpoint v = verifies.get("verify#" + unitId);
                complete &= c != null && c.done() && v != null && v.done();
                srcItems += c == null ? 0 : c.items();
                dstItems += v == null ? 0 : v.items();
                if (checksum) {
                    if (c != null && c.digestHex() != null) {
                        srcDigest.merge(ItemDigest.of(c.items(), c.digestHex()));
                    }
                    if (v != null && v.digestHex() != null) {
                        dstDigest.merge(ItemDigest.of(v.items(), v.digestHex()));
                    }
                }
                segmentRows.add(new String[] {t.source(), t.destination(), Integer.toString(s + 1), Integer.toString(t.segments()),
                        c == null ? "0" : Long.toString(c.items()), c == null ? "0" : Long.toString(c.pages()),
                        c == null ? "0" : Long.toString(c.invocations()), v == null ? "0" : Long.toString(v.items()),
                        Boolean.toString(c != null && c.done())});
            }
            String result;
            String detail;
            boolean reusedWithItems = Boolean.TRUE.equals(t.destinationHadItems());
            if (!complete) {
                result = "MISMATCH";
                detail = "not every segment finished copying and verifying";
            } else if (reusedWithItems) {
                result = dstItems >= srcItems ? "NOT_COMPARABLE" : "MISMATCH";
                detail = dstItems >= srcItems
                        ? "the destination held items before the run: " + srcItems + " items copied, " + dstItems + " present now"
                        : "the destination has fewer items (" + dstItems + ") than were copied (" + srcItems + ")";
            } else if (srcItems != dstItems) {
                result = "MISMATCH";
                detail = "the destination has " + dstItems + " items, the source had " + srcItems
                        + " when copied; if the source was written to during the copy, re-run, else investigate";
            } else if (checksum && !srcDigest.equals(dstDigest)) {
                result = "MISMATCH";
                detail = "counts match (" + srcItems + ") but item contents differ (checksums differ)";
            } else {
                result = "MATCH";
                detail = "all " + srcItems + " items accounted for" + (checksum ? ", every item's checksum matches" : " (count)");
            }
            if ("MISMATCH".equals(result)) {
                mismatches++;
            }
            srcTotal += srcItems;
            dstTotal += dstItems;
            rows.add(new CopyReport.TableResult(t.source(), t.destination(), t.action(), t.segments(), srcItems, dstItems,
                    checksum ? srcDigest.toHex() : null, checksum ? dstDigest.toHex() : null, result, detail, t.warnings()));
        }
        String status = mismatches == 0 ? "SUCCEEDED" : "FAILED";
        if (mismatches == 0) {
            protect(plan, prepared); // before the report says SUCCEEDED: if this fails, the run has not succeeded
        }
        CopyReport report = write(plan, rows, new CopyReport.Totals(rows.size(), srcTotal, dstTotal, mismatches), status, segmentRows);
        ledger.putDocument(plan.runId(), "report", report);
        if (mismatches > 0) {
            throw new VerificationFailedException(mismatches + " of " + rows.size() + " table(s) did not verify: "
                    + rows.stream().filter(r -> "MISMATCH".equals(r.result())).map(r -> r.destination() + " (" + r.detail() + ")")
                    .toList() + ". Report: " + report.reportUri());
        }
        ledger.setStatus(plan.runId(), RunStatus.SUCCEEDED);
        LOG.info("run {} verified: {} items in {} table(s)", plan.runId(), srcTotal, rows.size());
        return report;
    }

    private void protect(CopyPlan plan, PreparedCopy prepared) {
        for (PreparedCopy.PreparedTable t : prepared.tables()) {
            if (t.deletionProtection()) {
                Aws.transientOnRetryable("enabling deletion protection on " + t.destination(), () -> clients.dynamo(plan.destination())
                        .updateTable(b -> b.tableName(t.destination()).deletionProtectionEnabled(true)));
            }
        }
    }

    private CopyReport write(CopyPlan plan, List<CopyReport.TableResult> rows, CopyReport.Totals totals, String status,
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
}
