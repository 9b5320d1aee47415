package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.VamsAssets;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ferry demo transform}: the VAMS v2.2 to v2.3 migration with no AWS account. Creates the tables
 * {@code vams-assets} (with generated v2.2 assets of every attribute type) and {@code vams-asset-versions} on a
 * DynamoDB Local (in process, or {@code --endpoint}), runs the shipped example
 * {@code events/examples/vams-v2.2-to-v2.3.json} as it is with the real dynamodb-transform workflow, and prints the
 * report and one asset before and after. {@code --setup-only} stops after creating the tables (with
 * {@code --endpoint}, for {@code ferry run dynamodb-transform --input events/examples/vams-v2.2-to-v2.3.json});
 * {@code --rollback} then rolls the run back.
 */
@Command(name = "transform", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Migrate generated VAMS v2.2 assets to v2.3 with the shipped example input and the real",
                "dynamodb-transform workflow on DynamoDB Local (no AWS account needed), and print the report.",
                "Exit codes: 0 every asset verified, 1 bad usage, 2 the execution failed."})
final class DemoTransformCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--assets", defaultValue = "2000", description = "Generated v2.2 assets (default: ${DEFAULT-VALUE}).")
    int assets;

    @Option(names = "--reports", description = "Where reports go: a folder (default: ./ferry-runs).")
    String reports;

    @Option(names = "--endpoint", description = "A running DynamoDB Local (or other emulator) to create the tables in, "
            + "instead of one in process (the tables then stay there).")
    String endpoint;

    @Option(names = "--setup-only", description = "Only create the v2.2 tables (use with --endpoint, then ferry run).")
    boolean setupOnly;

    @Option(names = "--rollback", description = "Then roll the run back and check every asset is as it was.")
    boolean rollback;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (assets < 1 || assets > 1_000_000) {
                throw new CliException("--assets must be between 1 and 1000000, not " + assets);
            }
            if (reports != null && reports.startsWith("s3://")) {
                throw new CliException("the demo runs without an AWS account, so --reports must be a local folder, not " + reports);
            }
            if (setupOnly && endpoint == null) {
                throw new CliException("--setup-only needs --endpoint: the tables must outlive this command, so they go into a "
                        + "DynamoDB Local you run yourself, e.g. java -cp local/target/ferry.jar "
                        + "software.amazon.dynamodb.services.local.main.ServerRunner -inMemory -port 8000, then "
                        + "--endpoint http://localhost:8000 (see docs/dynamodb-transform.md)");
            }
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            try (EmbeddedDynamoDb db = endpoint == null ? EmbeddedDynamoDb.start() : EmbeddedDynamoDb.external(endpoint).withDemoCredentials();
                 RunSettings settings = RunSettings.of(reports, null);
                 DynamoDbClient ddb = DynamoDbClient.builder().region(Region.of(DemoCommand.DESTINATION_REGION)).build()) {
                err.println("ferry demo transform: DynamoDB Local at " + db.endpoint() + "; creating " + VamsAssets.ASSETS
                        + " (" + assets + " v2.2 assets) and " + VamsAssets.VERSIONS + " in " + DemoCommand.DESTINATION_REGION + " ...");
                VamsAssets.createTables(ddb, VamsAssets.ASSETS, VamsAssets.VERSIONS);
                VamsAssets.fill(ddb, VamsAssets.ASSETS, assets, 1);
                if (setupOnly) {
                    // DynamoDB Local keeps a database per access key id and region: the run must use the setup's
                    out.printf("Created %s (%d v2.2 assets) and %s at %s. Now run:%n  AWS_ENDPOINT_URL=%s AWS_REGION=%s "
                                    + "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s ./ferry run dynamodb-transform "
                                    + "--input events/examples/vams-v2.2-to-v2.3.json%n", VamsAssets.ASSETS, assets, VamsAssets.VERSIONS,
                            db.endpoint(), db.endpoint(), DemoCommand.DESTINATION_REGION, EmbeddedDynamoDb.DEMO_KEY, EmbeddedDynamoDb.DEMO_KEY);
                    out.flush();
                    return ExitCodes.OK;
                }
                Map<String, AttributeValue> sampleKey = Map.of("databaseId", AttributeValue.fromS("db-1"), "assetId",
                        AttributeValue.fromS("asset-1"));
                Map<String, AttributeValue> before = ddb.getItem(b -> b.tableName(VamsAssets.ASSETS).key(sampleKey)).item();
                String execution = ExecutionNames.orGenerate(null, Clock.systemUTC()).replace("ferry-", "ferry-transform-demo-");
                ObjectNode input = VamsExampleInput.load();
                err.println("ferry demo transform: running " + VamsExampleInput.RESOURCE + " as execution " + execution + " ...");
                ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
                ExecutionResult result = WorkflowExecutor.execute("dynamodb-transform", input, execution, progress, settings.deps());
                progress.finished(result.status().name(), result.duration(), result.stateTransitions());
                if (!result.succeeded()) {
                    return LocalRunner.failed(err, result);
                }
                out.print(summary(result.output(), result.stateTransitions()));
                if (before != null && !before.isEmpty()) {
                    Map<String, AttributeValue> after = ddb.getItem(b -> b.tableName(VamsAssets.ASSETS).key(sampleKey)).item();
                    out.printf("%nAsset asset-1 before (DynamoDB JSON):%n  %s%nafter:%n  %s%n", ItemCodec.toJson(before),
                            ItemCodec.toJson(after));
                }
                if (rollback) {
                    ExecutionResult undo = WorkflowExecutor.execute("rollback", dev.ferry.core.json.Json.object().put("runId", execution),
                            execution + "-rollback", progress, settings.deps());
                    if (!undo.succeeded()) {
                        return LocalRunner.failed(err, undo);
                    }
                    Map<String, AttributeValue> restored = ddb.getItem(b -> b.tableName(VamsAssets.ASSETS).key(sampleKey)).item();
                    out.printf("%nRollback of run %s: %s; asset-1 is %s%n", execution, undo.output().path("undone").size()
                                    + " page(s) undone, " + undo.output().path("kept").size() + " kept",
                            restored.equals(before) ? "exactly as it was" : "NOT as it was");
                }
                out.flush();
                return ExitCodes.OK;
            }
        });
    }

    /** The report as a few lines a person reads at a glance. */
    static String summary(JsonNode report, long transitions) {
        JsonNode c = report.path("counts");
        JsonNode v = report.path("verification");
        java.util.List<String> emitTables = new java.util.ArrayList<>();
        report.path("emitTables").forEach(t -> emitTables.add(t.asText()));
        return String.format("%nTransform %s of %s (+ %s): %s%n", report.path("runId").asText(), report.path("table").asText(),
                String.join(", ", emitTables), report.path("status").asText())
                + String.format("%-22s %d%n", "assets read", c.path("scanned").asLong())
                + String.format("%-22s %d%n", "migrated", c.path("transformed").asLong())
                + String.format("%-22s %d%n", "skipped (already v2.3)", c.path("skipped").asLong())
                + String.format("%-22s %d%n", "version records", c.path("emitted").asLong())
                + String.format("%-22s %d%n", "failed", c.path("failed").asLong())
                + String.format("%-22s items %s (%d checked), records %s (%d checked)%n", "verification",
                v.path("items").asText(), v.path("itemsChecked").asLong(), v.path("emitted").asText(), v.path("emittedChecked").asLong())
                + String.format("%-22s %d%n", "state transitions", transitions)
                + report.path("detail").asText() + System.lineSeparator()
                + "Report: " + report.path("reportUri").asText() + System.lineSeparator();
    }
}
