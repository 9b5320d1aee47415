package dev.ferry.dynamodb.copy;

import dev.ferry.testkit.SampleTables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/** Bad input: each case gets a clear error at its JSON path, with a fix, and nothing is written. */
class CopyInputValidationIntegrationTest {
    @TempDir
    static Path reports;
    private static CopyTestKit kit;

    @BeforeAll
    static void tables() {
        kit = new CopyTestKit(reports);
        SampleTables.createSimple(kit.source(), "val-orders");
        SampleTables.createSimple(kit.source(), "val-users");
        SampleTables.createSimple(kit.source(), "DEV-val-items");
        SampleTables.createSimple(kit.destination(), "val-taken");
        SampleTables.createRich(kit.destination(), "val-incompatible", BillingMode.PAY_PER_REQUEST);
        // a finished run whose id a later input reuses with other tables
        CopyRun.Outcome done = kit.copy().run(CopyTestKit.input("val-used", "[\"val-users\"]", "{}"), "x");
        assertThat(done.succeeded()).as("set-up run: %s", done.message()).isTrue();
    }

    static Stream<Arguments> badInputs() {
        String src = "{\"region\": \"us-west-2\"}";
        String dst = "{\"region\": \"us-east-1\"}";
        return Stream.of(
                Arguments.of("not an object", "[1, 2]", "$", "JSON object"),
                Arguments.of("destination missing", "{\"source\": " + src + ", \"tables\": [\"val-orders\"]}", "$.destination", "missing"),
                Arguments.of("tables missing", "{\"source\": " + src + ", \"destination\": " + dst + "}", "$.tables", "missing"),
                Arguments.of("tables empty", input("[]", "{}"), "$.tables", ""),
                Arguments.of("region malformed", "{\"source\": {\"region\": \"Mars\"}, \"destination\": " + dst + ", \"tables\": [\"val-orders\"]}", "$.source.region", ""),
                Arguments.of("role ARN malformed", "{\"source\": {\"region\": \"us-west-2\", \"roleArn\": \"admin\"}, \"destination\": " + dst + ", \"tables\": [\"val-orders\"]}", "$.source.roleArn", ""),
                Arguments.of("unknown option", input("[\"val-orders\"]", "{\"segmnts\": 4}"), "$.options.segmnts", "not a known property"),
                Arguments.of("verify mode unknown", input("[\"val-orders\"]", "{\"verify\": \"vibes\"}"), "$.options.verify", ""),
                Arguments.of("segments zero", input("[\"val-orders\"]", "{\"segments\": 0}"), "$.options.segments", ""),
                Arguments.of("negative write cap", input("[\"val-orders\"]", "{\"maxWriteUnitsPerSecond\": -5}"), "$.options.maxWriteUnitsPerSecond", ""),
                Arguments.of("table name invalid", input("[\"a\"]", "{}"), "$.tables[0]", ""),
                Arguments.of("source listed twice", input("[\"val-orders\", \"val-orders\"]", "{}"), "$.tables[1]", "listed twice"),
                Arguments.of("destinations collide", input("[{\"source\": \"val-orders\", \"destination\": \"same\"}, {\"source\": \"val-users\", \"destination\": \"same\"}]", "{}"), "$.tables[1]", "also the destination"),
                Arguments.of("copy onto itself", "{\"source\": " + src + ", \"destination\": " + src + ", \"tables\": [\"val-orders\"]}", "$.tables[0]", "onto itself"),
                Arguments.of("source table missing", input("[\"val-nope\"]", "{}"), "$.tables[0]", "does not exist"),
                Arguments.of("destination exists", input("[{\"source\": \"val-orders\", \"destination\": \"val-taken\"}]", "{}"), "$.tables[0]", "already exists"),
                Arguments.of("destination incompatible", input("[{\"source\": \"val-orders\", \"destination\": \"val-incompatible\"}]", "{\"ifDestinationExists\": \"reuse-if-compatible\"}"), "$.tables[0]", "primary key differs"),
                Arguments.of("rename prefix does not match", "{\"source\": " + src + ", \"destination\": " + dst + ", \"tables\": [\"val-orders\"], \"rename\": {\"prefix\": {\"from\": \"DEV-\", \"to\": \"PROD-\"}}}", "$.tables[0]", "does not start with"),
                Arguments.of("external id without role", "{\"source\": {\"region\": \"us-west-2\", \"externalId\": \"abc\"}, \"destination\": " + dst + ", \"tables\": [\"val-orders\"]}", "$.source.externalId", "without a role"),
                Arguments.of("role cannot be assumed", "{\"source\": " + src + ", \"destination\": {\"region\": \"us-east-1\", \"roleArn\": \"" + CopyTestKit.DEST_ROLE + "\", \"externalId\": \"wrong\"}, \"tables\": [\"val-orders\"]}", "$.destination.roleArn", "Cannot get credentials"),
                Arguments.of("run id reused with other input", "{\"runId\": \"val-used\", \"source\": " + src + ", \"destination\": " + dst + ", \"tables\": [\"val-orders\"]}", "$.runId", "different input"),
                Arguments.of("dry run reusing a run id", "{\"runId\": \"val-used\", \"source\": " + src + ", \"destination\": " + dst
                        + ", \"tables\": [\"val-users\"], \"options\": {\"dryRun\": true}}", "$.runId", "needs a run id of its own"),
                Arguments.of("run id malformed", "{\"runId\": \"has spaces\", \"source\": " + src + ", \"destination\": " + dst + ", \"tables\": [\"val-orders\"]}", "$.runId", ""),
                Arguments.of("KMS key map value malformed", input("[\"val-orders\"]", "{\"kmsKeyMap\": {\"k\": \"my-key\"}}"), "$.options.kmsKeyMap.k", ""),
                Arguments.of("too many segments", input("[\"val-orders\", \"val-users\"]", "{\"segments\": 1000}"), "$.options.segments", "at most"));
    }

