package dev.ferry.quicksight.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.validation.InputSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example inputs people start from satisfy the schema Validate enforces. */
class ExampleInputsTest {
    @ParameterizedTest
    @ValueSource(strings = {"events/quicksight-migration.json", "events/examples/quicksight-seed-quickstart.json"})
    void check_whenGivenAnExample_findsNoProblem(String file) throws IOException {
        String json = Files.readString(Path.of("../..").resolve(file));

        assertThat(InputSchema.forWorkflow(QuickSightNames.WORKFLOW).check(json)).isEmpty();
    }
}
