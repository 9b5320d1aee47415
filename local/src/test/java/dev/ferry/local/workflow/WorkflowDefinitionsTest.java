package dev.ferry.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.json.Json;
import dev.ferry.engine.StateMachineDefinition;
import dev.ferry.engine.FunctionsMap;
import dev.ferry.engine.LambdaTaskInvoker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workflows Ferry ships ({@code statemachines/asl/}, as CDK synthesizes them) load in the local
 * engine: no state, field or expression in them is unsupported, and every Task resource is a
 * Lambda function of the workflow's functions map.
 */
class WorkflowDefinitionsTest {
    private static final Path ASL = Path.of("..", "statemachines", "asl");

    static Stream<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(ASL)) {
            List<Path> list = files.filter(p -> p.getFileName().toString().endsWith(".asl.json")).sorted().toList();
            assertThat(list).as("definitions in %s", ASL.toAbsolutePath()).isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void load_whenShippedWorkflow_everyTaskIsALambdaOfItsFunctionsMap(Path definition) throws IOException {
        Path functionsFile = Path.of(definition.toString().replace(".asl.json", ".functions.json"));
        FunctionsMap functions = FunctionsMap.parse(Json.MAPPER.readTree(functionsFile.toFile()));

        StateMachineDefinition loaded = StateMachineDefinition.load(Json.MAPPER.readTree(definition.toFile()));

        assertThat(new LambdaTaskInvoker(functions).resources()).containsAll(loaded.resources());
        assertThat(functions.functions()).allSatisfy(f -> assertThat(f.handlerClass()).startsWith("dev.ferry."));
    }
}
