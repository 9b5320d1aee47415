package dev.ferry.postgres.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.FakeLambdaContext;
import dev.ferry.testkit.WorkflowRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A unit that crashes half-way resumes from its checkpoint; rollback of an incremental run puts back what it changed. */
class PgResilienceIntegrationTest {
    /** A safety margin beyond any Lambda timeout: every invocation processes one page and returns. */
    private static final long ONE_PAGE_PER_INVOCATION = 10_000_000;
    @TempDir
    static Path reports;

    @Test
    void loadUnit_whenWritesFailMidUnit_resumesFromItsCheckpointWithoutLossOrDuplicates() throws Exception {
        PgTestKit kit = new PgTestKit("res_crash", "crash", 6000, reports);
        Dependencies deps = kit.deps();
        RunLedger ledger = deps.ledger();
        ObjectNode input = kit.input();
        ((ObjectNode) input.get("tables").get(6)).put("segments", 3);
        PgPlan plan = new PgValidator(deps).validate(input, "res-crash");
        Prepared prepared = new PgPreparer(deps, ledger).prepare(plan, FakeLambdaContext.plenty());
        List<Unit> scanResults = prepared.units().stream().filter(u -> u.table() == 6).toList();
        assertThat(scanResults).hasSizeGreaterThan(1);
        Unit unit = scanResults.get(0);
        UnitRequest request = new UnitRequest(plan.runId(), unit);

        // WHEN one page is loaded, then the next invocation dies on every write, then a fresh one resumes
        UnitProgress first = new UnitLoader(kit.deps(ONE_PAGE_PER_INVOCATION), ledger).load(request, FakeLambdaContext.plenty());
        kit.faults.serverErrors("BatchWriteItem", 1.0);
        assertThatThrownBy(() -> new UnitLoader(kit.deps(ONE_PAGE_PER_INVOCATION), ledger).load(request, FakeLambdaContext.plenty()))
                .isInstanceOf(TransientException.class).hasMessageContaining("Nothing was lost");
        Checkpoint afterCrash = ledger.checkpoint(plan.runId(), unit.loadKey()).orElseThrow();
        kit.faults.clear();
        for (Unit u : scanResults) {
            UnitProgress p;
            do {
                p = new UnitLoader(deps, ledger).load(new UnitRequest(plan.runId(), u), FakeLambdaContext.plenty());
            } while (!p.done());
        }

        // THEN
        assertThat(first.done()).isFalse();
        assertThat(afterCrash.items()).isEqualTo(first.rows());
        long items = kit.dynamo().scanPaginator(b -> b.tableName(kit.target("scan_results")).select("COUNT")).stream().mapToLong(r -> r.count()).sum();
        assertThat(items).isEqualTo(kit.counts.scanResults());
        long loaded = scanResults.stream().mapToLong(u -> ledger.checkpoint(plan.runId(), u.loadKey()).orElseThrow().items()).sum();
        assertThat(loaded).isEqualTo(kit.counts.scanResults());
    }

    @Test
    void rollback_whenAnIncrementalRunFails_putsBackTheItemsAndSecretVersionsItChanged() throws Exception {
        PgTestKit kit = new PgTestKit("res_rollback", "rb", 800, reports);
        WorkflowRunner runner = WorkflowRunner.of(PgValidator.WORKFLOW);
        ExecutionResult full = runner.run(kit.input(), "rb-full", WorkflowRunner.constructorWith(Dependencies.class, kit.deps()));
        assertThat(full.succeeded()).as("%s: %s", full.error(), full.cause()).isTrue();
        Map<String, Map<String, AttributeValue>> accountsBefore = scan(kit, "accounts", "account_id");
        Map<String, Map<String, AttributeValue>> resultsBefore = scan(kit, "scan_results", "result_id");
        Map<String, String> secretsBefore = secrets(kit);
        kit.sql("UPDATE accounts SET account_name = 'changed', updated_at = now() WHERE account_id IN (SELECT account_id FROM accounts "
                + "ORDER BY account_id LIMIT 3)");
        kit.sql("UPDATE account_credentials SET credential_type = 'aws_access_key', updated_at = now() WHERE credential_type <> 'aws_access_key' "
                + "AND account_id IN (SELECT account_id FROM accounts ORDER BY account_id LIMIT 3)");
        kit.sql("DELETE FROM scan_results WHERE result_id IN (SELECT result_id FROM scan_results ORDER BY result_id LIMIT 4)");
        ObjectNode input = kit.input();
        input.put("mode", "incremental");
        ExecutionListener sabotage = new ExecutionListener() {
            @Override
            public void stateEntered(String path, String type) {
                if (path.equals("VerifyUnits")) {
                    try {
                        kit.sql("ALTER TABLE scan_results RENAME TO scan_results_gone"); // verification cannot read it: the run fails
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };

        ExecutionResult incremental = runner.run(input, "rb-incremental", WorkflowRunner.constructorWith(Dependencies.class, kit.deps()), sabotage);

        assertThat(incremental.succeeded()).isFalse();
        assertThat(scan(kit, "accounts", "account_id")).isEqualTo(accountsBefore);
        assertThat(scan(kit, "scan_results", "result_id")).isEqualTo(resultsBefore);
        assertThat(secrets(kit)).isEqualTo(secretsBefore);
    }

    @Test
    void verify_whenAKeyRangeHoldsMoreTenantsThanItCounts_matchesOnTotalsAndSaysTenantsWereNotCompared() throws Exception {
        PgTestKit kit = new PgTestKit("res_tenants", "tenants", 50, reports);
        kit.table("events", "event_id int PRIMARY KEY, tenant_id text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now()",
                "i, 'tenant-' || i, now()", 700);
        ObjectNode input = kit.input();
        input.putArray("tables").addObject().put("source", "events").put("target", "tenants-events").put("segments", 1);

        ExecutionResult result = WorkflowRunner.of(PgValidator.WORKFLOW).run(input, "res-tenants",
                WorkflowRunner.constructorWith(Dependencies.class, kit.deps()));

        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        JsonNode events = result.output().at("/tables/0");
        assertThat(events.get("result").asText()).isEqualTo("MATCH");
        assertThat(events.get("sourceRows").asLong()).isEqualTo(700);
        assertThat(events.get("targetItems").asLong()).isEqualTo(700);
        assertThat(events.get("tenantMismatches").asInt()).isZero();
        assertThat(events.get("detail").asText()).contains("per-tenant counts not compared");
    }

    private static Map<String, Map<String, AttributeValue>> scan(PgTestKit kit, String table, String key) {
        Map<String, Map<String, AttributeValue>> out = new TreeMap<>();
        kit.dynamo().scanPaginator(b -> b.tableName(kit.target(table)).consistentRead(true)).items()
                .forEach(item -> out.put(item.get(key).toString(), item));
        return out;
    }

    private static Map<String, String> secrets(PgTestKit kit) {
        Map<String, String> out = new TreeMap<>();
        for (String name : kit.secrets.names()) {
            if (name.startsWith(kit.prefix + "/account/")) {
                out.put(name, kit.secrets.getSecretValue(b -> b.secretId(name)).secretString());
            }
        }
        return out;
    }
}
