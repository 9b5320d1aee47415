package dev.ferry.dynamodb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.testkit.SampleTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * dynamodb-transform end to end: the checked-in ASL (as CDK synthesizes it) run by the local engine with the real
 * handlers, against DynamoDB Local, on the shipped VAMS example: success, Catch -> Rollback, bad input.
 */
class DynamoDbTransformWorkflowTest {
    @TempDir
    static Path reports;
    private static TransformTestKit kit;
    private static String bucket;

    @BeforeAll
    static void setUp() {
        kit = new TransformTestKit(reports);
        TransformTestKit.ledger();
        bucket = VamsExample.input().at("/variables/assetBucketName").asText();
    }

    @Test
    void execute_whenVamsExampleOnV22Assets_migratesEveryAssetVerifiedAndReported() throws Exception {
        // GIVEN 600 generated v2.2 assets (every tenth already v2.3)
        TransformTestKit.Tables t = TransformTestKit.vams("wf-ok", 600);
        Map<String, Map<String, AttributeValue>> before = t.assetItems();

        // WHEN the shipped example runs on them
        TransformRun.Outcome run = kit.run().run(VamsExample.on(t.assets(), t.versions(), "wf-ok", TransformTestKit.REGION), "wf-ok");

        // THEN every asset has the v2.3 shape, every other attribute as it was, and one version record each
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        Map<String, Map<String, AttributeValue>> after = t.assetItems();
        assertThat(after).hasSize(600);
        before.forEach((key, asset) -> assertThat(after.get(key)).as(key).isEqualTo(VamsExpected.asset(asset, bucket)));
        Map<String, Map<String, AttributeValue>> versions = t.versionItems();
        assertThat(versions).hasSize(540);
        before.values().stream().map(VamsExpected::version).filter(v -> v != null).forEach(v -> assertThat(versions).containsValue(v));
        JsonNode out = run.output();
        assertThat(out.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(out.at("/counts/scanned").asLong()).isEqualTo(600);
        assertThat(out.at("/counts/transformed").asLong()).isEqualTo(540);
        assertThat(out.at("/counts/skipped").asLong()).isEqualTo(60);
        assertThat(out.at("/counts/emitted").asLong()).isEqualTo(540);
        assertThat(out.at("/verification/items").asText()).isEqualTo("MATCH");
        assertThat(out.at("/verification/emitted").asText()).isEqualTo("MATCH");
        assertThat(out.path("detail").asText()).contains("All 600 items accounted for");
        assertThat(reports.resolve("wf-ok/summary.json")).exists();
        assertThat(Files.readString(reports.resolve("wf-ok/items.csv"))).startsWith("key,check,detail").contains("sample: changed");
        assertThat(reports.resolve("wf-ok/failed-keys.json")).doesNotExist();
        assertThat(TransformTestKit.ledger().run("wf-ok").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void execute_whenTheTransformFailsOnAnItemPastTheSample_rollsBackBitForBitAndReportsTheKey() throws Exception {
        // GIVEN assets of which one has a currentVersion the example cannot read (no Version: its record lacks its key)
        TransformTestKit.Tables t = TransformTestKit.vams("wf-fail", 300);
        Map<String, AttributeValue> broken = new java.util.LinkedHashMap<>(dev.ferry.testkit.VamsAssets.asset(1000, 3));
        broken.put("currentVersion", AttributeValue.fromM(Map.of("Comment", AttributeValue.fromS("no version"))));
        SampleTables.put(TransformTestKit.ddb(), t.assets(), java.util.List.of(broken));
        Map<String, Map<String, AttributeValue>> before = t.assetItems();
        ObjectNode input = VamsExample.on(t.assets(), t.versions(), "wf-fail", TransformTestKit.REGION);
        ((ObjectNode) input.get("options")).put("sampleSize", 0).put("segments", 2);

        // WHEN
        TransformRun.Outcome run = kit.run().run(input, "wf-fail");

        // THEN the run fails with the item's error, after Rollback and the failed run's report
        assertThat(run.succeeded()).isFalse();
        assertThat(run.visited()).contains("Rollback", "ReportFailure", "RunFailed");
        assertThat(run.error()).isEqualTo(ItemTransformException.class.getName());
        assertThat(run.message()).contains("$.transform.emit[0].item", "assetVersionId").doesNotContain("asset-1000");
        assertThat(t.assetItems()).isEqualTo(before);
        assertThat(t.versionItems()).isEmpty();
        JsonNode summary = Json.MAPPER.readTree(reports.resolve("wf-fail/summary.json").toFile());
        assertThat(summary.path("status").asText()).isEqualTo("FAILED");
        assertThat(summary.at("/failure/error").asText()).isEqualTo(ItemTransformException.class.getName());
        JsonNode failedKeys = Json.MAPPER.readTree(reports.resolve("wf-fail/failed-keys.json").toFile());
        assertThat(failedKeys.path("keys")).hasSize(1);
        assertThat(failedKeys.at("/keys/0/assetId/S").asText()).isEqualTo("asset-1000");
        assertThat(Files.readString(reports.resolve("wf-fail/items.csv"))).contains("asset-1000", "failed");
        assertThat(TransformTestKit.ledger().run("wf-fail").orElseThrow().status()).isEqualTo(RunStatus.ROLLED_BACK);
    }

    @Test
    void execute_whenInputIsInvalid_failsInValidateWithoutRollbackOrReport() {
        ObjectNode input = VamsExample.on("wf-missing-assets", "wf-missing-versions", "wf-invalid", TransformTestKit.REGION);

        TransformRun.Outcome run = kit.run().run(input, "wf-invalid");

        assertThat(run.succeeded()).isFalse();
        assertThat(run.error()).isEqualTo("dev.ferry.core.errors.InvalidInputException");
        assertThat(run.visited()).containsExactly("Validate", "InputRejected");
        assertThat(run.problems()).extracting(dev.ferry.core.errors.Problem::path).contains("$.table", "$.transform.emit[0].table");
        assertThat(reports.resolve("wf-invalid")).doesNotExist();
        assertThat(TransformTestKit.ledger().findRun("wf-invalid")).isEmpty();
    }
}
