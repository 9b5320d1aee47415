package dev.ferry.quicksight.migration;

import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run's artefacts file, kept in step with the ledger. The file is itself a resource of the run
 * ({@value QuickSightNames#ARTEFACTS}), recorded first so that rollback handles it last: a file the run
 * created is removed, one that was there before (an adopted file) is put back as it was.
 */
final class ArtefactsFile {
    /** Ledger document holding the file's content before the run first wrote it (absent: there was none). */
    static final String PREVIOUS_DOC = "artefacts-before";

    private final Dependencies deps;
    private final RunLedger ledger;
    private final ArtefactsStore store;

    ArtefactsFile(Dependencies deps, RunLedger ledger) {
        this.deps = deps;
        this.ledger = ledger;
        this.store = new ArtefactsStore(deps.clients(), deps.calls());
    }

    /** Records the file as the run's (saving what was there) before the first write. */
    void claim(MigrationPlan plan) {
        if (plan.artefacts() == null) {
            return;
        }
        ArtefactsStore.Location l = ArtefactsStore.parse(plan.artefacts());
        String key = ResourceKeys.key(QuickSightNames.ARTEFACTS, l.describe());
        Optional<ResourceRecord> r = ledger.resource(plan.runId(), key);
        if (r.isPresent() && r.get().status() != ResourceStatus.ROLLED_BACK) {
            return;
        }
        Optional<String> before = store.read(l);
        if (before.isPresent()) {
            ledger.putDocument(plan.runId(), PREVIOUS_DOC, Json.parse(before.get()));
        } else {
            ledger.deleteDocument(plan.runId(), PREVIOUS_DOC);
        }
        ledger.recordIntent(plan.runId(), key, QuickSightNames.ARTEFACTS, l.describe(), deps.clients().control());
        ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
    }

    /** Writes the file from the ledger: what the run holds now. */
    void write(MigrationPlan plan, String status, String reportUri) {
        if (plan.artefacts() == null) {
            return;
        }
        store.write(ArtefactsStore.parse(plan.artefacts()), of(plan, ledger, status, reportUri, deps.reportsLocation()));
    }

    static Artefacts of(MigrationPlan plan, RunLedger ledger, String status, String reportUri, String reportsLocation) {
        List<String> dataSets = new ArrayList<>();
        List<String> dashboards = new ArrayList<>();
        List<String> analyses = new ArrayList<>();
        List<String> policies = new ArrayList<>();
        String dataSource = null;
        String group = null;
        String user = null;
        for (ResourceRecord r : ledger.resources(plan.runId())) {
            if (r.status() != ResourceStatus.CREATED && r.status() != ResourceStatus.CREATING) {
                continue;
            }
            switch (r.type()) {
                case QuickSightNames.DATA_SET, QuickSightNames.DATA_SET_UPDATE -> add(dataSets, r.name());
                case QuickSightNames.DASHBOARD -> add(dashboards, r.name());
                case QuickSightNames.ANALYSIS -> add(analyses, r.name());
                case QuickSightNames.INLINE_POLICY -> add(policies, r.name());
                case QuickSightNames.DATA_SOURCE, QuickSightNames.DATA_SOURCE_UPDATE -> dataSource = r.name();
                case QuickSightNames.GROUP -> group = r.name();
                case QuickSightNames.USER -> user = r.name();
                default -> { }
            }
        }
        return new Artefacts(plan.destination().roleArn(), dataSource != null ? dataSource : plan.dataSourceArn(),
                group != null ? group : plan.groupArn(), dataSets, reportsLocation + "/" + plan.runId() + "/", plan.runId(),
                QuickSightNames.WORKFLOW, status, plan.region(), plan.sourceAccountId(), plan.destinationAccountId(), user,
                dashboards, analyses, policies, reportUri,
                "ferry run rollback with {\"runId\": \"" + plan.runId() + "\"} removes what this run created");
    }

    private static void add(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }
}
