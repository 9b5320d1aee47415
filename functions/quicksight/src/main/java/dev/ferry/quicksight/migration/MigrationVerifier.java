package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.report.Verdict;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.quicksight.migration.MigrationPlan.DataSetAction;
import dev.ferry.quicksight.migration.MigrationPlan.PlannedDataSet;
import dev.ferry.quicksight.migration.MigrationReport.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.ResourcePermission;

/**
 * Step 5 of quicksight-migration: reads source and destination again and gives every moved dataset, dashboard
 * and analysis its verdict. A dataset MATCHes when its destination definition equals the source's once ARNs,
 * ids and timestamps are normalised (a difference is listed by JSON pointer), every table reads the destination
 * data source, and the group and mapped principals have their permissions. An asset MATCHes when it exists and
 * reads only destination datasets that exist. The rows go to the ledger for Report.
 */
final class MigrationVerifier {
    private final Dependencies deps;
    private final QuickSightApi api;
    private final RunLedger ledger;

    MigrationVerifier(Dependencies deps, RunLedger ledger) {
        this.deps = deps;
        this.api = new QuickSightApi(deps);
        this.ledger = ledger;
    }

    /** The rows, also kept in the ledger ({@link QuickSightNames#DOC_VERIFICATION}). */
    List<Row> verify(String runId, List<dev.ferry.core.aws.Side> sides) {
        MigrationPlan plan = MigrationPlan.load(ledger, runId, sides);
        List<Row> rows = new ArrayList<>();
        Set<String> destinationIds = new HashSet<>();
        api.listDataSets(plan.destination(), plan.destinationAccountId()).forEach(s -> destinationIds.add(s.dataSetId()));
        Map<String, String> sourceNames = new HashMap<>();
        Map<String, String> destinationNames = new HashMap<>();
        sourceNames.put(plan.sourceArn("datasource", plan.dataSourceId()), "<data source>");
        destinationNames.put(plan.dataSourceArn(), "<data source>");
        plan.dataSetIdMapping().forEach((from, to) -> {
            sourceNames.put(plan.sourceArn("dataset", from), "<dataset " + from + ">");
            destinationNames.put(plan.destinationArn("dataset", to), "<dataset " + from + ">");
        });
        Map<String, String> sourcePrincipals = new HashMap<>();
        Map<String, String> destinationPrincipals = new HashMap<>();
        plan.principalMap().forEach((from, to) -> {
            sourcePrincipals.put(from, "<principal " + from + ">");
            destinationPrincipals.put(to, "<principal " + from + ">");
        });
        for (PlannedDataSet d : plan.datasets()) {
            Optional<DataSetCopier.Result> copied = ledger.document(runId, QuickSightNames.docDataSet(d.sourceId()), DataSetCopier.Result.class);
            List<String> warnings = copied.map(DataSetCopier.Result::warnings).orElse(List.of());
            if (d.action() == null || d.action() == DataSetAction.SKIP_SPICE) {
                rows.add(new Row("dataset", d.sourceId(), null, d.action() == null ? "NOT_MOVED" : "SKIPPED", null, d.note(),
                        d.customSql(), d.rowLevelSecurity(), null, null));
                continue;
            }
            if (d.action() == DataSetAction.VIA_BUNDLE) {
                Optional<BundleMover.Progress> skipped = plan.bundles().stream().filter(b -> b.dataSets().contains(d.sourceId()))
                        .findFirst().flatMap(b -> ledger.document(runId, QuickSightNames.docBundle(b.index()), BundleMover.Progress.class))
                        .filter(p -> "SKIPPED".equals(p.step()));
                if (skipped.isPresent()) {
                    rows.add(new Row("dataset", d.sourceId(), null, "NOT_MOVED", null, skipped.get().note(), d.customSql(),
                            d.rowLevelSecurity(), null, null));
                    continue;
                }
                boolean there = destinationIds.contains(d.destinationId());
                rows.add(new Row("dataset", d.sourceId(), d.destinationId(), "IMPORTED", there ? Verdict.NOT_COMPARABLE : Verdict.MISMATCH,
                        there ? "moved through an asset bundle; present in the destination (DescribeDataSet refuses datasets of the "
                                + "new data-preparation experience, so its definition cannot be compared)"
                                : "missing in the destination after its bundle was imported", null, null, null, null));
                continue;
            }
            rows.add(verifyDataSet(plan, d, copied.map(DataSetCopier.Result::action).orElse("NOT_DONE"), warnings, sourceNames,
                    destinationNames, sourcePrincipals, destinationPrincipals));
        }
        for (MigrationPlan.PlannedBundle b : plan.bundles()) {
            b.dashboards().forEach(id -> rows.add(verifyAsset(plan, "dashboard", id, destinationIds)));
            b.analyses().forEach(id -> rows.add(verifyAsset(plan, "analysis", id, destinationIds)));
        }
        ledger.putDocument(runId, QuickSightNames.DOC_VERIFICATION, rows);
        return rows;
    }

