package dev.ferry.local.cli;

import static dev.ferry.local.cli.CliRun.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.SampleTables;
import dev.ferry.testkit.VamsAssets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** dynamodb-transform from the command line: the shipped example as it is, the demo and the benchmark. */
class TransformCliTest {
    @TempDir
    Path dir;

    @Test
    void run_whenTheShippedVamsExampleMeetsAV22Table_migratesItAndReportsEveryAssetAccountedFor() {
        // GIVEN the tables the example names, in the SDK's default region, on the test JVM's DynamoDB Local
        DynamoDbClient ddb = DynamoDbLocal.get().client();
        VamsAssets.createTables(ddb, VamsAssets.ASSETS, VamsAssets.VERSIONS);
        VamsAssets.fill(ddb, VamsAssets.ASSETS, 300, 5);

        // WHEN the example file itself runs
        CliRun run = ferry("run", "dynamodb-transform", "--input", "../events/examples/vams-v2.2-to-v2.3.json",
                "--name", "cli-vams", "--reports", dir.toString());

        // THEN
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode out = Json.parse(run.out());
        assertThat(out.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(out.path("detail").asText()).startsWith("All 300 items accounted for");
        assertThat(out.at("/counts/transformed").asLong()).isEqualTo(270);
        assertThat(out.at("/verification/emitted").asText()).isEqualTo("MATCH");
        Map<String, Map<String, AttributeValue>> assets = SampleTables.scanAll(ddb, VamsAssets.ASSETS, "databaseId", "assetId");
        assertThat(assets.values()).allSatisfy(a -> assertThat(a).doesNotContainKeys(VamsAssets.REMOVED.toArray(String[]::new)));
        assertThat(SampleTables.scanAll(ddb, VamsAssets.VERSIONS, "assetId", "assetVersionId")).hasSize(270);
        assertThat(dir.resolve("cli-vams/summary.json")).exists();
    }

    @Test
    void demoTransform_whenRun_migratesGeneratedAssetsAndRollsThemBack() {
        CliRun run = ferry("demo", "transform", "--assets", "60", "--rollback", "--reports", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("SUCCEEDED", "migrated               54", "verification           items MATCH",
                "asset-1 is exactly as it was");
    }

    @Test
    void benchTransform_whenRun_printsBothRatesTheirRatioAndThatBothEndedTheSame() {
        CliRun run = ferry("bench", "transform", "--assets", "120");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("script's approach", "ferry (transform phase)", "ratio ferry/script",
                "same tables both ways   yes");
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/stat"))) {
            assertThat(run.out()).containsPattern("cpu per 1,000 assets +script \\d+\\.\\d\\d s, ferry \\d+\\.\\d\\d s");
        }
    }
}
