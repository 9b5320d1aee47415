package dev.ferry.postgres.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import dev.ferry.postgres.crypto.Fernet;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Bad input, each kind on its own: Validate names the JSON path and a fix, never a password, key or secret
 * value, and nothing is written (no ledger record, no table, no secret).
 */
class PgInputValidationIntegrationTest {
    @TempDir
    static Path reports;
    private static PgTestKit kit;
    private static String wrongPasswordSecret;
    private static String wrongKeySecret;
    private static String wrongKey;

    @BeforeAll
    static void setUp() throws Exception {
        kit = new PgTestKit("bad_input", "bad", 400, reports);
        kit.sql("ALTER TABLE tenants ADD COLUMN retention interval DEFAULT '30 days'");
        kit.sql("CREATE TABLE cycle_a (id int PRIMARY KEY, b_id int); CREATE TABLE cycle_b (id int PRIMARY KEY, a_id int REFERENCES cycle_a); "
                + "ALTER TABLE cycle_a ADD CONSTRAINT a_to_b FOREIGN KEY (b_id) REFERENCES cycle_b");
        wrongPasswordSecret = kit.secrets.createSecret(b -> b.name("bad/db-wrong").secretString("{\"username\": \"" + PgTestKit.READER
                + "\", \"password\": \"not-the-password\"}")).arn();
        wrongKey = Fernet.generateKey();
        wrongKeySecret = kit.secrets.createSecret(b -> b.name("bad/other-key").secretString(wrongKey)).arn();
        kit.dynamo().createTable(b -> b.tableName("bad-other-keys").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    @AfterAll
    static void nothingWasWritten() {
        assertThat(kit.dynamo().listTables().tableNames()).noneMatch(t -> t.startsWith("bad-") && !t.equals("bad-other-keys"));
        assertThat(kit.secrets.names()).allMatch(n -> n.equals("bad/db") || n.equals("bad/fernet-key") || n.startsWith("bad/db-wrong")
                || n.equals("bad/other-key") || n.startsWith("bad/account/pending"));
    }

    /** The base input with its interval column given a conversion, so each case below is its only problem. */
    private static ObjectNode input() {
        ObjectNode in = kit.input();
        ((ObjectNode) in.get("tables").get(0)).putObject("columns").putObject("retention").put("as", "string");
        return in;
    }

    private static ObjectNode table(ObjectNode in, int i) {
        return (ObjectNode) in.get("tables").get(i);
    }

    private static ObjectNode secret(ObjectNode in) {
        return (ObjectNode) table(in, 3).get("secret");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("unknown mode (schema)", in -> in.put("mode", "sideways"), "$.mode", "one of"),
                bad("password in the JDBC URL", in -> ((ObjectNode) in.get("source")).put("jdbcUrl", kit.jdbcUrl() + "&password=hunter2"),
                        "$.source.jdbcUrl", "never go in the input"),
                bad("not a PostgreSQL URL", in -> ((ObjectNode) in.get("source")).put("jdbcUrl", "jdbc:postgresql://"), "$.source.jdbcUrl",
                        "not usable"),
                bad("unreachable database", in -> ((ObjectNode) in.get("source")).put("jdbcUrl",
                        "jdbc:postgresql://127.0.0.1:1/bad_input?sslmode=disable"), "$.source.jdbcUrl", "Cannot reach"),
                bad("IAM authentication without SSL", in -> ((ObjectNode) in.get("source")).putObject("credentials").putObject("iamAuth")
                        .put("username", PgTestKit.READER), "$.source.jdbcUrl", "needs SSL"),
                bad("wrong password", in -> ((ObjectNode) in.get("source").get("credentials")).put("secretArn", wrongPasswordSecret),
                        "$.source.credentials", "refused the credentials"),
                bad("missing table", in -> table(in, 0).put("source", "tenant"), "$.tables[0].source", "does not exist"),
                bad("missing column", in -> ((ObjectNode) table(in, 1).putObject("columns")).put("provider_kind", "kind"),
                        "$.tables[1].columns.provider_kind", "no column"),
                bad("unsupported column type", in -> table(in, 0).remove("columns"), "$.tables[0].columns.retention", "interval"),
                bad("foreign-key cycle", in -> {
                    ArrayNode tables = in.putArray("tables");
                    tables.addObject().put("source", "cycle_a").put("target", "bad-cycle-a");
                    tables.addObject().put("source", "cycle_b").put("target", "bad-cycle-b");
                }, "$.tables", "cycle_a(b_id) -> cycle_b(id)"),
                bad("key template naming an unknown column", in -> table(in, 0).putObject("partitionKey").put("attribute", "pk")
                        .put("template", "TENANT#{tenant_uuid}"), "$.tables[0].partitionKey.template", "tenant_uuid"),
                bad("wrong Fernet key", in -> ((ObjectNode) secret(in).get("decryption").get("key")).put("secretArn", wrongKeySecret),
                        "$.tables[3].secret.decryption.key", "wrong key"),
                bad("decryption key secret missing", in -> ((ObjectNode) secret(in).get("decryption").get("key"))
                        .put("secretArn", "arn:aws:secretsmanager:us-east-1:000000000000:secret:nope-AbCdEf"),
                        "$.tables[3].secret.decryption.key", "cannot read the decryption key"),
                bad("secret name template yields an invalid name", in -> secret(in).put("name", "bad account {account_id}"),
                        "$.tables[3].secret.name", "invalid name"),
                bad("secret name template yields duplicate names", in -> secret(in).put("name", "bad/type/{credential_type}"),
                        "$.tables[3].secret.name", "another row already has"),
                bad("target table with other keys", in -> table(in, 0).put("target", "bad-other-keys"), "$.tables[0].target", "other keys"),
                bad("two tables onto one target without distinct keys", in -> table(in, 1).put("target", kit.target("tenants")).put("partitionKey", "tenant_id"),
                        "$.tables[1].target", "without distinct keys"),
                bad("target is Ferry's run ledger", in -> table(in, 0).put("target", PgTestKit.LEDGER), "$.tables[0].target",
                        "run ledger"),
                bad("secret table with a target", in -> table(in, 3).put("target", "bad-creds"), "$.tables[3].target", "secret table"),
                bad("incremental run before any full run", in -> in.put("mode", "incremental"), "$.tables[0].target", "full"),
                bad("load order missing a table", in -> in.withObject("/options").putArray("order").add("tenants"), "$.options.order",
                        "exactly once"),
                bad("uuid5 namespace that is not a UUID", in -> table(in, 0).put("idNamespace", "tenants"), "$.tables[0].idNamespace",
                        "not a UUID"),
                bad("recovery window out of range", in -> in.withObject("/options").put("recoveryWindowDays", 3),
                        "$.options.recoveryWindowDays", "7 to 30"));
    }

    private static Arguments bad(String name, Consumer<ObjectNode> change, String path, String says) {
        return Arguments.of(name, change, path, says);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void validate_whenInputIsBad_namesThePathAndAFixAndWritesNothing(String name, Consumer<ObjectNode> change, String path, String says) {
        ObjectNode in = input();
        change.accept(in);
        String runId = "bad-" + Integer.toHexString(name.hashCode());

        InvalidInputException e = catchThrowableOfType(() -> new PgValidator(kit.deps()).validate(in, runId), InvalidInputException.class);

        assertThat(e).as(name).isNotNull();
        assertThat(e.problems()).as(e.getMessage()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message() + " " + p.fix()).contains(says);
        });
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.fix()).isNotBlank());
        assertThat(e.getMessage()).doesNotContain(PgTestKit.READER_PASSWORD).doesNotContain("hunter2").doesNotContain(kit.fernetKey)
                .doesNotContain(wrongKey).doesNotContain(dev.ferry.testkit.ThreatEngineDatabase.PLANTED_SECRET);
        assertThat(kit.ledger().findRun(runId)).isEmpty();
    }

    @Test
    void validate_whenARowDoesNotDecrypt_namesItsKeyUnlessTheRunSkipsSuchRows() throws Exception {
        kit.sql("CREATE TABLE saved_token AS SELECT credential_id, encrypted_data FROM account_credentials ORDER BY credential_id LIMIT 1");
        kit.sql("UPDATE account_credentials SET encrypted_data = 'gAAAAA-not-a-token' WHERE credential_id = (SELECT credential_id FROM saved_token)");
        try {
            InvalidInputException e = catchThrowableOfType(() -> new PgValidator(kit.deps()).validate(input(), "bad-token"),
                    InvalidInputException.class);

            assertThat(e).isNotNull();
            List<Problem> problems = e.problems();
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.path()).isEqualTo("$.tables[3]");
                assertThat(p.message()).contains("do not decrypt", "credential_id=");
                assertThat(p.fix()).contains("onDecryptError");
            });
            ObjectNode skipping = input();
            skipping.withObject("/options").put("onDecryptError", "skip");
            assertThat(new PgValidator(kit.deps()).validate(skipping, "bad-token-skipped").runId()).isEqualTo("bad-token-skipped");
        } finally {
            kit.sql("UPDATE account_credentials c SET encrypted_data = s.encrypted_data FROM saved_token s WHERE c.credential_id = s.credential_id; "
                    + "DROP TABLE saved_token");
        }
    }

    @Test
    void validate_whenASecretNameIsScheduledForDeletion_saysRestoreOrRename() throws Exception {
        ObjectNode in = input();
        secret(in).put("name", "bad/account/pending-{account_id}");
        String accountId;
        try (var c = kit.superuser(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT account_id::text FROM account_credentials ORDER BY credential_id LIMIT 1 OFFSET 1")) {
            rs.next();
            accountId = rs.getString(1);
        }
        String newId = dev.ferry.postgres.convert.Uuid5.of(dev.ferry.postgres.convert.Uuid5.defaultNamespace("accounts"), accountId).toString();
        kit.secrets.createSecret(b -> b.name("bad/account/pending-" + newId).secretString("old"));
        kit.secrets.deleteSecret(b -> b.secretId("bad/account/pending-" + newId));

        InvalidInputException e = catchThrowableOfType(() -> new PgValidator(kit.deps()).validate(in, "bad-pending"), InvalidInputException.class);

        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("$.tables[3].secret.name");
            assertThat(p.message()).contains("scheduled for deletion", newId);
            assertThat(p.fix()).contains("restore-secret");
        });
    }

    @Test
    void schedules_whenShipped_areSwitchedOffValidAndShareOneMigration() throws Exception {
        for (String name : List.of("threat-engine-parallel-run", "threat-engine-drift-check")) {
            String text = java.nio.file.Files.readString(Path.of("../../events/schedules/" + name + ".json"));
            com.fasterxml.jackson.databind.JsonNode schedule = Json.parse(text);

            assertThat(dev.ferry.core.validation.InputSchema.forWorkflow("schedule").check(text)).as(name).isEmpty();
            assertThat(schedule.get("workflow").asText()).isEqualTo(PgValidator.WORKFLOW);
            assertThat(schedule.get("enabled").asBoolean(true)).as(name + " ships disabled").isFalse();
            assertThat(dev.ferry.core.validation.InputSchema.forWorkflow(PgValidator.WORKFLOW).check(Json.write(schedule.get("input"))))
                    .as(name).isEmpty();
            assertThat(schedule.at("/input/options/syncId").asText()).isEqualTo("threat-engine-parallel-run");
        }
        assertThat(Json.parse(java.nio.file.Files.readString(Path.of("../../events/schedules/threat-engine-parallel-run.json")))
                .at("/input/mode").asText()).isEqualTo(PgPlan.INCREMENTAL);
        assertThat(Json.parse(java.nio.file.Files.readString(Path.of("../../events/schedules/threat-engine-drift-check.json")))
                .at("/input/mode").asText()).isEqualTo(PgPlan.DRIFT_CHECK);
    }

    @Test
    void example_whenChecked_isValidAgainstItsSchema() throws Exception {
        String example = java.nio.file.Files.readString(Path.of("../../events/examples/threat-engine-postgres.json"));

        assertThat(dev.ferry.core.validation.InputSchema.forWorkflow(PgValidator.WORKFLOW).check(example)).isEmpty();
        assertThat(Json.parse(example).get("tables")).hasSize(7);
    }
}
