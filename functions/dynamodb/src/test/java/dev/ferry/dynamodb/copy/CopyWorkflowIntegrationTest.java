package dev.ferry.dynamodb.copy;

import dev.ferry.testkit.SampleTables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.RunStatus;
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
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The whole copy, its real state machine through the engine, against DynamoDB Local: 20,000+ items of every type
 * (350 KB items and 32-level maps among them) in an on-demand and a provisioned table, both with
 * a GSI and an LSI, compared item by item after the copy.
 */
class CopyWorkflowIntegrationTest {
    @TempDir
    static Path reports;
    private static CopyTestKit kit;
    private static CopyRun.Outcome outcome;
    private static int firstRunInvocations;

    @BeforeAll
    static void copyOnce() {
        kit = new CopyTestKit(reports);
        SampleTables.createRich(kit.source(), "rich-ondemand", BillingMode.PAY_PER_REQUEST);
        SampleTables.createRich(kit.source(), "rich-provisioned", BillingMode.PROVISIONED);
        Random random = new Random(7);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            items.add(SampleTables.richItem(i, random));
        }
        SampleTables.put(kit.source(), "rich-ondemand", items);
        SampleTables.put(kit.source(), "rich-provisioned", items.subList(0, 1500));
        kit.source().updateTimeToLive(b -> b.tableName("rich-ondemand").timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));

        outcome = kit.copy().run(CopyTestKit.input("big-copy",
                "[\"rich-ondemand\", {\"source\": \"rich-provisioned\", \"destination\": \"copied-provisioned\"}]",
                "{\"segments\": 4, \"verify\": \"checksum\"}"), "exec-1");
        firstRunInvocations = outcome.copyInvocations();
    }

    @Test
    void copy_whenEveryAttributeType_copiesEveryItemBitIdentical() {
        assertThat(outcome.succeeded()).as("outcome error: %s %s", outcome.error(), outcome.message()).isTrue();
        Map<String, Map<String, AttributeValue>> source = SampleTables.scanAll(kit.source(), "rich-ondemand", "pk", "sk");
        Map<String, Map<String, AttributeValue>> copied = SampleTables.scanAll(kit.destination(), "rich-ondemand", "pk", "sk");

        assertThat(source).hasSize(6_000);
        assertThat(copied).hasSameSizeAs(source);
        source.forEach((key, item) -> assertThat(copied.get(key)).as("item %s", key).isEqualTo(item));
        assertThat(SampleTables.scanAll(kit.destination(), "copied-provisioned", "pk", "sk"))
                .isEqualTo(SampleTables.scanAll(kit.source(), "rich-provisioned", "pk", "sk"));
    }

    @Test
    void copy_whenIndexesAndBillingModes_recreatesTheFullSchema() {
        for (String[] pair : new String[][] {{"rich-ondemand", "rich-ondemand"}, {"rich-provisioned", "copied-provisioned"}}) {
            TableDescription src = kit.source().describeTable(b -> b.tableName(pair[0])).table();
            TableDescription dst = kit.destination().describeTable(b -> b.tableName(pair[1])).table();

            assertThat(dst.keySchema()).isEqualTo(src.keySchema());
            assertThat(dst.attributeDefinitions()).containsExactlyInAnyOrderElementsOf(src.attributeDefinitions());
            assertThat(TableSchema.incompatibilities(src, dst)).isEmpty();
            assertThat(TableSchema.billingMode(dst)).isEqualTo(TableSchema.billingMode(src));
            assertThat(dst.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName, g -> g.projection())
                    .containsExactlyElementsOf(src.globalSecondaryIndexes().stream()
                            .map(g -> org.assertj.core.groups.Tuple.tuple(g.indexName(), g.projection())).toList());
            assertThat(dst.localSecondaryIndexes()).extracting(LocalSecondaryIndexDescription::indexName)
                    .containsExactly("by-sk2");
        }
        TableDescription provisioned = kit.destination().describeTable(b -> b.tableName("copied-provisioned")).table();
        assertThat(provisioned.provisionedThroughput().readCapacityUnits()).isEqualTo(50L);
        assertThat(provisioned.provisionedThroughput().writeCapacityUnits()).isEqualTo(40L);
        assertThat(provisioned.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits()).isEqualTo(20L);
        assertThat(kit.destination().describeTimeToLive(b -> b.tableName("rich-ondemand")).timeToLiveDescription().attributeName())
                .isEqualTo("expires");
    }

    @Test
    void report_whenCopied_accountsForEveryItemWithMatchingChecksums() throws Exception {
        JsonNode report = outcome.output();

        assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.at("/totals/sourceItems").asLong()).isEqualTo(7_500);
        assertThat(report.at("/totals/destinationItems").asLong()).isEqualTo(7_500);
        for (JsonNode t : report.get("tables")) {
            assertThat(t.get("result").asText()).isEqualTo("MATCH");
            assertThat(t.get("sourceDigest").asText()).isEqualTo(t.get("destinationDigest").asText()).hasSize(64);
        }
        Path dir = reports.resolve("big-copy");
        assertThat(Json.MAPPER.readTree(dir.resolve("summary.json").toFile()).get("status").asText()).isEqualTo("SUCCEEDED");
        List<String> csv = Files.readAllLines(dir.resolve("tables.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).contains("rich-ondemand", "6000", "MATCH");
        assertThat(Files.readAllLines(dir.resolve("segments.csv"))).hasSize(1 + 8);
        assertThat(kit.ledger().run("big-copy")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
    }

    @Test
    void rerun_whenSameRunId_resumesWithoutRecreatingOrDuplicating() {
        List<ResourceRecord> before = kit.ledger().resources("big-copy");
        CopyRun.Outcome second = kit.copy().run(CopyTestKit.input("big-copy",
                "[\"rich-ondemand\", {\"source\": \"rich-provisioned\", \"destination\": \"copied-provisioned\"}]",
                "{\"segments\": 4, \"verify\": \"checksum\"}"), "exec-2");

        assertThat(second.succeeded()).as("error: %s", second.message()).isTrue();
        assertThat(kit.ledger().resources("big-copy")).isEqualTo(before);
        assertThat(second.copyInvocations()).isEqualTo(8).isLessThanOrEqualTo(firstRunInvocations);
        assertThat(second.output().at("/totals/destinationItems").asLong()).isEqualTo(7_500);
    }
}
