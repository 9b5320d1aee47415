package dev.ferry.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.errors.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputSchemaTest {
    private final InputSchema schema = InputSchema.forWorkflow("dynamodb-table-copy");

    @Test
    void check_whenShippedExample_hasNoProblem() throws Exception {
        String example = Files.readString(Path.of("../../events/dynamodb-table-copy.json"));

        assertThat(schema.check(example)).isEmpty();
    }

    @Test
    void check_whenEveryShippedExample_validatesAgainstItsWorkflowSchema() throws Exception {
        try (var examples = Files.list(Path.of("../../events"))) {
            for (Path example : examples.filter(p -> p.toString().endsWith(".json")).toList()) {
                String workflow = example.getFileName().toString().replace(".json", "");

                assertThat(InputSchema.forWorkflow(workflow).check(Files.readString(example))).as(example.toString()).isEmpty();
            }
        }
    }

    @Test
    void check_whenRollbackRunIdMissing_saysSo() {
        assertThat(InputSchema.forWorkflow("rollback").check("{}")).extracting(Problem::path).containsExactly("$.runId");
    }

    @Test
    void check_whenSeveralThingsWrong_listsEveryProblemWithPathAndFix() {
        String input = """
                {"source": {"region": "Mars"}, "tables": [], "options": {"verify": "vibes", "segmnts": 4}}
                """;

        List<Problem> problems = schema.check(input);

        assertThat(problems).extracting(Problem::path)
                .contains("$.destination", "$.source.region", "$.tables", "$.options.verify", "$.options.segmnts");
        assertThat(problems).allSatisfy(p -> assertThat(p.fix()).isNotBlank());
        assertThat(problems).filteredOn(p -> p.path().equals("$.options.verify"))
                .first().extracting(Problem::fix).asString().contains("checksum");
    }

    private static String base(String extra) {
        return "{\"source\": {\"region\": \"us-west-2\"}, \"destination\": {\"region\": \"us-east-1\"}, \"tables\": [\"Orders\"]"
                + extra + "}";
    }

    @Test
    void check_whenSegmentsOutOfRange_givesOneMessageForTheNumber() {
        List<Problem> problems = schema.check(base(", \"options\": {\"segments\": 2000}"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("$.options.segments");
            assertThat(p.message()).doesNotContain("auto").contains("2000");
            assertThat(p.fix()).contains("1000");
        });
    }

    @Test
    void check_whenSegmentsIsAWord_saysWhatIsAllowedOnce() {
        List<Problem> problems = schema.check(base(", \"options\": {\"segments\": \"many\"}"));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.fix()).contains("\"auto\"", "1 to 1000"));
    }

    @Test
    void check_whenATableNameIsInvalid_givesOneMessageSayingWhatDynamoDbAllows() {
        List<Problem> problems = schema.check("{\"source\": {}, \"destination\": {}, \"tables\": [\"ab\", {\"source\": \"x y\"}]}");

        assertThat(problems).extracting(Problem::path).containsExactly("$.tables[0]", "$.tables[1].source");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.message()).contains("DynamoDB table name", "3-255").doesNotContain("expected", "^[");
            assertThat(p.fix()).contains("for example");
        });
    }

    @Test
    void check_whenPatternsFail_saysInWordsWithAnExampleAndNeverShowsARegex() {
        String input = "{\"runId\": \"-bad\", \"source\": {\"region\": \"Mars\", \"roleArn\": \"role\", \"externalId\": \"#secret#\"},"
                + " \"destination\": {}, \"tables\": [\"Orders\"], \"options\": {\"kmsKeyMap\": {\"k\": \"v\"}}}";

        List<Problem> problems = schema.check(input);

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("$.runId", "$.source.region",
                "$.source.roleArn", "$.source.externalId", "$.options.kmsKeyMap.k");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.toString()).doesNotContain("^", "regex", "[0-9]");
            assertThat(p.fix()).contains("for example");
        });
        assertThat(problems).filteredOn(p -> p.path().equals("$.source.region")).singleElement()
                .satisfies(p -> assertThat(p.fix()).contains("us-east-1"));
        // an external id is never echoed
        assertThat(problems.toString()).doesNotContain("#secret#");
    }

    @Test
    void check_whenAPropertyIsMisspelt_namesTheNearestValidOne() {
        List<Problem> problems = schema.check(base(", \"options\": {\"segmnts\": 4}, \"destinaton\": {}"));

        assertThat(problems).filteredOn(p -> p.path().equals("$.options.segmnts")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("did you mean 'segments'"));
        assertThat(problems).filteredOn(p -> p.path().equals("$.destinaton")).singleElement()
                .satisfies(p -> assertThat(p.fix()).contains("\"destination\""));
    }

    @Test
    void check_whenRollbackInputHasAnUnknownField_rejectsItWithTheNearestName() {
        List<Problem> problems = InputSchema.forWorkflow("rollback").check("{\"runId\": \"r1\", \"runid\": \"r1\", \"force\": true}");

        assertThat(problems).extracting(Problem::path).containsExactly("$.force", "$.runid");
        assertThat(problems.get(1).message()).contains("did you mean 'runId'");
    }
}