    private static String input(String tables, String options) {
        return "{\"source\": {\"region\": \"us-west-2\"}, \"destination\": {\"region\": \"us-east-1\"}, \"tables\": " + tables
                + ", \"options\": " + options + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void validate_whenInputIsBad_namesThePathAndWritesNothing(String name, String input, String path, String fragment) {
        List<String> tablesBefore = kit.destination().listTables().tableNames();

        CopyRun.Outcome outcome = kit.copy().run(input, "exec-" + name.replace(' ', '-'));

        assertThat(outcome.error()).isEqualTo(InvalidInputException.class.getName());
        assertThat(outcome.visited()).as("rejected in Validate, nothing else ran").containsExactly("Validate", "InputRejected");
        List<Problem> problems = outcome.problems();
        assertThat(problems).as("problems: %s", problems)
                .anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo(path);
                    assertThat(p.message()).contains(fragment);
                    assertThat(p.fix()).isNotBlank();
                });
        assertThat(outcome.rollback()).as("nothing written, so nothing to roll back").isNull();
        assertThat(kit.destination().listTables().tableNames()).isEqualTo(tablesBefore);
        assertThat(kit.ledger().run("exec-" + name.replace(' ', '-'))).isEmpty();
    }

    @Test
    void validate_whenDynamoDbStaysThrottledPastEveryRetry_failsAsItselfNotAsRejectedInput() {
        kit.faults.throttle("DescribeTable", 1.0);
        try {
            CopyRun.Outcome outcome = kit.copy().run(input("[\"val-orders\"]", "{}"), "exec-throttled");

            assertThat(outcome.error()).isEqualTo(dev.ferry.core.errors.RetryBudgetExhaustedException.class.getName());
            assertThat(outcome.visited()).contains("ValidationFailed").doesNotContain("InputRejected", "Prepare", "Rollback");
            assertThat(outcome.message()).contains("DescribeTable", "failed 10 times in a row");
        } finally {
            kit.faults.clear();
        }
    }

    @Test
    void validate_whenSeveralProblems_reportsThemAllAtOnce() {
        String input = input("[\"val-nope\", \"val-nope-2\", {\"source\": \"val-orders\", \"destination\": \"val-taken\"}]", "{}");

        CopyRun.Outcome outcome = kit.copy().run(input, "exec-many");

        assertThat(outcome.problems()).extracting(Problem::path)
                .containsExactly("$.tables[0]", "$.tables[1]", "$.tables[2]");
        assertThat(outcome.message()).startsWith("3 problems in the input:").contains("Fix:");
    }
}
