package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import dev.ferry.testkit.SampleTables;
import dev.ferry.engine.ExecutionResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * {@code ferry demo}: the whole copy workflow with no AWS account. Starts DynamoDB Local in
 * process, creates sample tables in "us-west-2" (every attribute type, a GSI, an LSI), runs the
 * real dynamodb-table-copy state machine through the local engine into "us-east-1", and prints
 * the verification.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        subcommands = {DemoQuickSightCommand.class, DemoTransformCommand.class, DemoPostgresCommand.class},
        description = {"Copy sample tables on an embedded DynamoDB Local.",
                "Runs the real dynamodb-table-copy workflow through the local engine (no AWS account needed)",
                "and prints the verification.",
                "Exit codes: 0 every table verified, 1 bad usage, 2 the execution failed."})
final class DemoCommand implements Callable<Integer> {
    static final String SOURCE_REGION = "us-west-2";
    static final String DESTINATION_REGION = "us-east-1";

    @Spec
    CommandSpec spec;

    @Option(names = "--items", defaultValue = "4000", description = "Items in the larger sample table (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--reports", description = "Where reports go: a folder or s3://bucket/prefix (default: ./ferry-runs).")
    String reports;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (items < 1 || items > 1_000_000) {
                throw new CliException("--items must be between 1 and 1000000, not " + items);
            }
            if (reports != null && reports.startsWith("s3://")) {
                throw new CliException("the demo runs without an AWS account, so --reports must be a local folder, not " + reports);
            }
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start();
                 RunSettings settings = RunSettings.of(reports, null)) {
                err.println("ferry demo: DynamoDB Local running in process at " + db.endpoint());
                createSamples(err);
                String execution = ExecutionNames.orGenerate(null, Clock.systemUTC()).replace("ferry-", "ferry-demo-");
                ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
                ExecutionResult result = WorkflowExecutor.execute("dynamodb-table-copy", input(), execution, progress, settings.deps());
                progress.finished(result.status().name(), result.duration(), result.stateTransitions());
                if (!result.succeeded()) {
                    return LocalRunner.failed(err, result);
                }
                out.print(verificationTable(result.output(), result.stateTransitions()));
                out.flush();
                return ExitCodes.OK;
            }
        });
    }

    private void createSamples(PrintWriter err) {
        try (DynamoDbClient source = DynamoDbClient.builder().region(Region.of(SOURCE_REGION)).build()) {
            err.println("ferry demo: creating demo-orders (" + items + " items) and demo-customers ("
                    + Math.max(1, items / 4) + " items) in " + SOURCE_REGION + " ...");
            SampleTables.createRich(source, "demo-orders", BillingMode.PAY_PER_REQUEST);
            SampleTables.createRich(source, "demo-customers", BillingMode.PROVISIONED);
            SampleTables.fill(source, "demo-orders", items, 1, 0);
            SampleTables.fill(source, "demo-customers", Math.max(1, items / 4), 2, 0);
        }
    }

    static JsonNode input() {
        ObjectNode in = Json.object();
        in.putObject("source").put("region", SOURCE_REGION);
        in.putObject("destination").put("region", DESTINATION_REGION);
        in.putArray("tables").add("demo-orders").add("demo-customers");
        in.putObject("rename").putObject("prefix").put("from", "demo-").put("to", "prod-");
        in.putObject("options").put("verify", "checksum").put("segments", 4);
        return in;
    }

    /** The report's tables as a fixed-width table a person reads at a glance. */
    static String verificationTable(JsonNode report, long transitions) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%nVerification of run %s (%s, checksums of every item)%n", report.path("runId").asText(),
                report.path("status").asText()));
        String format = "%-16s %-16s %-8s %10s %10s  %-12s %-12s %s%n";
        b.append(String.format(format, "SOURCE", "DESTINATION", "ACTION", "SRC ITEMS", "DST ITEMS", "SRC SUM", "DST SUM", "RESULT"));
        for (JsonNode t : report.path("tables")) {
            b.append(String.format(format, t.path("source").asText(), t.path("destination").asText(), t.path("action").asText(),
                    t.path("sourceItems").asLong(), t.path("destinationItems").asLong(),
                    abbreviate(t.path("sourceDigest").asText()), abbreviate(t.path("destinationDigest").asText()),
                    t.path("result").asText()));
        }
        JsonNode totals = report.path("totals");
        b.append(String.format("%d table(s), %d of %d items accounted for, %d mismatch(es), %d state transitions%n",
                totals.path("tables").asInt(), totals.path("destinationItems").asLong(), totals.path("sourceItems").asLong(),
                totals.path("mismatches").asInt(), transitions));
        b.append("Report: ").append(report.path("reportUri").asText()).append(System.lineSeparator());
        return b.toString();
    }

    private static String abbreviate(String digest) {
        return digest.length() > 10 ? digest.substring(0, 10) + "…" : digest;
    }
}
