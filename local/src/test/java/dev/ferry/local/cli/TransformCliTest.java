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
    void run_withSetOverrides_runsTheShippedExampleOnOtherTablesAndBucket() {
        // GIVEN v2.2 tables under other names than the example's
        DynamoDbClient ddb = DynamoDbLocal.get().client();
        VamsAssets.createTables(ddb, "cli-set-assets", "cli-set-versions");
        VamsAssets.fill(ddb, "cli-set-assets", 20, 5);

        // WHEN the example file runs with --set overrides, as one config file serves several runs
        CliRun run = ferry("run", "dynamodb-transform", "--input", "../events/examples/vams-v2.2-to-v2.3.json",
                "--set", "table=cli-set-assets", "--set", "transform.emit[0].table=cli-set-versions",
                "--set", "variables.assetBucketName=prod-assets", "--name", "cli-set", "--reports", dir.toString());

        // THEN
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(Json.parse(run.out()).path("detail").asText()).startsWith("All 20 items accounted for");
        assertThat(SampleTables.scanAll(ddb, "cli-set-assets", "databaseId", "assetId").values())
                .as("the 18 assets migrated (2 of the 20 were v2.3 already) point at the bucket given with --set")
                .filteredOn(a -> "prod-assets".equals(a.get("assetLocation").m().get("Bucket").s())).hasSize(18);
        assertThat(SampleTables.scanAll(ddb, "cli-set-versions", "assetId", "assetVersionId")).hasSize(18);
    }

    @Test
    void demoTransformSetupOnly_thenThePrintedRunCommand_migratesTheTablesItCreated() {
        // GIVEN a DynamoDB Local the user runs (the test JVM's), and the demo creating v2.2 tables there
        String endpoint = DynamoDbLocal.get().endpoint().toString();
        CliRun setup = ferry("demo", "transform", "--endpoint", endpoint, "--setup-only", "--assets", "40");
        assertThat(setup.exitCode()).as(setup.err()).isEqualTo(ExitCodes.OK);
        java.util.regex.Matcher command = java.util.regex.Pattern.compile("((?:AWS_[A-Z_]+=\\S+ )+)\\./ferry run dynamodb-transform "
                + "--input events/examples/vams-v2\\.2-to-v2\\.3\\.json").matcher(setup.out());
        assertThat(command.find()).as(setup.out()).isTrue();

        // WHEN the user runs the command it printed, with exactly the settings it printed (system properties stand in
        // for the environment variables: the SDK reads them first)
        Map<String, String> properties = Map.of("AWS_ENDPOINT_URL", "aws.endpointUrl", "AWS_REGION", "aws.region",
                "AWS_ACCESS_KEY_ID", "aws.accessKeyId", "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey");
        ScopedProperties settings = new ScopedProperties();
        CliRun run;
        try {
            for (String assignment : command.group(1).trim().split(" ")) {
                String[] kv = assignment.split("=", 2);
                assertThat(properties).as("a setting the test knows how to apply").containsKey(kv[0]);
                settings.set(properties.get(kv[0]), kv[1]);
            }
            run = ferry("run", "dynamodb-transform", "--input", "../events/examples/vams-v2.2-to-v2.3.json",
                    "--reports", dir.toString());
        } finally {
            settings.restore();
        }

        // THEN the run finds the tables the demo made and migrates them
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode out = Json.parse(run.out());
        assertThat(out.path("detail").asText()).startsWith("All 40 items accounted for");
        assertThat(out.at("/counts/transformed").asLong()).isEqualTo(36);
    }

    @Test
    void demoTransformSetupOnly_withoutEndpoint_isRefusedWithHowToStartDynamoDbLocal() {
        CliRun run = ferry("demo", "transform", "--setup-only");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--setup-only needs --endpoint", "ServerRunner -inMemory", "--endpoint http://localhost:8000");
        assertThat(run.out()).isEmpty();
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
            assertThat(run.out()).containsPattern("cpu per 1,000 assets +script \\d+\\.\\d\\d s, ferry \\d+\\.\\d\\d s")
                    .containsPattern("server cpu per 1,000 +script \\d+\\.\\d\\d s, ferry \\d+\\.\\d\\d s +\\(DynamoDB Local's JVM");
        }
    }
}
