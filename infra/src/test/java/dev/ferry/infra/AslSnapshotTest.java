package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.statemachines.AslRenderer;
import dev.ferry.statemachines.FerryWorkflow;
import dev.ferry.statemachines.FerryWorkflows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * statemachines/asl/ must be exactly what CDK synthesizes for the real FerryControl stack (built through
 * FerryApp, as {@code cdk synth} does), for every workflow of {@link FerryWorkflows#all()}: the local engine runs
 * those files. With {@code -Dferry.updateAsl=true} the test rewrites them instead of failing.
 */
class AslSnapshotTest {

    private static final String UPDATE_COMMAND = "./mvnw -B -q -pl infra -am test -Dferry.updateAsl=true";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** workflow -> rendered files. */
    private static final Map<String, AslRenderer.Rendered> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void synthesizeTheRealControlStackOnce() {
        App app = InfraTestSupport.app("AslSnapshotTest",
                Map.of(FerryApp.CONTEXT_FUNCTIONS_DIR, InfraTestSupport.tinyJarsDir().toString()));
        FerryApp.addStacks(app, InfraTestSupport.repoRoot());
        ControlStack stack = (ControlStack) app.getNode().findChild(ControlStack.ID);
        Map<String, Object> template = Template.fromStack(stack).toJSON();
        stack.getStateMachines().forEach((workflow, stateMachine) ->
                RENDERED.put(workflow, AslRenderer.render(template, InfraTestSupport.logicalId(stateMachine))));
    }

    static List<String> workflows() {
        return FerryWorkflows.all().stream().map(FerryWorkflow::name).toList();
    }

    @Test
    void rendered_whenSynthesized_coversEveryWorkflow() {
        assertThat(RENDERED.keySet()).containsExactlyElementsOf(workflows());
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void snapshot_whenSynthesized_equalsTheCheckedInAslAndFunctions(String workflow) throws IOException {
        AslRenderer.Rendered rendered = RENDERED.get(workflow);
        Map<Path, String> files = Map.of(
                aslDir().resolve(workflow + ".asl.json"), rendered.asl(),
                aslDir().resolve(workflow + ".functions.json"), rendered.functions());

        if (Boolean.getBoolean("ferry.updateAsl")) {
            for (Map.Entry<Path, String> file : files.entrySet()) {
                Files.createDirectories(file.getKey().getParent());
                Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
            }
            return;
        }
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            String checkedIn = Files.isRegularFile(file.getKey()) ? Files.readString(file.getKey(), StandardCharsets.UTF_8) : null;
            if (!file.getValue().equals(checkedIn)) {
                stale.add(file.getKey().getFileName() + (checkedIn == null ? " (missing)" : " (" + firstDifference(checkedIn, file.getValue()) + ")"));
            }
        }
        assertThat(stale)
                .as("statemachines/asl/ differs from what CDK synthesizes, so the local engine would run a different "
                        + "definition: stale: run `%s` and review the diff", UPDATE_COMMAND)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void functions_whenRendered_mapEveryTaskToItsHandlerThroughTheLiveAlias(String workflow) throws IOException {
        JsonNode functions = MAPPER.readTree(RENDERED.get(workflow).functions());

        List<String> handlers = new ArrayList<>();
        functions.properties().forEach(e -> {
            assertThat(e.getKey()).matches("\\$\\{[A-Za-z]+FunctionLiveAlias[0-9A-F]{8}}");
            assertThat(e.getValue().path("runtime").asText()).isEqualTo("java21");
            assertThat(e.getValue().at("/environment/POWERTOOLS_SERVICE_NAME").asText()).isEqualTo("ferry");
            assertThat(e.getValue().at("/environment/FERRY_MAP_CONCURRENCY").asText()).isEqualTo("10");
            assertThat(e.getValue().path("environment").has("FERRY_LEDGER_TABLE")).as("a Ref, not a literal").isFalse();
            handlers.add(e.getValue().path("handler").asText());
        });
        List<String> expected = new ArrayList<>(FerryWorkflows.named(workflow).handlers().stream()
                .map(FerryWorkflow.Handler::handler).toList());
        if (workflow.equals("rollback")) { // it dispatches to every workflow's Rollback function
            FerryWorkflows.all().forEach(w -> w.handler(FerryWorkflow.ROLLBACK).ifPresent(h -> expected.add(h.handler())));
        }
        assertThat(handlers).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static Path aslDir() {
        return Path.of(System.getProperty("ferry.aslDir", "../statemachines/asl"));
    }

    private static String firstDifference(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<end of file>";
            String right = i < b.length ? b[i] : "<end of file>";
            if (!left.equals(right)) {
                return "line " + (i + 1) + ": checked in `" + left.strip() + "`, synthesized `" + right.strip() + "`";
            }
        }
        return "same lines, different line endings";
    }
}
