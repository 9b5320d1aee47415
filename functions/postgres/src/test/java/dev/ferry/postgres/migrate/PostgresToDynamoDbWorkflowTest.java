package dev.ferry.postgres.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.dynamodb.Segments;
import dev.ferry.core.json.Json;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.postgres.convert.Uuid5;
import dev.ferry.testkit.ThreatEngineDatabase;
import dev.ferry.testkit.WorkflowRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * postgres-to-dynamodb end to end: the checked-in ASL run by the local engine with the real handlers, against
 * the embedded PostgreSQL (the threat-engine database with Fernet-encrypted credentials), DynamoDB Local and the
 * fakes of Secrets Manager and KMS. The success path (every row and secret accounted for, a re-run changes
 * nothing, no secret anywhere), an incremental run, a drift check, and Catch -> Rollback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresToDynamoDbWorkflowTest {
    private static final WorkflowRunner RUNNER = WorkflowRunner.of(PgValidator.WORKFLOW);
    @TempDir
    static Path reports;
    private static PgTestKit kit;

    @BeforeAll
    static void setUp() throws Exception {
        kit = new PgTestKit("wf_threat_engine", "wf", 3000, reports);
    }

    /** A run, with every state payload and task error kept for the leak check. */
    private static final class Run {
        final List<String> payloads = new CopyOnWriteArrayList<>();
        final List<String> visited = new CopyOnWriteArrayList<>();
        ExecutionResult result;

        Run execute(JsonNode input, String name, Dependencies deps) {
            ExecutionListener listener = new ExecutionListener() {
                @Override
                public void stateEntered(String path, String type) {
                    visited.add(path);
                }

                @Override
                public void stateExited(String path, JsonNode output) {
                    payloads.add(Json.write(output));
                }

                @Override
                public void taskSucceeded(String path, String resource, JsonNode result) {
                    payloads.add(Json.write(result));
                }

                @Override
                public void taskFailed(String path, String resource, String error, String cause) {
                    payloads.add(error + " " + cause);
                }

                @Override
                public void stateFailed(String path, String error, String cause) {
                    payloads.add(error + " " + cause);
                }
            };
            result = RUNNER.run(input, name, WorkflowRunner.constructorWith(Dependencies.class, deps), listener);
            payloads.add(Json.write(result.output() == null ? Json.object() : result.output()) + " " + result.error() + " " + result.cause());
            return this;
        }
    }

    private static long items(String table) {
        return kit.dynamo().scanPaginator(b -> b.tableName(kit.target(table)).select("COUNT")).stream().mapToLong(p -> p.count()).sum();
    }

    @Test
    @Order(1)
    void execute_whenMigratingTheThreatEngineDatabase_accountsForEveryRowAndSecretAndLeaksNoSecret() throws Exception {
        Run run = new Run().execute(kit.input(), "wf-full", kit.deps());

        assertThat(run.result.succeeded()).as("%s: %s", run.result.error(), run.result.cause()).isTrue();
        JsonNode report = run.result.output();
        assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
        for (JsonNode t : report.get("tables")) {
            assertThat(t.get("result").asText()).as(t.toString()).isEqualTo("MATCH");
            // segments: auto (the input sets none): a key range per 1,000 rows, up to 10, read side by side
            long rows = t.get("sourceRows").asLong();
            assertThat(t.get("ranges").asInt()).as(t.get("source").asText() + ", " + rows + " rows")
                    .isEqualTo(Segments.automatic(rows, 0));
        }
        assertThat(report.get("tables")).anySatisfy(t -> assertThat(t.get("ranges").asInt()).isGreaterThan(1));
        ThreatEngineDatabase.Counts counts = kit.counts;
        assertThat(items("tenants")).isEqualTo(counts.tenants());
        assertThat(items("accounts")).isEqualTo(counts.accounts());
        assertThat(items("scan_results")).isEqualTo(counts.scanResults());
        assertThat(kit.secrets.names().stream().filter(n -> n.startsWith("wf/account/"))).hasSize(counts.credentials());
        assertThat(report.at("/tables/1/referencesChecked").asLong()).isGreaterThan(0);
        // the seed's layout: each account's secret at wf/account/<new account id> = {credential_type, credentials}
        try (Connection c = kit.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT a.account_id::text, c.credential_type FROM accounts a JOIN account_credentials c "
                     + "USING (account_id) ORDER BY a.created_at, a.account_id LIMIT 1")) {
            rs.next();
            String newId = dev.ferry.postgres.convert.Uuid5.of(dev.ferry.postgres.convert.Uuid5.defaultNamespace("accounts"), rs.getString(1)).toString();
            JsonNode value = Json.parse(kit.secrets.getSecretValue(b -> b.secretId(kit.secretName(newId))).secretString());
            assertThat(value.get("credential_type").asText()).isEqualTo(rs.getString(2));
            assertThat(value.get("credentials").isObject()).isTrue();
            Map<String, AttributeValue> account = kit.dynamo().getItem(b -> b.tableName(kit.target("accounts"))
                    .key(Map.of("account_id", AttributeValue.fromS(newId)))).item();
            assertThat(account).containsKey("tenant_id");
        }
        // ids: the account's tenant_id is rewritten through the tenants' uuid5 namespace; the id maps are reported
        try (Connection c = kit.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT account_id::text, tenant_id::text FROM accounts ORDER BY account_id LIMIT 1")) {
            rs.next();
            String newId = Uuid5.of(Uuid5.defaultNamespace("accounts"), rs.getString(1)).toString();
            Map<String, AttributeValue> account = kit.dynamo().getItem(b -> b.tableName(kit.target("accounts"))
                    .key(Map.of("account_id", AttributeValue.fromS(newId)))).item();
            assertThat(account.get("tenant_id").s()).isEqualTo(Uuid5.of(Uuid5.defaultNamespace("tenants"), rs.getString(2)).toString())
                    .isNotEqualTo(rs.getString(2));
        }
        JsonNode accountsMap = Stream.of(Json.convert(report.get("idMaps"), JsonNode[].class)).filter(m -> m.get("table").asText().equals("accounts"))
                .findFirst().orElseThrow();
        assertThat(accountsMap.get("namespace").asText()).isEqualTo(Uuid5.defaultNamespace("accounts").toString());
        assertThat(accountsMap.get("rewrittenIn").toString()).contains("account_credentials.account_id", "scan_results.account_id");
        assertThat(accountsMap.get("examples").size()).isPositive();
        // counts per tenant, the accounts' index on tenant_id ("accounts by tenant")
        assertThat(kit.dynamo().describeTable(b -> b.tableName(kit.target("tenants"))).table().billingModeSummary().billingModeAsString())
                .isEqualTo("PAY_PER_REQUEST");
        JsonNode accounts = report.at("/tables/2");
        assertThat(accounts.get("source").asText()).isEqualTo("accounts");
        assertThat(accounts.get("tenants").asInt()).isBetween(1, counts.tenants());
        assertThat(accounts.get("tenantMismatches").asInt()).isZero();
        assertThat(kit.dynamo().describeTable(b -> b.tableName(kit.target("accounts"))).table().globalSecondaryIndexes())
                .anySatisfy(ix -> assertThat(ix.keySchema().get(0).attributeName()).isEqualTo("tenant_id"));
        assertThat(reports.resolve("wf-full").resolve("summary.json")).exists();
        assertThat(reports.resolve("wf-full").resolve("tables.csv")).exists();
        assertThat(reports.resolve("wf-full").resolve("problems.csv")).exists();
        assertNoSecretAnywhere(run, "wf-full");
    }

    @Test
    @Order(2)
    void execute_whenRunAgainWithANewRunId_changesNothing() {
        long versions = kit.secrets.versionsCreated();
        long accounts = items("accounts");

        Run run = new Run().execute(kit.input(), "wf-again", kit.deps());

        assertThat(run.result.succeeded()).as("%s: %s", run.result.error(), run.result.cause()).isTrue();
        assertThat(kit.secrets.versionsCreated()).isEqualTo(versions);
        assertThat(items("accounts")).isEqualTo(accounts);
        for (JsonNode t : run.result.output().get("tables")) {
            assertThat(t.get("written").asLong()).as(t.get("source").asText()).isZero();
        }
    }

    @Test
    @Order(3)
    void execute_whenIncremental_picksUpChangedRowsAndDeletes() throws Exception {
        kit.sql("UPDATE accounts SET account_name = 'renamed', updated_at = now() WHERE account_id = (SELECT account_id FROM accounts ORDER BY account_id LIMIT 1)");
        kit.sql("UPDATE account_credentials SET credential_type = 'aws_access_key', updated_at = now() "
                + "WHERE account_id = (SELECT account_id FROM accounts ORDER BY account_id LIMIT 1)");
        kit.sql("DELETE FROM scan_results WHERE result_id IN (SELECT result_id FROM scan_results ORDER BY result_id LIMIT 5)");
        long before = items("scan_results");
        long versions = kit.secrets.versionsCreated();
        ObjectNode input = kit.input();
        input.put("mode", "incremental");

        Run run = new Run().execute(input, "wf-incremental", kit.deps());

        assertThat(run.result.succeeded()).as("%s: %s", run.result.error(), run.result.cause()).isTrue();
        JsonNode tables = run.result.output().get("tables");
        assertThat(tables.get(2).get("written").asLong()).isEqualTo(1);
        assertThat(tables.get(6).get("deleted").asLong()).isEqualTo(5);
        assertThat(items("scan_results")).isEqualTo(before - 5);
        assertThat(kit.secrets.versionsCreated()).isEqualTo(versions + 1);
    }

    @Test
    @Order(4)
    void execute_whenDriftCheckFindsAChange_reportsItWithoutWriting() throws Exception {
        kit.sql("UPDATE tenants SET description = 'drifted', updated_at = now() WHERE tenant_id = (SELECT tenant_id FROM tenants ORDER BY tenant_id LIMIT 1)");
        String rotated = kit.fernet.encrypt("{\"access_key_id\": \"AKIA-rotated-5d1c\"}".getBytes(StandardCharsets.UTF_8));
        kit.sql("UPDATE account_credentials SET encrypted_data = '" + rotated + "', updated_at = now() "
                + "WHERE credential_id = (SELECT credential_id FROM account_credentials ORDER BY credential_id LIMIT 1)");
        ObjectNode input = kit.input();
        input.put("mode", "drift-check");
        long versions = kit.secrets.versionsCreated();

        Run run = new Run().execute(input, "wf-drift", kit.deps());

        assertThat(run.result.succeeded()).isFalse();
        assertThat(run.result.error()).isEqualTo("dev.ferry.core.errors.VerificationFailedException");
        assertThat(run.result.cause()).contains("tenants");
        assertThat(run.visited).doesNotContain("LoadLevel");
        String problems = Files.readString(reports.resolve("wf-drift").resolve("problems.csv"), StandardCharsets.UTF_8);
        assertThat(problems).contains("FIELDS_DIFFER", "description", "SECRET_DIFFERS").doesNotContain("AKIA-rotated-5d1c");
        assertThat(kit.secrets.versionsCreated()).isEqualTo(versions);
    }

    @Test
    @Order(5)
    void execute_whenIncremental_readsBackThroughTheOverlapAndTurnsAKeyChangeIntoDeleteAndInsert() throws Exception {
        ObjectNode input = kit.input();
        input.put("mode", "incremental");
        PgPlan probe = new PgValidator(kit.deps()).validate(input, "wf-probe"); // writes nothing; gives the migration's sync id
        String watermark = kit.ledger().document(PgPreparer.SYNC_PREFIX + probe.syncId(), PgPreparer.WATERMARKS, PgPreparer.Watermarks.class)
                .orElseThrow().startedAt();
        long moved;
        long late;
        try (Connection c = kit.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT min(result_id), max(result_id) FROM scan_results")) {
            rs.next();
            moved = rs.getLong(1);
            late = rs.getLong(2);
        }
        // a transaction that committed after the last run read, with a timestamp from before its start: within the overlap
        kit.sql("UPDATE scan_results SET status = 'error', updated_at = '" + watermark + "'::timestamptz - interval '60 seconds' "
                + "WHERE result_id = " + late);
        // a row whose primary key changed
        kit.sql("UPDATE scan_results SET result_id = " + (moved + 50_000_000) + ", updated_at = now() WHERE result_id = " + moved);
        long before = items("scan_results");

        Run run = new Run().execute(input, "wf-incremental-2", kit.deps());

        assertThat(run.result.succeeded()).as("%s: %s", run.result.error(), run.result.cause()).isTrue();
        JsonNode results = run.result.output().at("/tables/6");
        assertThat(results.get("source").asText()).isEqualTo("scan_results");
        assertThat(results.get("written").asLong()).isEqualTo(2);
        assertThat(results.get("deleted").asLong()).isEqualTo(1);
        assertThat(results.get("result").asText()).isEqualTo("MATCH");
        assertThat(items("scan_results")).isEqualTo(before);
        assertThat(resultItem(moved)).isEmpty();
        assertThat(resultItem(moved + 50_000_000)).isNotEmpty();
        assertThat(resultItem(late).get("status").s()).isEqualTo("error");
    }

    private static Map<String, AttributeValue> resultItem(long id) {
        return kit.dynamo().getItem(b -> b.tableName(kit.target("scan_results")).consistentRead(true)
                .key(Map.of("result_id", AttributeValue.fromN(Long.toString(id))))).item();
    }

    @Test
    @Order(6)
    void execute_whenInputIsInvalid_failsInValidateWithoutRollback() {
        ObjectNode input = kit.input();
        ((ObjectNode) input.get("tables").get(0)).put("source", "tenant");

        Run run = new Run().execute(input, "wf-invalid", kit.deps());

        assertThat(run.result.succeeded()).isFalse();
        assertThat(run.result.error()).isEqualTo("dev.ferry.core.errors.InvalidInputException");
        assertThat(run.result.cause()).contains("$.tables[0].source", "does not exist");
        assertThat(run.visited).containsExactly("Validate", "InputRejected");
    }

    @Test
    @Order(7)
    void execute_whenDryRun_reportsThePlanAndCreatesNothing() {
        ObjectNode input = kit.input();
        for (JsonNode t : input.get("tables")) {
            if (t.has("target")) {
                ((ObjectNode) t).put("target", t.get("target").asText().replace("wf-", "wfdry-"));
            }
        }
        input.withObject("/options").put("dryRun", true);
        List<String> before = kit.dynamo().listTables().tableNames();

        Run run = new Run().execute(input, "wf-dry", kit.deps());

        assertThat(run.result.succeeded()).as("%s: %s", run.result.error(), run.result.cause()).isTrue();
        assertThat(run.result.output().get("status").asText()).isEqualTo("PLANNED");
        assertThat(run.result.output().at("/tables/0/action").asText()).isEqualTo("WOULD_CREATE");
        assertThat(run.visited).doesNotContain("LoadLevel", "VerifyUnits");
        assertThat(kit.dynamo().listTables().tableNames()).isEqualTo(before);
        assertThat(kit.ledger().findRun("wf-dry")).isEmpty();
    }

    @Test
    @Order(8)
    void execute_whenFailingAfterTablesAndSecretsWereCreated_rollsBackToWhatWasThere() throws Exception {
        PgTestKit other = new PgTestKit("wf_doomed", "doomed", 400, reports);
        List<String> namesBefore = new ArrayList<>(other.secrets.names());
        List<String> tablesBefore = other.dynamo().listTables().tableNames();
        ObjectNode input = other.input();
        Dependencies deps = other.deps();
        Run run = new Run();
        ExecutionListener sabotage = new ExecutionListener() {
            @Override
            public void stateExited(String path, JsonNode output) {
                if (path.equals("NextLevel") && !run.visited.contains("sabotaged")) {
                    run.visited.add("sabotaged");
                    try {
                        other.sql("ALTER TABLE scan_results RENAME TO scan_results_gone"); // the source disappears mid-run
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        ExecutionResult result = RUNNER.run(input, "wf-doomed", WorkflowRunner.constructorWith(Dependencies.class, deps), sabotage);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.cause()).contains("scan_results");
        assertThat(other.dynamo().listTables().tableNames()).isEqualTo(tablesBefore);
        assertThat(other.secrets.names().stream().filter(other.secrets::isActive).toList()).isEqualTo(namesBefore);
        // the failed run's report says why and what was undone
        JsonNode summary = Json.parse(Files.readString(reports.resolve("wf-doomed").resolve("summary.json"), StandardCharsets.UTF_8));
        assertThat(summary.get("status").asText()).isEqualTo("FAILED");
        assertThat(summary.at("/failure/cause").asText()).contains("scan_results");
        assertThat(summary.at("/failure/undone").size()).isGreaterThan(0);
        // the secrets it created are deleted with the default recovery window (7 days: restorable until then)
        List<String> rolledBack = other.secrets.names().stream().filter(n -> n.startsWith("doomed/account/")).toList();
        java.time.Instant now = java.time.Instant.now();
        assertThat(rolledBack).isNotEmpty().allSatisfy(n -> assertThat(other.secrets.describeSecret(b -> b.secretId(n)).deletedDate())
                .isBetween(now.plus(java.time.Duration.ofDays(6)), now.plus(java.time.Duration.ofDays(8))));
    }

    @Test
    @Order(9)
    void execute_whenOnDecryptErrorIsSkip_migratesTheOtherRowsAndReportsTheBadOneByKey() throws Exception {
        PgTestKit other = new PgTestKit("wf_skip", "skip", 300, reports);
        String badId;
        try (Connection c = other.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT credential_id::text FROM account_credentials ORDER BY credential_id LIMIT 1")) {
            rs.next();
            badId = rs.getString(1);
        }
        String foreignToken = dev.ferry.postgres.crypto.Fernet.of(dev.ferry.postgres.crypto.Fernet.generateKey())
                .encrypt("{\"k\": \"v\"}".getBytes(StandardCharsets.UTF_8));
        other.sql("UPDATE account_credentials SET encrypted_data = '" + foreignToken + "' WHERE credential_id = '" + badId + "'");
        ObjectNode input = other.input();
        input.withObject("/options").put("onDecryptError", "skip");

        ExecutionResult result = RUNNER.run(input, "wf-skip", WorkflowRunner.constructorWith(Dependencies.class, other.deps()));

        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        JsonNode credentials = result.output().at("/tables/3");
        assertThat(credentials.get("source").asText()).isEqualTo("account_credentials");
        assertThat(credentials.get("skipped").asLong()).isEqualTo(1);
        assertThat(credentials.get("result").asText()).isEqualTo("NOT_COMPARABLE");
        assertThat(other.secrets.names().stream().filter(n -> n.startsWith("skip/account/"))).hasSize(other.counts.credentials() - 1);
        String problems = Files.readString(reports.resolve("wf-skip").resolve("problems.csv"), StandardCharsets.UTF_8);
        assertThat(problems).contains(badId).doesNotContain(foreignToken);
    }

    /** The planted credential value is in no log line, state payload, ledger item, report file or error. */
    private static void assertNoSecretAnywhere(Run run, String runId) throws Exception {
        String planted = ThreatEngineDatabase.PLANTED_SECRET;
        assertThat(kit.secrets.names().stream().map(n -> kit.secrets.getSecretValue(b -> b.secretId(n)).secretString()))
                .anyMatch(v -> v.contains(planted)); // it was migrated, so the search below can find it if it leaked
        assertThat(run.payloads).isNotEmpty().noneMatch(p -> p.contains(planted));
        Path log = Path.of("target/postgres-tests.log");
        assertThat(log).exists();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain(planted).contains("wf-full");
        try (Stream<Path> files = Files.walk(reports.resolve(runId))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.UTF_8)).as(f.toString()).doesNotContain(planted);
            }
        }
        List<Map<String, AttributeValue>> ledgerItems = kit.dynamo().scanPaginator(b -> b.tableName(PgTestKit.LEDGER)).items().stream().toList();
        assertThat(ledgerItems).isNotEmpty().noneMatch(item -> item.toString().contains(planted));
    }
}
