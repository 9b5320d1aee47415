package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.ExecutionResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry demo postgres}: the postgres-to-dynamodb workflow with no AWS account and nothing installed. An
 * embedded PostgreSQL gets the threat-engine database (generated rows, Fernet-encrypted credentials); the real
 * state machine loads it into DynamoDB Local and an in-process Secrets Manager, verifies, and prints the result.
 */
@Command(name = "postgres", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Migrate a generated PostgreSQL database (embedded) into DynamoDB Local and an in-process",
                "Secrets Manager with the real postgres-to-dynamodb workflow, and print the verification.",
                "Exit codes: 0 every table verified, 1 bad usage, 2 the execution failed."})
final class DemoPostgresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "20000", description = "Rows in the generated database (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--reports", defaultValue = RunSettings.DEFAULT_REPORTS, description = "Where reports go (default: ${DEFAULT-VALUE}).")
    String reports;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (rows < 100 || rows > 5_000_000) {
                throw new CliException("--rows must be between 100 and 5000000, not " + rows);
            }
            if (reports.startsWith("s3://")) {
                throw new CliException("the demo runs without an AWS account, so --reports must be a local folder, not " + reports);
            }
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            err.println("ferry demo postgres: starting an embedded PostgreSQL and DynamoDB Local, generating about " + rows + " rows ...");
            try (PostgresSandbox sandbox = PostgresSandbox.start("ferry_demo", rows)) {
                err.println("ferry demo postgres: database ferry_demo at " + sandbox.jdbcUrl() + " (" + sandbox.counts.total() + " rows, "
                        + sandbox.counts.credentials() + " encrypted credentials)");
                String execution = ExecutionNames.orGenerate(null, Clock.systemUTC()).replace("ferry-", "ferry-demo-pg-");
                ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
                ExecutionResult result = WorkflowExecutor.execute("postgres-to-dynamodb", sandbox.input("demo"), execution, progress,
                        sandbox.deps(reports));
                progress.finished(result.status().name(), result.duration(), result.stateTransitions());
                if (!result.succeeded()) {
                    return LocalRunner.failed(err, result);
                }
                out.print(table(result.output()));
                out.flush();
                return ExitCodes.OK;
            }
        });
    }

    /** The report's tables, fixed width. */
    static String table(JsonNode report) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%nVerification of run %s (%s)%n", report.path("runId").asText(), report.path("status").asText()));
        String format = "%-20s %-34s %10s %10s %10s %8s %6s  %s%n";
        b.append(String.format(format, "SOURCE", "TARGET", "ROWS", "WRITTEN", "FOUND", "MISSING", "REFS", "RESULT"));
        for (JsonNode t : report.path("tables")) {
            b.append(String.format(format, t.path("source").asText(), t.path("target").asText(), t.path("sourceRows").asLong(),
                    t.path("written").asLong(), t.path("targetItems").asLong(), t.path("missing").asLong(), t.path("referencesChecked").asLong(),
                    t.path("result").asText()));
        }
        b.append("Report: ").append(report.path("reportUri").asText()).append(System.lineSeparator());
        return b.toString();
    }
}
