package dev.ferry.dynamodb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad input, kind by kind, through the real state machine: each is rejected in Validate with its JSON path, what is
 * wrong and how to fix it, and nothing is written (not the tables, not the ledger, not a report).
 */
class TransformInputValidationIntegrationTest {
    @TempDir
    static Path reports;
    private static TransformTestKit kit;
    private static Path otherTableKeys;

    @BeforeAll
    static void setUp() throws Exception {
        kit = new TransformTestKit(reports);
        TransformTestKit.vams("val-other", 1);
        otherTableKeys = reports.resolve("other-failed-keys.json");
        Files.writeString(otherTableKeys, "{\"runId\": \"old\", \"table\": \"val-other-assets\", \"keys\": "
                + "[{\"databaseId\": {\"S\": \"db-0\"}, \"assetId\": {\"S\": \"asset-ü-0\"}}]}");
    }

    /** Each case has tables of its own, so that a case that wrongly wrote could not hide another's. */
    private static ObjectNode input(TransformTestKit.Tables tables, String runId) {
        return VamsExample.on(tables.assets(), tables.versions(), runId, TransformTestKit.REGION);
    }

    private static Consumer<ObjectNode> transform(String field, String expression) {
        return in -> ((ObjectNode) in.get("transform")).put(field, expression);
    }

    private static Consumer<ObjectNode> emit(String field, String value) {
        return in -> ((ObjectNode) in.at("/transform/emit/0")).put(field, value);
    }

    private static Consumer<ObjectNode> option(String field, Object value) {
        return in -> ((ObjectNode) in.get("options")).set(field, Json.MAPPER.valueToTree(value));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("expression syntax error", transform("update", "$ ~> | $ | {'a': 1 |"),
                        "$.transform.update", "line 1, column", "JSONata syntax"),
                Arguments.of("update changes a key", transform("update", "$merge([$, {'assetId': assetId & '-v23'}])"),
                        "$.transform.update", "Changes the key attribute assetId", "key attributes as they are"),
                Arguments.of("result over 400 KB", transform("update", "$merge([$, {'blob': $join($map([1..4200], function($i) { '" + "x".repeat(100) + "' }))}])"),
                        "$.transform.update", "400 KB", "smaller"),
                Arguments.of("emit into a missing table", emit("table", "val-nowhere"),
                        "$.transform.emit[0].table", "does not exist", "create the table"),
                Arguments.of("emitted record missing its table's key", emit("item", "{'assetId': assetId}"),
                        "$.transform.emit[0].item", "lacks the key attribute assetVersionId", "its table's key attributes"),
                Arguments.of("emitted record with a wrong key type", emit("item", "{'assetId': assetId, 'assetVersionId': 1}"),
                        "$.transform.emit[0].item", "of type N", "key's types"),
                Arguments.of("unknown variable", transform("update", "$merge([$, {'bucket': $assetBucketNme}])"),
                        "$.transform.update", "Reads $assetBucketNme", "fix the spelling"),
                Arguments.of("missing table", (Consumer<ObjectNode>) in -> in.put("table", "val-missing"),
                        "$.table", "does not exist", "Check the name"),
                Arguments.of("when that is not boolean", transform("when", "currentVersion"),
                        "$.transform.when", "not true or false", "true or false for every item"),
                Arguments.of("limit below 1", option("limit", 0), "$.options.limit", "", ""),
                Arguments.of("segments out of range", option("segments", 1001), "$.options.segments", "", ""),
                Arguments.of("transform throwing on some items", transform("update", "$merge([$, {'n': $number(assetName)}])"),
                        "$.transform.update", "sampled items", "onItemError"),
                Arguments.of("emit into the table being transformed", (Consumer<ObjectNode>) in -> emit("table", in.get("table").asText()).accept(in),
                        "$.transform.emit[0].table", "the table being transformed", "Emit into another table"),
                Arguments.of("variable hiding a function", (Consumer<ObjectNode>) in -> ((ObjectNode) in.get("variables")).put("string", "x"),
                        "$.variables.string", "$string", "Rename"),
                Arguments.of("backup on an endpoint without backups", option("backup", "on-demand"),
                        "$.options.backup", "does not support on-demand backups", "\"none\""),
                Arguments.of("keys file that does not exist", option("keysFrom", "/nowhere/failed-keys.json"),
                        "$.options.keysFrom", "no file", "failed-keys.json"),
                Arguments.of("keys file of another table", (Consumer<ObjectNode>) in -> option("keysFrom", otherTableKeys.toString()).accept(in),
                        "$.options.keysFrom", "val-other-assets", "set table to"),
                Arguments.of("misspelt option", option("dryrun", true), "$.options.dryrun", "not a known property", ""),
                Arguments.of("update giving no object", transform("update", "'v2.3'"),
                        "$.transform.update", "a string, not an object", ""),
                Arguments.of("empty set", transform("update", "$merge([$, {'tags': $toStringSet([])}])"),
                        "$.transform.update", "empty set", "empty sets"),
                Arguments.of("the run ledger as the table", (Consumer<ObjectNode>) in -> in.put("table", TransformTestKit.LEDGER),
                        "$.table", "run ledger", "another table"),
                Arguments.of("the run ledger as an emit table", emit("table", TransformTestKit.LEDGER),
                        "$.transform.emit[0].table", "run ledger", "another table"),
                Arguments.of("batch size 0", option("batchSize", 0), "$.options.batchSize", "", ""),
                Arguments.of("neither update nor emit", (Consumer<ObjectNode>) in -> {
                    ((ObjectNode) in.get("transform")).remove("update");
                    ((ObjectNode) in.get("transform")).remove("emit");
                }, "$.transform.update", "missing", ""),
                Arguments.of("invalid run id", (Consumer<ObjectNode>) in -> in.put("runId", "-no"), "$.runId", "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void execute_whenBadInput_rejectsItWithPathAndFixAndWritesNothing(String kind, Consumer<ObjectNode> breakIt, String path,
                                                                       String message, String fix) {
        // GIVEN the shipped example, broken in one way
        String runId = "val-" + Integer.toHexString(kind.hashCode());
        TransformTestKit.Tables tables = TransformTestKit.vams(runId, 40);
        Map<String, Map<String, AttributeValue>> assetsBefore = tables.assetItems();
        ObjectNode in = input(tables, runId);
        breakIt.accept(in);
        TransformTestKit.ledger(); // exists already, so "nothing written" can look inside it

        // WHEN
        TransformRun.Outcome run = kit.run().run(in, runId);

        // THEN
        assertThat(run.succeeded()).isFalse();
        assertThat(run.visited()).containsExactly("Validate", "InputRejected");
        assertThat(run.error()).isEqualTo("dev.ferry.core.errors.InvalidInputException");
        List<Problem> problems = run.problems();
        assertThat(problems).as(run.message()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
            assertThat(p.fix()).isNotBlank().contains(fix);
        });
        assertThat(tables.assetItems()).isEqualTo(assetsBefore);
        assertThat(tables.versionItems()).isEmpty();
        assertThat(TransformTestKit.ledger().findRun(runId)).isEmpty();
        assertThat(reports.resolve(runId)).doesNotExist();
    }

