package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.json.Json;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.quicksight.QuickSightSamples;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code ferry demo quicksight}: the real quicksight-migration workflow, end to end, with no AWS account. QuickSight,
 * IAM, STS, SSM and Secrets Manager are the in-process fakes of the test kit, plugged into the run's client factory (two sample
 * accounts: a source with an Aurora PostgreSQL data source, 25 datasets, 3 dashboards and 2 analyses); the run
 * ledger is an embedded DynamoDB Local. Prints the report as a table; {@code --cleanup} then rolls the run back.
 */
@Command(name = "quicksight", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Migrate a sample QuickSight account (25 datasets, 3 dashboards, 2 analyses) with the real",
                "quicksight-migration workflow against in-process fakes (no AWS account needed), and print the report.",
                "Exit codes: 0 everything verified, 1 bad usage, 2 the execution failed."})
final class DemoQuickSightCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--reports", description = "Where reports go: a folder (default: ./ferry-runs).")
    String reports;

    @Option(names = "--artefacts", description = "Where the artefacts file goes (default: <reports>/<run id>-artefacts.json).")
    Path artefacts;

    @Option(names = "--cleanup", description = "Then roll the run back (the earlier tool's cleanup) and show what was removed.")
    boolean cleanup;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (reports != null && reports.startsWith("s3://")) {
                throw new CliException("the demo runs without an AWS account, so --reports must be a local folder, not " + reports);
            }
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            String folder = reports == null ? RunSettings.DEFAULT_REPORTS : reports;
            String execution = ExecutionNames.orGenerate(null, Clock.systemUTC()).replace("ferry-", "ferry-qs-demo-");
            Path file = artefacts != null ? artefacts : Path.of(folder).resolve(execution + "-artefacts.json");
            Path bundles = Files.createTempDirectory("ferry-qs-demo-bundles");
            QuickSightSamples.Fakes fakes = QuickSightSamples.create(bundles);
            try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start();
                 ClientFactory clients = ClientFactory.builder()
                         .stsFactory(side -> fakes.assumeRole)
                         .client(QuickSightClient.class, side -> fakes.quickSight(side.roleArn(), side.region()))
                         .client(IamClient.class, side -> fakes.iam(side.roleArn()))
                         .client(StsClient.class, side -> fakes.sts(side.roleArn()))
                         .client(SsmClient.class, side -> fakes.ssm)
                         .client(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.class,
                                 side -> fakes.secrets(side.roleArn()))
                         .build()) {
                Dependencies deps = Dependencies.builder().clients(clients).ledgerAutoCreate(true).reportsLocation(folder).build();
                err.println("ferry demo quicksight: source account " + QuickSightSamples.SOURCE_ACCOUNT + " (25 datasets, 3 dashboards, "
                        + "2 analyses) -> destination " + QuickSightSamples.DESTINATION_ACCOUNT + ", in-process fakes; ledger on DynamoDB Local "
                        + db.endpoint());
                JsonNode input = Json.parse(QuickSightSamples.input(null, file.toString()));
                // the fakes answer at once: check every second instead of every ten
                ((com.fasterxml.jackson.databind.node.ObjectNode) input).putObject("options").put("pollSeconds", 1);
                ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
                ExecutionResult result = WorkflowExecutor.execute("quicksight-migration", input, execution, progress, deps);
                progress.finished(result.status().name(), result.duration(), result.stateTransitions());
                if (!result.succeeded()) {
                    return LocalRunner.failed(err, result);
                }
                out.print(table(result.output(), result.stateTransitions(), file));
                if (cleanup) {
                    ExecutionResult rollback = WorkflowExecutor.execute("rollback", Json.parse("{\"runId\": \"" + execution + "\", \"externalIds\": {\""
                            + dev.ferry.testkit.quicksight.QuickSightSamples.SOURCE_ROLE + "\": \""
                            + dev.ferry.testkit.quicksight.QuickSightSamples.EXTERNAL_ID + "\", \""
                            + dev.ferry.testkit.quicksight.QuickSightSamples.DESTINATION_ROLE + "\": \""
                            + dev.ferry.testkit.quicksight.QuickSightSamples.EXTERNAL_ID + "\"}}"),
                            execution + "-cleanup", progress, deps);
                    if (!rollback.succeeded()) {
                        return LocalRunner.failed(err, rollback);
                    }
                    out.printf("%nCleanup (rollback of run %s): removed %d resource(s), kept %d%n", execution,
                            rollback.output().path("undone").size(), rollback.output().path("kept").size());
                    rollback.output().path("undone").forEach(u -> out.println("  removed " + u.asText()));
                }
                out.flush();
                return ExitCodes.OK;
            }
        });
    }

    /** The report's rows as a fixed-width table a person reads at a glance. */
    static String table(JsonNode report, long transitions, Path artefacts) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%nQuickSight migration %s: %s%n", report.path("runId").asText(), report.path("status").asText()));
        b.append("Data source: ").append(report.path("dataSource").asText()).append(System.lineSeparator());
        String format = "%-10s %-22s %-22s %-10s %-14s %s%n";
        b.append(String.format(format, "KIND", "SOURCE", "DESTINATION", "ACTION", "RESULT", "DETAIL"));
        for (JsonNode r : report.path("rows")) {
            String detail = r.path("detail").asText();
            b.append(String.format(format, r.path("kind").asText(), r.path("sourceId").asText(), r.path("destinationId").asText("-"),
                    r.path("action").asText(), r.path("verdict").asText("-"), detail.length() > 70 ? detail.substring(0, 67) + "..." : detail));
        }
        JsonNode t = report.path("totals");
        b.append(String.format("%d dataset(s): %d moved, %d skipped; %d dashboard(s)/analyses; %d match, %d mismatch; %d state transitions%n",
                t.path("datasets").asInt(), t.path("moved").asInt(), t.path("skipped").asInt(), t.path("assets").asInt(),
                t.path("matched").asInt(), t.path("mismatched").asInt(), transitions));
        b.append("Report: ").append(report.path("reportUri").asText()).append(System.lineSeparator());
        b.append("Artefacts: ").append(artefacts).append(System.lineSeparator());
        return b.toString();
    }
}
