package dev.ferry.dynamodb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.testkit.SampleTables;
import dev.ferry.testkit.VamsAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rollback of a transform, on demand (the rollback workflow) and after a failure: items get their pre-images back
 * bit for bit, records the run created are deleted, records it replaced are put back, records nobody touched stay;
 * what someone changed since the run wrote it is reported as a conflict and never overwritten.
 */
class TransformRollbackIntegrationTest {
    @TempDir
    static Path reports;
    private static TransformTestKit kit;

    @BeforeAll
    static void setUp() {
        kit = new TransformTestKit(reports);
        TransformTestKit.ledger();
    }

    /** A version record of asset 1 that exists before the run with other content, and one of no asset at all. */
    private static Map<String, AttributeValue> replacedRecord(TransformTestKit.Tables t) {
        Map<String, AttributeValue> asset1 = VamsAssets.asset(1, 3);
        Map<String, AttributeValue> old = new LinkedHashMap<>();
        old.put("assetId", asset1.get("assetId"));
        old.put("assetVersionId", asset1.get("currentVersion").m().get("Version"));
        old.put("comment", AttributeValue.fromS("written by v2.3 before the migration"));
        old.put("size", AttributeValue.fromN("98765432109876543210987654321098765432"));
        return old;
    }

    @Test
    void rollbackOnDemand_whenTheRunSucceeded_restoresEveryItemBitForBitAndDeletesExactlyTheRecordsItCreated() {
        // GIVEN a versions table that already holds a record the run will replace, and one the run never touches
        TransformTestKit.Tables t = TransformTestKit.vams("rb-ok", 400);
        Map<String, AttributeValue> replaced = replacedRecord(t);
        Map<String, AttributeValue> untouched = Map.of("assetId", AttributeValue.fromS("not-an-asset"),
                "assetVersionId", AttributeValue.fromS("7"), "bytes", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {9})));
        SampleTables.put(TransformTestKit.ddb(), t.versions(), List.of(replaced, untouched));
        Map<String, Map<String, AttributeValue>> assets = t.assetItems();
        Map<String, Map<String, AttributeValue>> versions = t.versionItems();
        TransformRun.Outcome run = kit.run().run(VamsExample.on(t.assets(), t.versions(), "rb-ok", TransformTestKit.REGION), "rb-ok");
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(run.output().at("/counts/emittedReplaced").asLong()).isEqualTo(1);
        assertThat(t.versionItems()).hasSize(361); // 360 emitted, of which one replaced a record; one never touched

        // WHEN an operator rolls the run back, twice
        JsonNode first = Rollbacks.onDemand(kit.deps(), "rb-ok");
        JsonNode second = Rollbacks.onDemand(kit.deps(), "rb-ok");

        // THEN the tables are exactly as they were, and the second rollback finds nothing left to do
        assertThat(first.path("kept")).as(first.toString()).isEmpty();
        assertThat(first.path("undone").toString()).contains("restored", "deleted");
        assertThat(t.assetItems()).isEqualTo(assets);
        assertThat(t.versionItems()).isEqualTo(versions);
        assertThat(second.path("undone").toString()).contains("already removed");
        assertThat(TransformTestKit.ledger().run("rb-ok").orElseThrow().status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(TransformTestKit.ledger().resources("rb-ok")).allSatisfy(r -> assertThat(r.status()).isEqualTo(ResourceStatus.ROLLED_BACK));
    }

    @Test
    void rollbackOnDemand_whenItemsAndRecordsChangedSinceTheRun_reportsThemAsConflictsAndNeverOverwritesThem() throws Exception {
        // GIVEN a finished run, then someone changes a migrated asset's currentVersionId and an emitted record
        TransformTestKit.Tables t = TransformTestKit.vams("rb-conflict", 100);
        Map<String, Map<String, AttributeValue>> assets = t.assetItems();
        TransformRun.Outcome run = kit.run().run(VamsExample.on(t.assets(), t.versions(), "rb-conflict", TransformTestKit.REGION), "rb-conflict");
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        Map<String, AttributeValue> asset2 = VamsAssets.asset(2, 3);
        Map<String, AttributeValue> key2 = Map.of("databaseId", asset2.get("databaseId"), "assetId", asset2.get("assetId"));
        TransformTestKit.ddb().updateItem(b -> b.tableName(t.assets()).key(key2).updateExpression("SET currentVersionId = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("99"))));
        Map<String, AttributeValue> asset3 = VamsAssets.asset(3, 3);
        Map<String, AttributeValue> recordKey3 = Map.of("assetId", asset3.get("assetId"),
                "assetVersionId", asset3.get("currentVersion").m().get("Version"));
        TransformTestKit.ddb().updateItem(b -> b.tableName(t.versions()).key(recordKey3).updateExpression("SET approved = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
        Map<String, AttributeValue> changedAsset = TransformTestKit.ddb().getItem(b -> b.tableName(t.assets()).key(key2)).item();
        Map<String, AttributeValue> changedRecord = TransformTestKit.ddb().getItem(b -> b.tableName(t.versions()).key(recordKey3)).item();

        // WHEN
        JsonNode rollback = Rollbacks.onDemand(kit.deps(), "rb-conflict");

        // THEN both are left as they are and named; everything else is restored or removed
        assertThat(rollback.path("kept").toString()).contains("changed since this run wrote them", "never overwritten");
        assertThat(TransformTestKit.ddb().getItem(b -> b.tableName(t.assets()).key(key2)).item()).isEqualTo(changedAsset);
        assertThat(TransformTestKit.ddb().getItem(b -> b.tableName(t.versions()).key(recordKey3)).item()).isEqualTo(changedRecord);
        Map<String, Map<String, AttributeValue>> now = t.assetItems();
        assets.forEach((k, before) -> {
            if (!before.get("assetId").equals(asset2.get("assetId"))) {
                assertThat(now.get(k)).as(k).isEqualTo(before);
            }
        });
        assertThat(t.versionItems()).hasSize(1).containsValue(changedRecord);
        StringBuilder conflicts = new StringBuilder();
        try (java.util.stream.Stream<Path> files = Files.list(reports.resolve("rb-conflict"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("rollback-")).toList()) {
                conflicts.append(Files.readString(f));
            }
        }
        assertThat(conflicts.toString()).contains(asset2.get("assetId").s(), "currentVersionId no longer holds what the run wrote",
                asset3.get("assetId").s());
    }

    @Test
    void run_whenVerificationFindsAProblem_writesTheReportThenRollsBack() throws Exception {
        // GIVEN a run in which, after the transform and before verification, someone puts a v2.2 field back
        TransformTestKit.Tables t = TransformTestKit.vams("rb-verify", 60);
        Map<String, Map<String, AttributeValue>> assets = t.assetItems();
        TransformRun runner = kit.run();
        Map<String, AttributeValue> asset5 = VamsAssets.asset(5, 3);
        runner.afterSegmentInvocation = () -> TransformTestKit.ddb().updateItem(b -> b.tableName(t.assets())
                .key(Map.of("databaseId", asset5.get("databaseId"), "assetId", asset5.get("assetId")))
                .updateExpression("SET currentVersion = :cv").expressionAttributeValues(Map.of(":cv", asset5.get("currentVersion"))));
        ObjectNode input = VamsExample.on(t.assets(), t.versions(), "rb-verify", TransformTestKit.REGION);
        ((ObjectNode) input.get("options")).put("segments", 1);

        // WHEN
        TransformRun.Outcome run = runner.run(input, "rb-verify");

        // THEN it fails verification with the item named in the report, and rolls back (the changed asset is a conflict)
        assertThat(run.succeeded()).isFalse();
        assertThat(run.error()).isEqualTo("dev.ferry.core.errors.VerificationFailedException");
        assertThat(run.visited()).contains("VerifySegments", "Report", "Rollback", "ReportFailure", "RunFailed");
        assertThat(Files.readString(reports.resolve("rb-verify/items.csv"))).contains("asset-5", "not transformed");
        JsonNode summary = dev.ferry.core.json.Json.MAPPER.readTree(reports.resolve("rb-verify/summary.json").toFile());
        assertThat(summary.at("/verification/notTransformed").asLong()).isEqualTo(1);
        assertThat(summary.at("/failure/kept").toString()).contains("changed since this run wrote them");
        Map<String, Map<String, AttributeValue>> now = t.assetItems();
        assets.forEach((k, before) -> {
            if (!before.get("assetId").equals(asset5.get("assetId"))) {
                assertThat(now.get(k)).as(k).isEqualTo(before);
            }
        });
        assertThat(t.versionItems()).isEmpty();
    }
}
