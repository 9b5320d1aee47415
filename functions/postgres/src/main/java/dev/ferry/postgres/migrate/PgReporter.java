package dev.ferry.postgres.migrate;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.errors.ErrorCauses;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.VerificationFailedException;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.report.CsvWriter;
import dev.ferry.core.report.Report;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.postgres.convert.Uuid5;
import dev.ferry.postgres.source.SourceDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of postgres-to-dynamodb: sums the units' checkpoints into a verdict per table (MATCH only when every
 * row has its item or secret, equal, every reference resolves, and the counts agree per table and per tenant),
 * writes {@code problems.csv}, {@code tables.csv} and {@code summary.json}, and on success records the run's
 * start as the watermark the next incremental run reads from. A difference fails the run (after the report is
 * written), which rolls it back; a drift check only reports.
 */
public final class PgReporter {
    private static final Logger LOG = LoggerFactory.getLogger(PgReporter.class);

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final ReportSink sink;

    public PgReporter(Dependencies deps, RunLedger ledger, ReportSink sink) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.sink = sink;
    }

    /** The dry run's report: what would be done. */
    public PgReport planReport(PgPlan plan, Prepared prepared, PreparedRun resolved) {
        List<PgReport.TableResult> rows = new ArrayList<>();
        for (ResolvedTable t : resolved.tables()) {
            rows.add(new PgReport.TableResult(t.source(), targetName(t), t.action(), t.segments(), t.estimatedRows(), 0, 0, 0, null, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, Verdict.PLANNED, "dry run: would " + (t.isSecret() ? "write " + t.estimatedRows() + " secret(s)"
                    : ("WOULD_CREATE".equals(t.action()) ? "create " : "reuse ") + t.target() + " and load " + t.estimatedRows() + " row(s)")
                    + " in " + t.segments() + " range(s)", t.warnings()));
        }
        return write(plan, rows, RunOutcome.PLANNED, List.of(), idMaps(resolved, false), resolved.startedAt());
    }

    /**
     * The report of a run that failed: its error, what the rollback undid and kept, each table's target, and the
     * problems the units had found. Written after the rollback, so it says what is left.
     */
    public PgReport failureReport(PgPlan plan, com.fasterxml.jackson.databind.JsonNode failure) {
        com.fasterxml.jackson.databind.JsonNode rollback = failure.path("rollback");
        List<String> undone = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        rollback.path("undone").forEach(u -> undone.add(u.asText()));
        rollback.path("kept").forEach(k -> kept.add(k.asText()));
        String error = rollback.path("failure").path("error").asText(failure.path("error").asText(null));
        String cause = ErrorCauses.readable(rollback.path("failure").path("cause").asText(failure.path("cause").asText(null)));
        String rollbackError = failure.hasNonNull("rollbackError") ? failure.get("rollbackError").asText() + ": "
                + ErrorCauses.readable(failure.path("rollbackCause").asText("")) : null;
        List<PgReport.TableResult> rows = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        PreparedRun run = ledger == null ? null : ledger.document(plan.runId(), PreparedRun.DOCUMENT, PreparedRun.class).orElse(null);
        if (run != null) {
            for (ResolvedTable t : run.tables()) {
                rows.add(new PgReport.TableResult(t.source(), targetName(t), t.action(), t.segments(), t.estimatedRows(), 0, 0, 0, null, 0, 0,
                        0, 0, 0, 0, 0, 0, 0, Verdict.MISMATCH, "the run failed" + (rollbackError == null ? " and was rolled back: what it "
                        + "wrote here is undone (see summary.json)" : "; its rollback did not finish"), t.warnings()));
                for (int r = 0; r < t.segments(); r++) {
                    documents.add(Problems.documentName("load", Unit.id(t.index(), r)));
                    documents.add(Problems.documentName("verify", Unit.id(t.index(), r)));
                }
            }
        }
        List<Problems.Entry> problems = ledger == null ? List.of() : Problems.all(ledger, plan.runId(), documents);
        PgReport.Failure why = new PgReport.Failure(error, cause, undone, kept, rollbackError);
        PgReport written = write(plan, rows, RunOutcome.FAILED, problems, List.of(), run == null ? null : run.startedAt(), why);
        LOG.info("run {} failed; its report is written", plan.runId());
        return written;
    }

    public PgReport report(PgPlan plan) {
        PreparedRun run = ledger.document(plan.runId(), PreparedRun.DOCUMENT, PreparedRun.class)
                .orElseThrow(() -> new FerryException("run " + plan.runId() + " has no prepared tables in the ledger; Prepare did not finish. "
                        + "Re-run the same run id."));
        Map<String, Checkpoint> loads = ledger.checkpoints(plan.runId(), Unit.LOAD);
        Map<String, Checkpoint> verifies = ledger.checkpoints(plan.runId(), Unit.VERIFY);
        List<String> documents = new ArrayList<>();
        List<PgReport.TableResult> rows = new ArrayList<>();
        List<Problems.Entry> extraProblems = new ArrayList<>();
        for (ResolvedTable t : run.tables()) {
            Map<String, Long> load = new TreeMap<>();
            Map<String, Long> verify = new TreeMap<>();
            boolean complete = true;
            for (int r = 0; r < t.segments(); r++) {
                String id = Unit.id(t.index(), r);
                Checkpoint l = loads.get(Unit.LOAD + id);
                Checkpoint v = verifies.get(Unit.VERIFY + id);
                complete &= (plan.driftCheck() || (l != null && l.done())) && v != null && v.done();
                if (l != null) {
                    load.merge("rows", l.items(), Long::sum);
                    UnitCounters.of(l).forEach((k, n) -> load.merge(k, n, Long::sum));
                }
                if (v != null) {
                    UnitCounters.of(v).forEach((k, n) -> verify.merge(k, n, Long::sum));
                }
                documents.add(Problems.documentName("load", id));
                documents.add(Problems.documentName("verify", id));
            }
            rows.add(result(plan, t, complete, load, verify, extraProblems));
        }
        List<Problems.Entry> problems = new ArrayList<>(Problems.all(ledger, plan.runId(), documents));
        problems.addAll(extraProblems);
        long mismatches = rows.stream().filter(r -> r.result() == Verdict.MISMATCH).count();
        PgReport report = write(plan, rows, mismatches == 0 ? RunOutcome.SUCCEEDED : RunOutcome.FAILED, problems, idMaps(run, true),
                run.startedAt());
        ledger.putDocument(plan.runId(), dev.ferry.core.ledger.LedgerDocuments.REPORT, report);
        if (mismatches > 0) {
            throw new VerificationFailedException(mismatches + " of " + rows.size() + " table(s) did not verify: " + rows.stream()
                    .filter(r -> r.result() == Verdict.MISMATCH).map(r -> r.source() + " (" + r.detail() + ")").toList()
                    + ". Report: " + report.reportUri());
        }
        if (!plan.driftCheck()) {
            ledger.putDocument(PgPreparer.SYNC_PREFIX + plan.syncId(), PgPreparer.WATERMARKS, new PgPreparer.Watermarks(plan.runId(), run.startedAt()));
        }
        ledger.setStatus(plan.runId(), RunStatus.SUCCEEDED);
        LOG.info("run {} verified: {} row(s) in {} table(s)", plan.runId(), report.totals().sourceRows(), rows.size());
        return report;
    }

    private static PgReport.TableResult result(PgPlan plan, ResolvedTable t, boolean complete, Map<String, Long> load, Map<String, Long> verify,
                                               List<Problems.Entry> extraProblems) {
        long rows = verify.getOrDefault("rows", 0L);
        long missing = verify.getOrDefault("missing", 0L) + verify.getOrDefault("secretsMissing", 0L);
        long differing = verify.getOrDefault("differs", 0L) + verify.getOrDefault("secretsDiffer", 0L);
        long extra = verify.getOrDefault("extra", 0L);
        long kept = verify.getOrDefault("kept", 0L);
        long sampled = verify.getOrDefault("sampled", 0L);
        boolean sampling = !t.isSecret() && plan.options().verifySample() < 1.0;
        long changed = verify.getOrDefault("changed", 0L) + verify.getOrDefault("extraChanged", 0L);
        long broken = verify.getOrDefault("fkBroken", 0L);
        long skipped = load.getOrDefault("skipped", 0L);
        long written = load.getOrDefault("written", 0L) + load.getOrDefault("secretsCreated", 0L) + load.getOrDefault("secretsUpdated", 0L);
        Long items = t.isSecret() ? rows - missing - differing - verify.getOrDefault("skipped", 0L) - verify.getOrDefault("changed", 0L)
                : verify.getOrDefault("items", 0L);
        Map<String, long[]> tenants = new TreeMap<>();
        verify.forEach((k, n) -> {
            if (k.startsWith("tenant:")) {
                String rest = k.substring("tenant:".length());
                String tenant = rest.substring(0, rest.lastIndexOf(':'));
                tenants.computeIfAbsent(tenant, x -> new long[2])[rest.endsWith(":rows") ? 0 : 1] += n;
            }
        });
        int tenantMismatches = 0;
        // a key range counts a bounded number of tenants (its counts travel in its checkpoint), and the rows of a range and
        // the items of its scan segment are different sets: once any range stopped counting, the sums are partial on both
        // sides and would differ for tenants that are complete. Then only the table's totals are compared, and the report says so.
        boolean tenantsTruncated = verify.getOrDefault("tenantsTruncated", 0L) > 0;
        if (tenantsTruncated) {
            tenants.clear();
        }
        if (!t.isSecret()) {
            for (Map.Entry<String, long[]> e : tenants.entrySet()) {
                if (e.getValue()[0] != e.getValue()[1]) {
                    tenantMismatches++;
                    extraProblems.add(new Problems.Entry(t.source(), "tenant " + e.getKey(), "TENANT_COUNT", e.getValue()[0] + " row(s), "
                            + e.getValue()[1] + " item(s)"));
                }
            }
        }
        boolean hadItems = Boolean.TRUE.equals(t.targetHadItems()) && plan.full();
        Verdict verdict;
        String detail;
        if (!complete) {
            verdict = Verdict.MISMATCH;
            detail = "not every key range finished loading and verifying";
        } else if (missing + differing + broken > 0 || (extra > 0 && !hadItems) || (tenantMismatches > 0 && !hadItems && changed == 0)) {
            verdict = Verdict.MISMATCH;
            List<String> parts = new ArrayList<>();
            if (missing > 0) {
                parts.add(missing + " row(s) have no " + (t.isSecret() ? "secret" : "item"));
            }
            if (differing > 0) {
                parts.add(differing + " " + (t.isSecret() ? "secret(s)" : "item(s)") + " differ from their rows");
            }
            if (broken > 0) {
                parts.add(broken + " reference(s) to parent tables do not resolve");
            }
            if (extra > 0 && !hadItems) {
                parts.add(extra + " item(s) have no row");
            }
            if (tenantMismatches > 0) {
                parts.add(tenantMismatches + " tenant(s) have other item counts than row counts");
            }
            detail = String.join("; ", parts) + (plan.driftCheck() ? "; run mode incremental to bring them over" : "; see problems.csv");
        } else if (!t.isSecret() && items != null && items - kept != rows - changed && changed == 0 && !hadItems) {
            verdict = Verdict.MISMATCH;
            detail = rows + " row(s) but " + items + " item(s): rows share an item key (check the key templates)";
        } else if (changed > 0) {
            verdict = Verdict.NOT_COMPARABLE;
            detail = changed + " row(s) changed in PostgreSQL while the run ran (after " + "its start); the next incremental run brings them over; "
                    + "everything else matches";
        } else if (hadItems && extra > 0) {
            verdict = Verdict.NOT_COMPARABLE;
            detail = "every row has its item, equal; the target held " + extra + " other item(s) before the run";
        } else if (kept > 0) {
            // the user asked to keep them: not a failure, but the target is not equal to the source
            verdict = Verdict.NOT_COMPARABLE;
            detail = "every row has its item" + (sampling ? " (" + sampled + " of " + rows + " compared field by field)" : ", equal") + "; "
                    + kept + " item(s) whose row is gone were kept, not deleted, because propagateDeletes is false (listed as ITEM_KEPT "
                    + "in problems.csv)";
        } else if (sampling) {
            // a sample cannot vouch for the rows it did not compare: MATCH would claim more than was checked
            verdict = Verdict.NOT_COMPARABLE;
            detail = "all " + rows + " row(s) accounted for (counts and keys complete); " + sampled + " of " + rows + " compared field by "
                    + "field (verifySample " + plan.options().verifySample() + "), no difference there; the other items were checked "
                    + "for presence only" + (tenants.isEmpty() ? "" : ", counts equal for " + tenants.size() + " tenant(s)")
                    + (verify.getOrDefault("fkChecked", 0L) > 0 ? ", " + verify.get("fkChecked") + " reference(s) resolved" : "")
                    + (tenantsTruncated ? "; per-tenant counts not compared (more tenants in a key range than are counted), "
                    + "the table's totals are" : "");
        } else {
            verdict = Verdict.MATCH;
            detail = "all " + rows + " row(s) accounted for" + (t.isSecret() ? ", every secret equal by digest"
                    : ", every item compared field by field" + (tenants.isEmpty() ? "" : ", counts equal for " + tenants.size() + " tenant(s)"))
                    + (verify.getOrDefault("fkChecked", 0L) > 0 ? ", " + verify.get("fkChecked") + " reference(s) resolved" : "")
                    + (tenantsTruncated ? "; per-tenant counts not compared (more tenants in a key range than are counted), "
                    + "the table's totals are" : "")
                    + (skipped > 0 ? "; " + skipped + " row(s) skipped (do not decrypt, see problems.csv)" : "");
        }
        if (skipped > 0 && verdict == Verdict.MATCH) {
            verdict = Verdict.NOT_COMPARABLE;
        }
        return new PgReport.TableResult(t.source(), targetName(t), t.action(), t.segments(), rows, written, load.getOrDefault("unchanged", 0L),
                skipped, items, missing, differing, extra + kept, verify.getOrDefault("deleted", 0L), changed, verify.getOrDefault("fkChecked", 0L),
                broken, t.isSecret() ? 0 : tenants.size(), tenantMismatches, verdict, detail, t.warnings());
    }

    private static String targetName(ResolvedTable t) {
        return t.isSecret() ? "secrets: " + t.secret().name() : t.target();
    }

    /** The uuid5 tables' id maps, with a few examples from the database. */
    private List<PgReport.IdMap> idMaps(PreparedRun run, boolean examples) {
        List<PgReport.IdMap> out = new ArrayList<>();
        for (ResolvedTable t : run.tables()) {
            if (t.idColumn() == null) {
                continue;
            }
            List<String> rewritten = new ArrayList<>();
            for (ResolvedTable other : run.tables()) {
                other.rewrites().forEach((column, namespace) -> {
                    if (namespace.equals(t.idNamespace())) {
                        rewritten.add(other.source() + "." + column);
                    }
                });
            }
            Map<String, String> samples = new LinkedHashMap<>();
            if (examples) {
                try (Connection c = new SourceDatabase(run.plan().source(), clients, calls).open(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT " + ResolvedTable.quote(t.idColumn()) + "::text FROM " + t.qualified()
                             + " ORDER BY 1 LIMIT 3")) {
                    while (rs.next()) {
                        samples.put(rs.getString(1), Uuid5.of(UUID.fromString(t.idNamespace()), rs.getString(1)).toString());
                    }
                } catch (SQLException e) {
                    LOG.warn("no id examples for {} ({})", t.source(), SourceDatabase.describe(e));
                }
            }
            out.add(new PgReport.IdMap(t.source(), t.idColumn(), t.idNamespace(), "new id = uuid5(namespace, old id as text), "
                    + "RFC 9562; Python: uuid.uuid5(uuid.UUID(namespace), str(old_id))", rewritten, samples));
        }
        return out;
    }

    private PgReport write(PgPlan plan, List<PgReport.TableResult> rows, RunOutcome status, List<Problems.Entry> problems,
                           List<PgReport.IdMap> idMaps, String startedAt) {
        return write(plan, rows, status, problems, idMaps, startedAt, null);
    }

    private PgReport write(PgPlan plan, List<PgReport.TableResult> rows, RunOutcome status, List<Problems.Entry> problems,
                           List<PgReport.IdMap> idMaps, String startedAt, PgReport.Failure failure) {
        CsvWriter problemsCsv = new CsvWriter("table", "key", "problem", "detail");
        problems.forEach(p -> problemsCsv.row(p.table(), p.key(), p.kind(), p.detail()));
        sink.write(plan.runId(), "problems.csv", problemsCsv.toBytes(), Report.CSV_TYPE);
        CsvWriter tables = new CsvWriter("source_table", "target", "action", "ranges", "source_rows", "written", "unchanged", "skipped",
                "target_items", "missing", "differing", "extra", "deleted", "changed_during_run", "references_checked", "references_broken",
                "tenants", "tenant_mismatches", "result", "detail", "warnings");
        for (PgReport.TableResult r : rows) {
            tables.row(r.source(), r.target(), r.action(), r.ranges(), r.sourceRows(), r.written(), r.unchanged(), r.skipped(), r.targetItems(),
                    r.missing(), r.differing(), r.extra(), r.deleted(), r.changedDuringRun(), r.referencesChecked(), r.referencesBroken(),
                    r.tenants(), r.tenantMismatches(), r.result(), r.detail(), String.join(" | ", r.warnings()));
        }
        PgReport.Totals totals = new PgReport.Totals(rows.size(), rows.stream().mapToLong(PgReport.TableResult::sourceRows).sum(),
                rows.stream().mapToLong(PgReport.TableResult::written).sum(),
                rows.stream().filter(r -> r.result() == Verdict.MISMATCH).count());
        PgReport unsigned = new PgReport(plan.runId(), plan.mode(), status, rows, totals, idMaps, problems.size(), startedAt, null, failure);
        Report written = Report.write(sink, plan.runId(), unsigned, "tables", tables);
        return new PgReport(plan.runId(), plan.mode(), status, rows, totals, idMaps, problems.size(), startedAt, written.summary().toString(),
                failure);
    }
}