    @Test
    void execute_whenSeveralThingsAreWrong_listsEveryProblemAtOnce() {
        ObjectNode in = input(TransformTestKit.vams("val-many", 5), "val-many");
        in.put("table", "val-missing-too");
        transform("update", "$merge([$, {'a': $nope}])").accept(in);
        emit("table", "val-no-versions").accept(in);

        TransformRun.Outcome run = kit.run().run(in, "val-many");

        assertThat(run.problems()).extracting(Problem::path)
                .contains("$.table", "$.transform.update", "$.transform.emit[0].table");
    }

    @Test
    void execute_whenDynamoDbStaysThrottledPastEveryRetry_failsAsValidationFailedNotAsRejectedInput() {
        TransformTestKit.Tables tables = TransformTestKit.vams("val-throttled", 5);
        Map<String, Map<String, AttributeValue>> assetsBefore = tables.assetItems();
        kit.faults.throttle("DescribeTable", 1.0);
        TransformRun.Outcome run;
        try {
            run = kit.run().run(input(tables, "val-throttled"), "val-throttled");
        } finally {
            kit.faults.clear();
        }

        assertThat(run.error()).isEqualTo(dev.ferry.core.errors.RetryBudgetExhaustedException.class.getName());
        assertThat(run.visited()).containsExactly("Validate", "ValidationFailed");
        assertThat(run.message()).contains("DescribeTable", "failed 10 times in a row");
        assertThat(tables.assetItems()).isEqualTo(assetsBefore);
    }

    @Test
    void execute_whenAnItemFailsInTheSampleWithOnItemErrorSkip_acceptsTheInput() {
        TransformTestKit.Tables tables = TransformTestKit.vams("val-skip", 40);
        Map<String, Map<String, AttributeValue>> assetsBefore = tables.assetItems();
        ObjectNode in = input(tables, "val-skip");
        transform("update", "$merge([$, {'n': $number(assetName)}])").accept(in);
        option("onItemError", "skip").accept(in);
        option("dryRun", true).accept(in);

        TransformRun.Outcome run = kit.run().run(in, "val-skip");

        assertThat(run.succeeded()).as("%s", run.message()).isTrue();
        assertThat(run.output().at("/counts/failed").asLong()).isEqualTo(36);
        assertThat(tables.assetItems()).isEqualTo(assetsBefore);
    }
}
