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
}
