package dev.ferry.dynamodb.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.VerificationFailedException;
import dev.ferry.core.json.Json;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.SampleTables;
import dev.ferry.testkit.WorkflowRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * A report you can trust, end to end through the real state machine: verification compares the destination
 * with the source as it is at verification time, a re-run of a finished run verifies afresh, a failed run
 * writes its report, a rollback that keeps a reused table says what the run wrote into it, the external id
 * never reaches the ledger, and a rejected input creates and reports nothing.
 */
class CopyTrustWorkflowTest {
    private static final WorkflowRunner ROLLBACK = WorkflowRunner.of("rollback");
    @TempDir
    static Path reports;
    private static CopyTestKit kit;

    @BeforeAll
    static void sourceTable() {
        kit = new CopyTestKit(reports);
        SampleTables.createRich(kit.source(), "trust-src", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(kit.source(), "trust-src", 600, 21, 0);
    }

    private static String copy(String runId, String source, String destination, String options) {
        return CopyTestKit.input(runId, "[{\"source\": \"" + source + "\", \"destination\": \"" + destination + "\"}]", options);
    }

    private static JsonNode summary(String runId) throws Exception {
        return Json.parse(Files.readString(reports.resolve(runId).resolve("summary.json")));
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
    }

    @Test
    void run_whenTheSourceIsWrittenAfterItsSegmentWasCopied_reportsMismatchWithCountsAndSampleKeys() throws Exception {
        SampleTables.createRich(kit.source(), "trust-live", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(kit.source(), "trust-live", 400, 22, 0);
        List<Map<String, AttributeValue>> before = new ArrayList<>(SampleTables.scanAll(kit.source(), "trust-live", "pk", "sk").values());
        CopyRun run = kit.copy();
        // GIVEN a writer that adds 5 items, updates 3 and deletes 2 once the copy is done, before verification
        run.beforeVerify = () -> {
            Random random = new Random(99);
            List<Map<String, AttributeValue>> added = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                added.add(SampleTables.richItem(100_000 + i, random));
            }
            SampleTables.put(kit.source(), "trust-live", added);
            for (int i = 0; i < 3; i++) {
                Map<String, AttributeValue> changed = new java.util.HashMap<>(before.get(i));
                changed.put("changedDuringCopy", AttributeValue.fromBool(true));
                kit.source().putItem(b -> b.tableName("trust-live").item(changed));
            }
            for (int i = 3; i < 5; i++) {
                Map<String, AttributeValue> gone = before.get(i);
                kit.source().deleteItem(b -> b.tableName("trust-live").key(key(gone)));
            }
        };

        CopyRun.Outcome outcome = run.run(copy("trust-live", "trust-live", "trust-live-copy", "{\"segments\": 1}"), "e");

        // THEN the run fails with a mismatch, counted and sampled, and says what to do; the copy is kept
        assertThat(outcome.error()).isEqualTo(VerificationFailedException.class.getName());
        assertThat(outcome.message()).contains("5 missing", "3 different", "2 extra", "re-run the same input with the same run id");
        assertThat(outcome.visited()).doesNotContain("Rollback");
        JsonNode table = summary("trust-live").at("/tables/0");
        assertThat(table.get("result").asText()).isEqualTo("MISMATCH");
        assertThat(table.get("sourceItems").asLong()).isEqualTo(403);
        assertThat(table.get("missing").asLong()).isEqualTo(5);
        assertThat(table.get("different").asLong()).isEqualTo(3);
        assertThat(table.get("extra").asLong()).isEqualTo(2);
        List<String> differences = new ArrayList<>();
        table.get("differences").forEach(d -> differences.add(d.asText()));
        assertThat(differences).hasSize(10).contains("different (segment 1/1): pk=\"" + before.get(0).get("pk").s() + "\", sk="
                + before.get(0).get("sk").n(), "extra (segment 1/1): pk=\"" + before.get(3).get("pk").s() + "\", sk=" + before.get(3).get("sk").n());
        assertThat(differences).filteredOn(d -> d.startsWith("missing (segment 1/1): pk=")).hasSize(5);
        assertThat(summary("trust-live").get("nextStep").asText()).contains("Re-run the same input with the same run id");
        assertThat(Files.readString(reports.resolve("trust-live").resolve("differences.csv")).lines()).hasSize(11);
        assertThat(kit.destination().listTables().tableNames()).contains("trust-live-copy");

        // AND re-running the same input copies again what changed (added, changed and deleted items) and matches
        CopyRun.Outcome again = kit.copy().run(copy("trust-live", "trust-live", "trust-live-copy", "{\"segments\": 1}"), "e2");
        assertThat(again.succeeded()).as(again.message()).isTrue();
        assertThat(again.output().at("/tables/0/result").asText()).isEqualTo("MATCH");
        assertThat(SampleTables.scanAll(kit.destination(), "trust-live-copy", "pk", "sk"))
                .isEqualTo(SampleTables.scanAll(kit.source(), "trust-live", "pk", "sk"));
    }

    @Test
    void rerun_whenTheRunSucceeded_verifiesAfreshAndReportsTodaysResult_thenCopiesWhatDiffersAgain() throws Exception {
        String input = copy("trust-rerun", "trust-src", "trust-rerun-copy", "{\"segments\": 2}");
        assertThat(kit.copy().run(input, "e1").succeeded()).isTrue();
        // GIVEN the destination changes after the run succeeded: one item deleted, one changed
        List<Map<String, AttributeValue>> items = new ArrayList<>(SampleTables.scanAll(kit.destination(), "trust-rerun-copy", "pk", "sk").values());
        kit.destination().deleteItem(b -> b.tableName("trust-rerun-copy").key(key(items.get(0))));
        Map<String, AttributeValue> changed = new java.util.HashMap<>(items.get(1));
        changed.put("tampered", AttributeValue.fromS("yes"));
        kit.destination().putItem(b -> b.tableName("trust-rerun-copy").item(changed));

        // WHEN the same input runs again
        CopyRun.Outcome again = kit.copy().run(input, "e2");

        // THEN it verifies afresh (not the old MATCH) and reports today's result
        assertThat(again.error()).isEqualTo(VerificationFailedException.class.getName());
        JsonNode table = summary("trust-rerun").at("/tables/0");
        assertThat(table.get("missing").asLong()).isEqualTo(1);
        assertThat(table.get("different").asLong()).isEqualTo(1);
        assertThat(table.get("destinationItems").asLong()).isEqualTo(599);
        assertThat(again.copyInvocations()).isEqualTo(2); // each segment looked at its finished checkpoint only

        // AND a further re-run copies the segments that differ again and matches
        CopyRun.Outcome fixed = kit.copy().run(input, "e3");
        assertThat(fixed.succeeded()).as(fixed.message()).isTrue();
        assertThat(fixed.output().at("/tables/0/result").asText()).isEqualTo("MATCH");
        assertThat(SampleTables.scanAll(kit.destination(), "trust-rerun-copy", "pk", "sk"))
                .isEqualTo(SampleTables.scanAll(kit.source(), "trust-src", "pk", "sk"));
    }

    @Test
    void run_whenItFailsAfterValidate_writesTheReportOfTheFailedRun() throws Exception {
        SampleTables.createRich(kit.source(), "trust-doomed", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(kit.source(), "trust-doomed", 50, 23, 0);
        CopyRun run = kit.copy();
        run.afterPrepare = () -> kit.source().deleteTable(b -> b.tableName("trust-doomed"));

        CopyRun.Outcome outcome = run.run(copy("trust-failed", "trust-doomed", "trust-doomed-copy", "{\"segments\": 1}"), "e");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.visited()).containsSubsequence("Rollback", "ReportFailure", "RunFailed");
        JsonNode report = summary("trust-failed");
        assertThat(report.get("status").asText()).isEqualTo("FAILED");
        assertThat(report.at("/failure/error").asText()).isEqualTo(outcome.error());
        assertThat(report.at("/failure/cause").asText()).contains("trust-doomed");
        assertThat(report.at("/failure/rolledBack").toString()).contains("trust-doomed-copy");
        assertThat(report.at("/tables/0/detail").asText()).contains("deleted by the rollback");
        assertThat(report.at("/times/runStartedAt").asText()).isNotBlank();
    }

    @Test
    void rollback_whenTheDestinationExistedBefore_saysWhatItemsTheRunWroteAndWhyTheyStay() throws Exception {
        SampleTables.createRich(kit.destination(), "trust-reused", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(kit.destination(), "trust-reused", 10, 24, 0);
        SampleTables.createRich(kit.source(), "trust-vanishing", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(kit.source(), "trust-vanishing", 300, 25, 0);
        CopyRun run = kit.copy();
        // the source disappears once it is copied: verification cannot read it, the run fails and rolls back
        run.beforeVerify = () -> kit.source().deleteTable(b -> b.tableName("trust-vanishing"));

        CopyRun.Outcome outcome = run.run(copy("trust-reuse", "trust-vanishing", "trust-reused",
                "{\"segments\": 1, \"ifDestinationExists\": \"reuse-if-compatible\"}"), "e");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.rollback().get("kept").toString())
                .contains("trust-reused", "existed before this run", "wrote 300 item(s)", "they stay", "does not exist yet");
        JsonNode table = summary("trust-reuse").at("/tables/0");
        assertThat(table.get("itemsCopied").asLong()).isEqualTo(300);
        assertThat(table.get("detail").asText()).contains("existed before this run", "300 item(s)", "stay");
        assertThat(kit.destination().listTables().tableNames()).contains("trust-reused");
    }

    @Test
    void run_withRolesAndExternalIds_keepsNoExternalIdInTheLedgerAndStillRollsBack() {
        SampleTables.createRich(kit.source(), "trust-roles", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(kit.source(), "trust-roles", 20, 26, 0);
        String input = """
                {"runId": "trust-ext",
                 "source": {"region": "%s", "roleArn": "%s", "externalId": "ext-src"},
                 "destination": {"region": "%s", "roleArn": "%s", "externalId": "ext-dst"},
                 "tables": [{"source": "trust-roles", "destination": "trust-roles-copy"}],
                 "options": {"segments": 1}}
                """.formatted(CopyTestKit.SOURCE_REGION, CopyTestKit.SOURCE_ROLE, CopyTestKit.DEST_REGION, CopyTestKit.DEST_ROLE);
        CopyRun run = kit.copy();
        run.beforeVerify = () -> kit.source().deleteTable(b -> b.tableName("trust-roles"));

        CopyRun.Outcome outcome = run.run(input, "e");

        // the Catch handed the plan's sides to Rollback, which reached the destination with its external id
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.rollback().get("undone").toString()).contains("trust-roles-copy");
        assertThat(kit.destination().listTables().tableNames()).doesNotContain("trust-roles-copy");
        String ledger = kit.destination().scan(b -> b.tableName(CopyTestKit.LEDGER)).items().stream()
                .filter(i -> i.get("pk").s().equals("trust-ext")).toList().toString();
        assertThat(ledger).contains(CopyTestKit.DEST_ROLE, "externalIdDigest").doesNotContain("ext-dst", "ext-src");
    }

    @Test
    void rollbackOnDemand_whenARoleNeedsAnExternalId_takesItFromTheInputOrSaysWhichToGive() {
        SampleTables.createRich(kit.source(), "trust-ondemand", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(kit.source(), "trust-ondemand", 20, 27, 0);
        String input = """
                {"runId": "trust-od",
                 "source": {"region": "%s"},
                 "destination": {"region": "%s", "roleArn": "%s", "externalId": "ext-dst"},
                 "tables": [{"source": "trust-ondemand", "destination": "trust-ondemand-copy"}],
                 "options": {"segments": 1}}
                """.formatted(CopyTestKit.SOURCE_REGION, CopyTestKit.DEST_REGION, CopyTestKit.DEST_ROLE);
        assertThat(kit.copy().run(input, "e").succeeded()).isTrue();
        Dependencies deps = kit.deps();

        ExecutionResult without = ROLLBACK.run(Json.parse("{\"runId\": \"trust-od\"}"), "rb1",
                WorkflowRunner.constructorWith(Dependencies.class, deps), dev.ferry.engine.ExecutionListener.NONE);
        assertThat(without.succeeded()).isFalse();
        assertThat(without.cause()).contains("externalIds", CopyTestKit.DEST_ROLE);
        assertThat(kit.destination().listTables().tableNames()).contains("trust-ondemand-copy");

        ExecutionResult with = ROLLBACK.run(Json.parse("{\"runId\": \"trust-od\", \"externalIds\": {\"" + CopyTestKit.DEST_ROLE
                        + "\": \"ext-dst\"}}"), "rb2", WorkflowRunner.constructorWith(Dependencies.class, deps),
                dev.ferry.engine.ExecutionListener.NONE);
        assertThat(with.succeeded()).as(with.cause()).isTrue();
        assertThat(kit.destination().listTables().tableNames()).doesNotContain("trust-ondemand-copy");
    }

    @Test
    void rollbackOnDemand_whenTheInputHasAnUnknownField_rejectsItNamingTheNearestValidOne() {
        ExecutionResult result = ROLLBACK.run(Json.parse("{\"runId\": \"whatever\", \"externalId\": {}}"), "rb3",
                WorkflowRunner.constructorWith(Dependencies.class, kit.deps()), dev.ferry.engine.ExecutionListener.NONE);

        assertThat(result.error()).isEqualTo(InvalidInputException.class.getName());
        assertThat(result.cause()).contains("$.externalId", "did you mean 'externalIds'");
    }

    @Test
    void run_whenRejectedByValidate_createsNoLedgerAndWritesNoReport() {
        String ledger = "trust-ledger-never-created";
        Dependencies fresh = Dependencies.builder().clients(ClientFactory.defaults()).ledgerTable(ledger).ledgerAutoCreate(true)
                .reportsLocation(reports.toString()).build();

        CopyRun.Outcome outcome = new CopyRun(fresh).run(copy("trust-rejected", "trust-missing-table", "x-copy", "{}"), "e");

        assertThat(outcome.error()).isEqualTo(InvalidInputException.class.getName());
        assertThat(outcome.visited()).containsExactly("Validate", "InputRejected");
        assertThat(DynamoDbLocal.get().client(CopyTestKit.DEST_REGION).listTables().tableNames()).doesNotContain(ledger);
        assertThat(reports.resolve("trust-rejected")).doesNotExist();
    }

    @Test
    void validate_whenTheSchemaAndTheWorldBothObject_reportsBothTogether() {
        CopyRun.Outcome outcome = kit.copy().run(CopyTestKit.input("trust-both",
                "[\"trust-no-such-table\", {\"source\": \"trust-src\", \"destination\": \"ab\"}]", "{\"segments\": 2000}"), "e");

        assertThat(outcome.error()).isEqualTo(InvalidInputException.class.getName());
        assertThat(outcome.problems()).extracting(dev.ferry.core.errors.Problem::path)
                .containsExactly("$.options.segments", "$.tables[0]", "$.tables[1].destination");
        assertThat(outcome.problems().get(1).message()).contains("does not exist");
    }

    @Test
    void validate_whenTheLedgerTableIsNamedAsADestinationOrSource_refusesIt() {
        CopyRun.Outcome outcome = kit.copy().run(CopyTestKit.input("trust-ledger",
                "[{\"source\": \"trust-src\", \"destination\": \"" + CopyTestKit.LEDGER + "\"}, \"" + CopyTestKit.LEDGER + "\"]",
                "{\"ifDestinationExists\": \"reuse-if-compatible\"}"), "e");

        assertThat(outcome.error()).isEqualTo(InvalidInputException.class.getName());
        assertThat(outcome.problems()).filteredOn(p -> p.message().contains("run ledger")).extracting(dev.ferry.core.errors.Problem::path)
                .contains("$.tables[0]", "$.tables[1]");
        assertThat(kit.ledger().findRun("trust-ledger")).isEmpty();
    }

    @Test
    void report_whenCopied_statesWhatWasComparedWhenAndWhere() throws Exception {
        assertThat(kit.copy().run(copy("trust-when", "trust-src", "trust-when-copy", "{\"segments\": 2}"), "e").succeeded()).isTrue();

        JsonNode report = summary("trust-when");
        assertThat(report.get("verification").asText()).contains("read again", "SHA-256", "key by key");
        assertThat(report.at("/times/runStartedAt").asText()).isNotBlank();
        assertThat(report.at("/times/verificationStartedAt").asText()).isNotBlank();
        assertThat(report.at("/times/verificationFinishedAt").asText()).isGreaterThanOrEqualTo(report.at("/times/verificationStartedAt").asText());
        assertThat(report.at("/times/reportedAt").asText()).isNotBlank();
        assertThat(report.at("/source/region").asText()).isEqualTo(CopyTestKit.SOURCE_REGION);
        assertThat(report.at("/destination/region").asText()).isEqualTo(CopyTestKit.DEST_REGION);
        assertThat(report.at("/destination/account").asText()).matches("[0-9]{12}");
        assertThat(report.at("/tables/0/result").asText()).isEqualTo("MATCH");
        assertThat(report.at("/tables/0/itemsCopied").asLong()).isEqualTo(600);
        // DynamoDB Local implements no tagging: the warning says so, instead of asking for a permission
        assertThat(report.at("/tables/0/warnings").toString()).contains("the source endpoint does not support tagging")
                .doesNotContain("ListTagsOfResource");
    }
}