    private Row verifyDataSet(MigrationPlan plan, PlannedDataSet d, String action, List<String> warnings,
                              Map<String, String> sourceNames, Map<String, String> destinationNames,
                              Map<String, String> sourcePrincipals, Map<String, String> destinationPrincipals) {
        Optional<DataSet> source = api.dataSet(plan.source(), plan.sourceAccountId(), d.sourceId());
        Optional<DataSet> destination = api.dataSet(plan.destination(), plan.destinationAccountId(), d.destinationId());
        if (destination.isEmpty()) {
            return new Row("dataset", d.sourceId(), d.destinationId(), action, Verdict.MISMATCH, "missing in the destination",
                    d.customSql(), d.rowLevelSecurity(), null, warnings);
        }
        if (source.isEmpty()) {
            return new Row("dataset", d.sourceId(), d.destinationId(), action, Verdict.NOT_COMPARABLE,
                    "the source dataset is gone, so the copy cannot be compared", d.customSql(), d.rowLevelSecurity(), null, warnings);
        }
        JsonNode expected = DataSetDefinitions.normalised(SdkJson.toJson(source.get()), sourceNames, sourceNames, sourcePrincipals);
        JsonNode actual = DataSetDefinitions.normalised(SdkJson.toJson(destination.get()), destinationNames, destinationNames,
                destinationPrincipals);
        List<String> differences = new ArrayList<>(DataSetDefinitions.diff(expected, actual));
        destination.get().physicalTableMap().forEach((k, t) -> {
            String arn = t.relationalTable() != null ? t.relationalTable().dataSourceArn()
                    : t.customSql() != null ? t.customSql().dataSourceArn() : null;
            if (arn != null && !arn.equals(plan.dataSourceArn()) && differences.stream().noneMatch(x -> x.contains(k))) {
                differences.add("/PhysicalTableMap/" + k + ": reads " + arn + ", not the destination data source");
            }
        });
        List<String> missingPermissions = missingPermissions(plan, d);
        differences.addAll(missingPermissions);
        boolean match = differences.isEmpty();
        String detail = match
                ? "definition equals the source's (ARNs, ids and timestamps normalised); every table reads " + plan.destinationDataSourceId()
                + "; permissions as mapped"
                : differences.size() + " difference(s) from the source: " + String.join("; ", differences.subList(0, Math.min(3, differences.size())));
        return new Row("dataset", d.sourceId(), d.destinationId(), action, match ? Verdict.MATCH : Verdict.MISMATCH, detail,
                d.customSql(), d.rowLevelSecurity(), differences.isEmpty() ? null : differences, warnings.isEmpty() ? null : warnings);
    }

    /** The group's and the mapped principals' permissions the destination dataset lacks. */
    private List<String> missingPermissions(MigrationPlan plan, PlannedDataSet d) {
        QuickSightClient src = api.qs(plan.source());
        QuickSightClient dst = api.qs(plan.destination());
        List<ResourcePermission> have = api.call("DescribeDataSetPermissions " + d.destinationId(), () -> dst.describeDataSetPermissions(b -> b
                .awsAccountId(plan.destinationAccountId()).dataSetId(d.destinationId()))).permissions();
        Map<String, List<String>> wanted = new HashMap<>();
        wanted.put(plan.groupArn(), QuickSightNames.DATA_SET_ACTIONS);
        api.call("DescribeDataSetPermissions " + d.sourceId(), () -> src.describeDataSetPermissions(b -> b
                .awsAccountId(plan.sourceAccountId()).dataSetId(d.sourceId()))).permissions().forEach(p -> {
                    String mapped = plan.principalMap().get(p.principal());
                    if (mapped != null) {
                        wanted.merge(mapped, p.actions(), (a, b) -> {
                            List<String> all = new ArrayList<>(a);
                            b.stream().filter(x -> !all.contains(x)).forEach(all::add);
                            return all;
                        });
                    }
                });
        List<String> out = new ArrayList<>();
        wanted.forEach((principal, actions) -> {
            List<String> lacking = actions.stream().filter(a -> have.stream().noneMatch(h -> h.principal().equals(principal)
                    && h.actions().contains(a))).toList();
            if (!lacking.isEmpty()) {
                out.add("permissions: " + principal + " lacks " + lacking);
            }
        });
        return out;
    }

    private Row verifyAsset(MigrationPlan plan, String kind, String id, Set<String> destinationIds) {
        QuickSightClient dst = api.qs(plan.destination());
        String account = plan.destinationAccountId();
        Optional<List<String>> arns = kind.equals("dashboard")
                ? api.find("DescribeDashboard " + id, () -> dst.describeDashboard(b -> b.awsAccountId(account).dashboardId(id)).dashboard()
                .version().dataSetArns())
                : api.find("DescribeAnalysis " + id, () -> dst.describeAnalysis(b -> b.awsAccountId(account).analysisId(id)).analysis()
                .dataSetArns());
        String action = ledger.document(plan.runId(), QuickSightNames.docBundle(bundleOf(plan, kind, id)), BundleMover.Progress.class).isPresent()
                ? "IMPORTED" : "NOT_DONE";
        if (arns.isEmpty()) {
            return new Row(kind, id, id, action, Verdict.MISMATCH, "missing in the destination", null, null, null, null);
        }
        List<String> problems = new ArrayList<>();
        for (String arn : arns.get()) {
            if (!arn.startsWith(plan.destinationArn("dataset", ""))) {
                problems.add("reads " + arn + ", which is not a destination dataset");
            } else if (!destinationIds.contains(QuickSightNames.idOf(arn))) {
                problems.add("reads dataset " + QuickSightNames.idOf(arn) + ", which is missing in the destination");
            }
        }
        return new Row(kind, id, id, action, problems.isEmpty() ? Verdict.MATCH : Verdict.MISMATCH, problems.isEmpty()
                ? "present; reads " + arns.get().size() + " destination dataset(s), all present" : String.join("; ", problems),
                null, null, problems.isEmpty() ? null : problems, null);
    }

    private static int bundleOf(MigrationPlan plan, String kind, String id) {
        return plan.bundles().stream().filter(b -> (kind.equals("dashboard") ? b.dashboards() : b.analyses()).contains(id))
                .mapToInt(MigrationPlan.PlannedBundle::index).findFirst().orElse(-1);
    }
}
