package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.VerificationFailedException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.LedgerDocuments;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.report.CsvWriter;
import dev.ferry.core.report.Report;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.quicksight.migration.MigrationPlan.DataSetAction;
import dev.ferry.quicksight.migration.MigrationPlan.PlannedDataSet;
import dev.ferry.quicksight.migration.MigrationReport.Row;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6 of quicksight-migration: {@code summary.json} and {@code assets.csv} (one row per dataset,
 * dashboard and analysis, with its verdict and differences), the artefacts file brought up to date, and the
 * run finished; a mismatch fails it with {@link VerificationFailedException} after the report is written. Also
 * the dry-run report (the plan) and the report of a failed run (its error and what rollback removed and kept).
 */
final class MigrationReporter {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationReporter.class);

    private final Dependencies deps;
    private final ReportSink sink;

    MigrationReporter(Dependencies deps) {
        this.deps = deps;
        this.sink = deps.reports();
    }

    MigrationReport report(MigrationPlan plan) {
        RunLedger ledger = deps.ledger();
        List<Row> rows = ledger.document(plan.runId(), QuickSightNames.DOC_VERIFICATION, JsonNode.class)
                .map(n -> Json.MAPPER.convertValue(n, new TypeReference<List<Row>>() { })).orElse(List.of());
        String dataSource = ledger.document(plan.runId(), QuickSightNames.DOC_FOUNDATION, FoundationResult.class)
                .map(f -> f.dataSourceArn() + " (" + f.dataSourceAction() + ")").orElse(plan.dataSourceArn());
        Totals t = totals(rows);
        RunOutcome outcome = t.mismatched == 0 ? RunOutcome.SUCCEEDED : RunOutcome.FAILED;
        MigrationReport report = write(plan.runId(), new MigrationReport(plan.runId(), outcome, false, dataSource, rows,
                t.toRecord(), null, artefactsLocation(plan), null), rows);
        new ArtefactsFile(deps, ledger).write(plan, outcome.name(), report.reportUri());
        ledger.putDocument(plan.runId(), LedgerDocuments.REPORT, report);
        if (t.mismatched > 0) {
            throw new VerificationFailedException(t.mismatched + " of " + rows.size() + " item(s) did not verify: "
                    + rows.stream().filter(r -> r.verdict() == Verdict.MISMATCH).map(r -> r.kind() + " " + r.destinationId()
                    + " (" + r.detail() + ")").toList() + ". Report: " + report.reportUri());
        }
        ledger.setStatus(plan.runId(), RunStatus.SUCCEEDED);
        LOG.info("run {} verified: {} dataset(s) moved, {} asset(s)", plan.runId(), t.moved, t.assets);
        return report;
    }

    /** The dry-run report: what the run would do; nothing was written but the report. */
    MigrationReport planReport(MigrationPlan plan) {
        List<Row> rows = new ArrayList<>();
        for (PlannedDataSet d : plan.datasets()) {
            String action = d.action() == null ? "NOT_MOVED" : switch (d.action()) {
                case CREATE -> "WOULD_CREATE";
                case UPDATE -> "WOULD_UPDATE";
                case RESUME -> "WOULD_CHECK";
                case SKIP_SPICE -> "SKIPPED";
                case VIA_BUNDLE -> "WOULD_IMPORT";
            };
            rows.add(new Row("dataset", d.sourceId(), d.moved() || d.action() == DataSetAction.VIA_BUNDLE ? d.destinationId() : null,
                    action, null, d.note() != null ? d.note() : "dry run", d.customSql(), d.rowLevelSecurity(), null, null));
        }
        plan.bundles().forEach(b -> {
            b.dashboards().forEach(id -> rows.add(new Row("dashboard", id, id, "WOULD_IMPORT", null,
                    "dry run: asset bundle " + b.index(), null, null, null, null)));
            b.analyses().forEach(id -> rows.add(new Row("analysis", id, id, "WOULD_IMPORT", null,
                    "dry run: asset bundle " + b.index(), null, null, null, null)));
        });
        return write(plan.runId(), new MigrationReport(plan.runId(), RunOutcome.PLANNED, true, plan.dataSourceArn()
                + " (would be created or updated)", rows, totals(rows).toRecord(), null, null, null), rows);
    }

    /** The report of a failed run: what was done (the ledger), what rollback removed and kept, and the error. */
    MigrationReport failureReport(String runId, String error, String cause, List<String> undone, List<String> kept) {
        RunLedger ledger = deps.ledgerForReading();
        List<Row> rows = new ArrayList<>();
        MigrationPlan plan = ledger.document(runId, Foundation.PLAN_DOC, MigrationPlan.class).orElse(null);
        if (plan != null) {
            for (PlannedDataSet d : plan.datasets()) {
                String action = ledger.document(runId, QuickSightNames.docDataSet(d.sourceId()), DataSetCopier.Result.class)
                        .map(r -> r.action() + " then rolled back").orElse("NOT_DONE");
                rows.add(new Row("dataset", d.sourceId(), d.destinationId(), d.action() == DataSetAction.SKIP_SPICE ? "SKIPPED" : action,
                        null, d.note(), d.customSql(), d.rowLevelSecurity(), null, null));
            }
        }
        String message = cause;
        JsonNode json = cause != null && cause.startsWith("{") ? Json.parse(cause) : null;
        if (json != null && json.has("errorMessage")) {
            message = json.get("errorMessage").asText();
        }
        return write(runId, new MigrationReport(runId, RunOutcome.FAILED, false, plan == null ? null : plan.dataSourceArn(), rows,
                totals(rows).toRecord(), new MigrationReport.Failure(error, message, undone, kept),
                plan == null ? null : artefactsLocation(plan), null), rows);
    }

    private MigrationReport write(String runId, MigrationReport report, List<Row> rows) {
        CsvWriter csv = new CsvWriter("kind", "source_id", "destination_id", "action", "result", "custom_sql", "row_level_security",
                "detail", "differences", "warnings");
        for (Row r : rows) {
            csv.row(r.kind(), r.sourceId(), r.destinationId(), r.action(), r.verdict(), r.customSql(), r.rowLevelSecurity(),
                    r.detail(), r.differences() == null ? null : String.join(" | ", r.differences()),
                    r.warnings() == null ? null : String.join(" | ", r.warnings()));
        }
        Report written = Report.write(sink, runId, report, "assets", csv);
        return new MigrationReport(report.runId(), report.status(), report.dryRun(), report.dataSource(), report.rows(),
                report.totals(), report.error(), report.artefacts(), written.summary().toString());
    }

    private static String artefactsLocation(MigrationPlan plan) {
        return plan.artefacts() == null ? null : ArtefactsStore.parse(plan.artefacts()).describe();
    }

    private static Totals totals(List<Row> rows) {
        Totals t = new Totals();
        for (Row r : rows) {
            if (r.kind().equals("dataset")) {
                t.datasets++;
                if ("SKIPPED".equals(r.action()) || "NOT_MOVED".equals(r.action())) {
                    t.skipped++;
                } else {
                    t.moved++;
                }
            } else {
                t.assets++;
            }
            if (r.verdict() == Verdict.MATCH) {
                t.matched++;
            } else if (r.verdict() == Verdict.MISMATCH) {
                t.mismatched++;
            }
        }
        return t;
    }

    private static final class Totals {
        int datasets;
        int moved;
        int skipped;
        int assets;
        int matched;
        int mismatched;

        MigrationReport.Totals toRecord() {
            return new MigrationReport.Totals(datasets, moved, skipped, assets, matched, mismatched);
        }
    }
}
