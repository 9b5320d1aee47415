package dev.ferry.local.cli;

import static dev.ferry.local.cli.CliRun.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryCliTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path definition(String json) throws IOException {
        return file("machine.asl.json", json);
    }

    @Test
    void help_whenAsked_listsTheCommandsAndExitsZero() {
        CliRun run = ferry("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: ferry", "run", "asl", "start");
    }

    @Test
    void help_whenAskedOfASubcommand_describesItsOptions() {
        CliRun run = ferry("asl", "run", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--definition=<file>", "--functions=<functions.json>", "--input=<file>", "--reports");
    }

    @Test
    void ferry_whenNoCommand_usageOnStderrAndExitOne() {
        CliRun run = ferry();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Usage: ferry");
    }

    @Test
    void aslRun_whenOptionUnknown_exitOneNamingIt() {
        CliRun run = ferry("asl", "run", "--definition", "d.json", "--input", "i.json", "--bogus");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void aslRun_whenInputMissing_exitOneNamingTheOption() {
        CliRun run = ferry("asl", "run", "--definition", "d.json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Missing required option: '--input=<file>'");
    }

    @Test
    void aslRun_whenExecutionSucceeds_outputJsonOnStdoutAndProgressOnStderr() throws IOException {
        Path definition = definition("""
                {"StartAt": "Hello", "States": {
                  "Hello": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}', $.name)"}, "Next": "Each"},
                  "Each": {"Type": "Map", "ItemsPath": "$$.Execution.Input.items", "ResultPath": "$.items", "End": true,
                    "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}}""");
        Path input = file("input.json", "{\"name\": \"Ada\", \"items\": [1, 2]}");

        CliRun run = ferry("asl", "run", "--definition", definition.toString(), "--input", input.toString(), "--name", "test-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.parse(run.out())).isEqualTo(Json.parse("{\"greeting\": \"Hello, Ada\", \"items\": [1, 2]}"));
        assertThat(run.err()).contains("running machine as execution test-run", "-> Hello (Pass)", "-> Each (Map)", "Each: 2/2",
                "execution SUCCEEDED", "state transitions: 4");
    }

    @Test
    void aslRun_whenExecutionFails_exitTwoWithErrorAndCauseOnStderr() throws IOException {
        Path definition = definition("{\"StartAt\": \"No\", \"States\": {\"No\": {\"Type\": \"Fail\", \"Error\": \"Custom.Error\", \"Cause\": \"it went wrong\"}}}");

        CliRun run = ferry("asl", "run", "--definition", definition.toString(), "--input", file("in.json", "{}").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("execution FAILED", "error: Custom.Error", "cause: it went wrong");
    }

    @Test
    void aslRun_whenInputFileDoesNotExist_exitOneNamingTheFile() throws IOException {
        Path definition = definition("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");

        CliRun run = ferry("asl", "run", "--definition", definition.toString(), "--input", dir.resolve("nope.json").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("ferry: the input file '" + dir.resolve("nope.json") + "' does not exist");
    }

    @Test
    void aslRun_whenInputIsNotJson_exitOneWithWhereItBreaks() throws IOException {
        Path definition = definition("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");

        CliRun run = ferry("asl", "run", "--definition", definition.toString(), "--input", file("bad.json", "{\"a\": ").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("is not valid JSON", "(line 1, column");
    }

    @Test
    void aslRun_whenDefinitionUsesAnUnsupportedFeature_exitOneWithTheReason() throws IOException {
        Path definition = definition("{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sns:publish\", \"End\": true}}}");

        CliRun run = ferry("asl", "run", "--definition", definition.toString(), "--input", file("in.json", "{}").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot run locally: unsupported: resource arn:aws:states:::sns:publish in state 'T'");
    }

    @Test
    void aslRun_whenNoName_generatesOne() throws IOException {
        Path definition = definition("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Parameters\": {\"n.$\": \"$$.Execution.Name\"}, \"End\": true}}}");

        CliRun run = ferry("asl", "run", "--definition", definition.toString(), "--input", file("in.json", "{}").toString());

        assertThat(Json.parse(run.out()).get("n").asText()).matches("ferry-\\d{8}-\\d{6}-[0-9a-f]{4}");
    }

    @Test
    void aslRun_whenNameHasForbiddenCharacters_exitOne() throws IOException {
        Path definition = definition("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");

        CliRun run = ferry("asl", "run", "--definition", definition.toString(), "--input", file("in.json", "{}").toString(), "--name", "a b");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("'a b' cannot be an execution name");
    }

    @Test
    void run_whenWorkflowIsOnTheClasspath_handlersGetTheRunSettings() throws IOException {
        Path input = file("in.json", "{\"runId\": \"r-1\"}");
        String before = System.getProperty("ferry.reportsUri");

        CliRun run = ferry("run", "cli-settings", "--input", input.toString(), "--name", "exec-1", "--reports", dir.toString(), "--ledger-table", "ledger-x");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode output = Json.parse(run.out());
        assertThat(output.get("reportsUri").asText()).isEqualTo(dir.toString());
        assertThat(output.get("ledgerAutoCreate").asText()).isEqualTo("true");
        assertThat(output.get("ledgerTable").asText()).isEqualTo("ledger-x");
        assertThat(output.get("execution").asText()).isEqualTo("exec-1");
        assertThat(run.err()).contains("report: " + dir + "/r-1/");
        assertThat(System.getProperty("ferry.reportsUri")).as("no system property is used for the settings").isEqualTo(before);
    }

    @Test
    void run_whenNoReportsOption_reportsGoToTheLocalFolder() throws IOException {
        CliRun run = ferry("run", "cli-settings", "--input", file("in.json", "{}").toString(), "--name", "exec-2");

        assertThat(Json.parse(run.out()).get("reportsUri").asText()).isEqualTo("./ferry-runs");
        assertThat(Json.parse(run.out()).get("ledgerTable").asText()).as("the handlers' default").isEqualTo("ferry-ledger");
        assertThat(run.err()).contains("report: ./ferry-runs/exec-2/");
    }

    @Test
    void run_whenTwoRunsWithDifferentSettingsShareTheJvm_eachHandlerSeesItsOwn() throws Exception {
        Path input = file("in.json", "{}");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<CliRun> first = pool.submit(() -> ferry("run", "cli-settings", "--input", input.toString(),
                    "--name", "exec-a", "--reports", dir.resolve("a").toString(), "--ledger-table", "ledger-a"));
            java.util.concurrent.Future<CliRun> second = pool.submit(() -> ferry("run", "cli-settings", "--input", input.toString(),
                    "--name", "exec-b", "--reports", dir.resolve("b").toString(), "--ledger-table", "ledger-b"));

            JsonNode a = Json.parse(first.get().out());
            JsonNode b = Json.parse(second.get().out());

            assertThat(a.get("reportsUri").asText()).isEqualTo(dir.resolve("a").toString());
            assertThat(a.get("ledgerTable").asText()).isEqualTo("ledger-a");
            assertThat(b.get("reportsUri").asText()).isEqualTo(dir.resolve("b").toString());
            assertThat(b.get("ledgerTable").asText()).isEqualTo("ledger-b");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void run_whenNoRegionIsConfigured_exitOneSayingHowToSetOneBeforeAnythingRuns() throws IOException {
        // GIVEN an SDK configuration naming no region: a blank aws.region (read before AWS_REGION), no profile file,
        // no instance metadata
        ScopedProperties settings = new ScopedProperties();
        settings.set("aws.region", "");
        settings.set("aws.configFile", dir.resolve("no-config").toString());
        settings.set("aws.disableEc2Metadata", "true");
        CliRun run;
        try {
            org.junit.jupiter.api.Assumptions.assumeTrue(LocalRunner.configuredRegion().isEmpty(),
                    "this SDK still finds a region here; the check below needs none");
            run = ferry("run", "dynamodb-transform", "--input", file("in.json", "{\"table\": \"t\"}").toString());
        } finally {
            settings.restore();
        }

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no AWS region is configured", "AWS_REGION", "AWS_PROFILE").doesNotContain("SdkClientException");
        assertThat(run.err()).doesNotContain("-> Validate");
    }

    @Test
    void run_whenTheRunFailsAfterItsFailureReport_printsWhereTheReportIs() throws IOException {
        CliRun run = ferry("run", "cli-fails-after-report", "--input", file("in.json", "{}").toString(), "--name", "exec-f1",
                "--reports", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.EXECUTION_FAILED);
        assertThat(run.err()).contains("cause: two items differ", "report: " + dir + "/exec-f1/");
    }

    @Test
    void run_whenTheRunFailsInValidate_printsNoReportLocationForItWroteNone() throws IOException {
        CliRun run = ferry("run", "cli-fails-in-validate", "--input", file("in.json", "{}").toString(), "--name", "exec-f2",
                "--reports", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.EXECUTION_FAILED);
        assertThat(run.err()).contains("DescribeTable t failed 10 times in a row").doesNotContain("report:");
    }

    @Test
    void run_whenWorkflowIsUnknown_exitOneListingTheWorkflows() throws IOException {
        CliRun run = ferry("run", "no-such-workflow", "--input", file("in.json", "{}").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("there is no workflow named 'no-such-workflow'", "cli-settings");
    }

    @Test
    void help_whenAsked_describesEachCommandInAWholeSentence() {
        CliRun run = ferry("--help");

        assertThat(run.exitCode()).isZero();
        run.out().lines().filter(l -> l.matches("^  [a-z-]+ .*")).forEach(line ->
                assertThat(line.strip()).as("the first line of each description is a whole sentence").endsWith("."));
    }

    @Test
    void run_whenTheInputIsRejected_printsOneReadableLinePerProblemAndNoReportLocation() throws IOException {
        Path input = file("bad.json", "{\"source\": {}, \"destination\": {}, \"tables\": [\"ab\"], \"options\": {\"segmnts\": 2}}");

        CliRun run = ferry("run", "dynamodb-table-copy", "--input", input.toString(), "--reports", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the input was rejected; nothing was created or written:",
                "  $.options.segmnts: Is not a known property: did you mean 'segments'? Fix: Rename it to \"segments\".",
                "  $.tables[0]: \"ab\" is not a DynamoDB table name");
        assertThat(run.err()).doesNotContain("report:", "\\n", "\"errorMessage\"", "at dev.ferry", "^[");
        assertThat(run.err()).contains("--verbose");
    }

    @Test
    void run_whenRejectedAndVerbose_alsoPrintsTheHandlersTrace() throws IOException {
        Path input = file("bad.json", "{\"tables\": []}");

        CliRun run = ferry("run", "dynamodb-table-copy", "--input", input.toString(), "--verbose");

        assertThat(run.err()).contains("$.source: Is missing.", "trace (--verbose):", "at dev.ferry");
    }

    @Test
    void run_whenTheInputFileHasADuplicateKey_exitOneNamingItsPath() throws IOException {
        Path input = file("dup.json", "{\"tables\": [\"a\"], \"options\": {\"verify\": \"count\", \"verify\": \"checksum\"}}");

        CliRun run = ferry("run", "dynamodb-table-copy", "--input", input.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("$.options.verify", "twice");
    }

    @Test
    void run_whenTheInputFileStartsWithAByteOrderMark_readsIt() throws IOException {
        Path input = dir.resolve("bom.json");
        Files.write(input, "\uFEFF{\"runId\": \"r-bom\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        CliRun run = ferry("run", "cli-settings", "--input", input.toString(), "--reports", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("65279");
    }
}
