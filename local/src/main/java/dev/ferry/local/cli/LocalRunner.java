package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.ErrorCauses;
import dev.ferry.core.json.Json;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.AwsEnvironment;
import dev.ferry.engine.DefinitionException;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionOptions;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.engine.LocalEngine;
import dev.ferry.engine.StateMachineDefinition;
import dev.ferry.engine.FunctionsMap;
import dev.ferry.engine.LambdaTaskInvoker;
import dev.ferry.testkit.WorkflowRunner;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Runs a definition in process with Ferry's real handlers, against whatever AWS the SDK's standard
 * configuration points at: the output JSON goes to stdout, progress and errors to stderr.
 */
final class LocalRunner {
    private LocalRunner() {
    }

    /**
     * Runs a local execution the way {@code ferry run} does: the run settings for the handlers, the
     * progress display, the output on stdout, the error and cause on stderr.
     *
     * @return {@link ExitCodes#OK} when the execution succeeds, {@link ExitCodes#EXECUTION_FAILED} when it fails
     * @throws CliException when the input, the definition or the functions cannot be used
     */
    static int run(CommandSpec spec, String stateMachineName, JsonNode definition, FunctionsMap functions, LocalRunOptions options) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode input = InputOverrides.apply(JsonFiles.read(options.input, "input"), options.sets);
        String executionName = ExecutionNames.orGenerate(options.name, Clock.systemUTC());
        String runId = input.path("runId").isTextual() ? input.get("runId").asText() : executionName;
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
        try (RunSettings settings = RunSettings.of(options.reports, options.ledgerTable)) {
            err.println("ferry: running " + stateMachineName + " as execution " + executionName);
            ExecutionResult result = execute(stateMachineName, definition, functions, input, executionName, progress,
                    settings.deps());
            progress.finished(result.status().name(), result.duration(), result.stateTransitions());
            if (result.succeeded()) {
                out.println(Json.pretty(result.output()));
                out.flush();
                err.println("ferry: report: " + reportOf(result.output(), settings.reportsUri() + "/" + runId + "/"));
                err.flush();
                return ExitCodes.OK;
            }
            int code = failed(err, result, options.verbose);
            if (progress.enteredAny("Report", "ReportFailure")) { // a run that ended in Validate wrote nothing, not even a report
                err.println("ferry: report: " + settings.reportsUri() + "/" + runId + "/");
                err.flush();
            }
            return code;
        }
    }

    /** The report's location from a workflow's output ({@code reportUri}), else the run's report folder. */
    private static String reportOf(JsonNode output, String folder) {
        return output != null && output.path("reportUri").isTextual() ? output.get("reportUri").asText() : folder;
    }

    /** Whether the input was rejected (by a Validate step, before anything was written). */
    static boolean rejected(ExecutionResult result) {
        return INVALID_INPUT.equals(result.error());
    }

    private static final String INVALID_INPUT = "dev.ferry.core.errors.InvalidInputException";

    /** Prints a failed execution's error and cause on stderr; returns the exit code of a failed execution. */
    static int failed(PrintWriter err, ExecutionResult result) {
        return failed(err, result, false);
    }

    /**
     * Prints a failed execution as a person reads it: a rejected input as one line per problem
     * ({@code $.path: problem Fix: ...}), any other error as its name and message; the handler's stack trace
     * only with {@code verbose}.
     */
    static int failed(PrintWriter err, ExecutionResult result, boolean verbose) {
        // a Lambda error's document is shown as its message, also inside a cause made of others (a failed rollback's)
        String message = result.cause() == null ? "" : ErrorCauses.readable(result.cause());
        List<JsonNode> lambdaErrors = ErrorCauses.errorDocuments(result.cause());
        if (rejected(result)) {
            err.println("ferry: the input was rejected; nothing was created or written:");
            message.lines().map(String::strip).filter(l -> l.startsWith("- ")).forEach(l -> err.println("  " + l.substring(2)));
            if (message.lines().noneMatch(l -> l.strip().startsWith("- "))) {
                err.println("  " + message);
            }
        } else {
            err.println("error: " + result.error());
            err.println("cause: " + message);
        }
        boolean traced = lambdaErrors.stream().anyMatch(e -> e.has("stackTrace"));
        if (verbose && traced) {
            err.println("trace (--verbose):");
            for (JsonNode lambdaError : lambdaErrors) {
                if (lambdaErrors.size() > 1) {
                    err.println("  " + lambdaError.path("errorType").asText("error") + ": " + lambdaError.path("errorMessage").asText());
                }
                lambdaError.path("stackTrace").forEach(line -> err.println("    at " + line.asText()));
            }
        } else if (traced) {
            err.println("(run with --verbose for the handler's stack trace)");
        }
        err.flush();
        return ExitCodes.EXECUTION_FAILED;
    }

    /**
     * Runs a definition with the real handlers its functions map names, each built with the run's
     * {@code deps} (Ferry's handlers take them in a constructor; other handlers are made as Lambda
     * makes them), and returns how it ended.
     *
     * @throws CliException when the definition cannot run locally (an unsupported feature, a missing handler)
     */
    static ExecutionResult execute(String stateMachineName, JsonNode definition, FunctionsMap functions, JsonNode input,
                                   String executionName, ExecutionListener listener, Dependencies deps) {
        LambdaTaskInvoker lambda = new LambdaTaskInvoker(functions, WorkflowRunner.constructorWith(Dependencies.class, deps));
        AwsEnvironment aws = aws();
        try (LocalEngine engine = lambda.registerWith(LocalEngine.builder()).listener(listener).aws(aws).build()) {
            return engine.execute(StateMachineDefinition.load(definition, aws), input, new ExecutionOptions(stateMachineName, executionName));
        } catch (DefinitionException e) {
            throw new CliException("the definition of " + stateMachineName + " cannot run locally: " + e.getMessage());
        }
    }

    /**
     * Partition {@code aws}, the region of the SDK's standard configuration (the {@code aws.region}
     * property, AWS_REGION, the profile) or us-east-1, and the engine's local account id: what the
     * definition's pseudo parameters and the engine's ARNs are filled with.
     */
    private static AwsEnvironment aws() {
        return new AwsEnvironment("aws", configuredRegion().orElse(AwsEnvironment.DEFAULT_REGION), AwsEnvironment.LOCAL_ACCOUNT_ID);
    }

    /** The region of the SDK's standard configuration (the {@code aws.region} property, AWS_REGION, the profile), if any. */
    static java.util.Optional<String> configuredRegion() {
        try {
            return java.util.Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
        } catch (RuntimeException none) {
            return java.util.Optional.empty();
        }
    }

    /**
     * @throws CliException (exit 1) when the SDK's configuration names no region: the run ledger, the reports and
     *     every side of an input without a region of its own are reached in it, so the run could not start
     */
    static void requireRegion() {
        if (configuredRegion().isEmpty()) {
            throw new CliException("no AWS region is configured: set AWS_REGION (e.g. export AWS_REGION=us-east-1), or "
                    + "AWS_PROFILE naming a profile with a region. The run ledger, the reports and every side of the input "
                    + "that names no region of its own are reached in it.");
        }
    }
}
