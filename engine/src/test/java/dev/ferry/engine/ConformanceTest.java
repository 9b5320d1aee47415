package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case in {@code src/test/resources/conformance/}: a definition, an input, and the exact
 * output, or error name and cause, expected from the behaviour the specification or developer-guide
 * example named in the case's "source" describes (causes the engine writes itself follow Step
 * Functions' wording where it is known), and optionally the number of state transitions billed.
 * Tasks use the made-up resources of {@link FakeTasks}. Engine time starts at 2024-01-01T00:00:00Z
 * and waits do not sleep.
 */
class ConformanceTest {
    static final AwsEnvironment AWS = new AwsEnvironment("aws", "us-east-1", "123456789012");
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(ConformanceTest.class.getResource("/conformance")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void execute_whenConformanceCase_matchesExpected(Path file) throws IOException {
        JsonNode spec = Json.MAPPER.readTree(file.toFile());
        assertThat(spec.path("description").asText()).as("description of %s", file.getFileName()).isNotBlank();
        assertThat(spec.path("source").asText()).as("source of %s", file.getFileName()).isNotBlank();
        String name = file.getFileName().toString().replace(".json", "");

        ExecutionResult result;
        try (LocalEngine engine = new FakeTasks().register(LocalEngine.builder())
                .threads(4).timeScale(0).clock(Clock.fixed(START, ZoneOffset.UTC)).aws(AWS).build()) {
            StateMachineDefinition definition = StateMachineDefinition.load(spec.get("definition"), AWS);
            result = engine.execute(definition, spec.get("input"), new ExecutionOptions("Conformance", name));
        }

        JsonNode expected = spec.get("expected");
        if (expected.has("output")) {
            assertThat(result.status()).as("status; error %s, cause %s", result.error(), result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(result.output().equals(JsonValues.NUMERIC, expected.get("output")))
                    .as("output%n  expected: %s%n  actual:   %s", Json.write(expected.get("output")), Json.write(result.output()))
                    .isTrue();
        } else {
            assertThat(expected.has("error") && expected.has("cause")).as("an error case names its error and cause").isTrue();
            assertThat(result.status()).as("status; output %s", result.output())
                    .isEqualTo(ExecutionStatus.valueOf(expected.path("status").asText("FAILED")));
            assertThat(result.error()).as("error").isEqualTo(expected.get("error").isNull() ? null : expected.get("error").asText());
            assertThat(result.cause()).as("cause").isEqualTo(expected.get("cause").isNull() ? null : expected.get("cause").asText());
        }
        if (spec.has("transitions")) {
            assertThat(result.stateTransitions()).as("state transitions").isEqualTo(spec.get("transitions").asLong());
        }
    }
}
