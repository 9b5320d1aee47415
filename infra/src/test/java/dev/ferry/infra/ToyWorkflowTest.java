package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.infra.toy.ToyEchoDescriptor;
import dev.ferry.statemachines.AslRenderer;
import dev.ferry.statemachines.FerryWorkflow;
import dev.ferry.statemachines.FerryWorkflows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * A workflow is added by its own files only: the toy workflow of {@code dev.ferry.infra.toy} (a descriptor, a
 * construct, a services file) is picked up by the control stack, the rollback dispatch, the schedule checks and
 * the ASL rendering, with no edit anywhere else. Its services file is on the class path only while this test
 * builds the stack (a class loader over test resources {@code toy-workflow/}), so other tests never see it.
 */
class ToyWorkflowTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOY_JAR = "functions/toy/target/ferry-functions-toy-lambda.jar";

    private static ControlStack stack;
    private static JsonNode json;
    private static List<String> jarsAsked = new ArrayList<>();
    private static List<String> nagFindings;

    @BeforeAll
    static void synthesizeWithTheToyOnTheClassPath() throws IOException {
        Path schedules = Files.createTempDirectory(Path.of("target"), "toy-schedules").toAbsolutePath();
        Files.writeString(schedules.resolve("toy.json"), "{\"name\": \"toy-every-hour\", \"workflow\": \"toy-echo\", "
                + "\"expression\": \"rate(1 hour)\", \"input\": {\"say\": \"hello\"}}");
        App app = InfraTestSupport.app("ToyWorkflowTest", Map.of());
        stack = withToy(() -> new ControlStack(app, "Toy", ControlStackProps.builder()
                .codeForJar(jar -> {
                    jarsAsked.add(jar);
                    return InfraTestSupport.tinyCode();
                })
                .schedulesDir(schedules)
                .build()));
        json = MAPPER.valueToTree(Template.fromStack(stack).toJSON());
        nagFindings = InfraTestSupport.nagFindings(stack);
    }

    @Test
    void discovery_whenTheToysServicesFileIsOnTheClassPath_findsItAndOtherwiseNot() {
        List<String> shipped = FerryWorkflows.all().stream().map(FerryWorkflow::name).toList();
        List<String> withTheToy = new ArrayList<>(shipped);
        withTheToy.add("toy-echo");
        assertThat(withToy(FerryWorkflows::all)).extracting(FerryWorkflow::name)
                .containsExactlyInAnyOrderElementsOf(withTheToy);
        assertThat(FerryWorkflows.all()).extracting(FerryWorkflow::name).doesNotContain("toy-echo");
    }

    @Test
    void controlStack_whenTheToyIsThere_givesItFunctionsFromItsOwnJarAStateMachineAndAnOutput() {
        assertThat(jarsAsked).doesNotHaveDuplicates().contains("functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar", TOY_JAR);
        assertThat(stack.getFunctions().get("toy-echo").keySet()).containsExactly("Echo", "Rollback");
        FerryFunction echo = stack.function("toy-echo", "Echo");
        assertThat(echo.getNode().getId()).isEqualTo("ToyEchoEchoFunction");
        JsonNode props = json.at("/Resources/" + InfraTestSupport.logicalId(echo.getFunction()) + "/Properties");
        assertThat(props.path("Handler").asText()).isEqualTo(ToyEchoDescriptor.ECHO_HANDLER + "::handleRequest");
        assertThat(props.path("MemorySize").asInt()).isEqualTo(512);
        assertThat(props.path("Environment").path("Variables").has("FERRY_LEDGER_TABLE")).isTrue();
        assertThat(stack.stateMachine("toy-echo").getNode().getPath()).isEqualTo("Toy/ToyEcho/StateMachine");
        assertThat(json.at("/Outputs/ToyEchoStateMachineArn/Value/Ref").asText())
                .isEqualTo(InfraTestSupport.logicalId(stack.stateMachine("toy-echo")));
        assertThat(nagFindings).isEmpty();
    }

    @Test
    void rollbackWorkflow_whenTheToyHasARollbackHandler_dispatchesItsRunsToIt() throws IOException {
        JsonNode rollback = MAPPER.readTree(render("rollback").asl());

        JsonNode choices = rollback.at("/States/WhichWorkflow/Choices");
        long shippedWithRollback = FerryWorkflows.all().stream().filter(w -> w.handler(FerryWorkflow.ROLLBACK).isPresent()).count();
        assertThat(choices).hasSize((int) shippedWithRollback + 1);
        assertThat(choices).anySatisfy(choice -> {
            assertThat(choice.path("Condition").asText()).isEqualTo("{% $states.input.workflow = \"toy-echo\" %}");
            assertThat(choice.path("Next").asText()).isEqualTo("RollbackToyEcho");
        });
        assertThat(rollback.at("/States/RollbackToyEcho/Arguments/FunctionName").asText()).isEqualTo(
                "${" + InfraTestSupport.logicalId(stack.function("toy-echo", "Rollback").getAlias()) + "}");
    }

    @Test
    void aslRendering_whenTheToyIsThere_rendersItsDefinitionAndAFunctionsMapOfItsHandler() throws IOException {
        AslRenderer.Rendered toy = render("toy-echo");

        assertThat(MAPPER.readTree(toy.asl()).path("StartAt").asText()).isEqualTo("Echo");
        List<String> handlers = new ArrayList<>();
        MAPPER.readTree(toy.functions()).forEach(f -> handlers.add(f.path("handler").asText()));
        assertThat(handlers).containsExactly(ToyEchoDescriptor.ECHO_HANDLER + "::handleRequest");
    }

    @Test
    void schedules_whenAFileNamesTheToy_startItsStateMachine() throws IOException {
        JsonNode target = null;
        for (JsonNode resource : json.path("Resources")) {
            if ("AWS::Scheduler::Schedule".equals(resource.path("Type").asText())) {
                target = resource.at("/Properties/Target");
            }
        }
        assertThat(target).isNotNull();
        assertThat(target.at("/Arn/Ref").asText()).isEqualTo(InfraTestSupport.logicalId(stack.stateMachine("toy-echo")));
        assertThat(MAPPER.readTree(target.path("Input").asText())).isEqualTo(MAPPER.readTree("{\"say\":\"hello\"}"));
    }

    @Test
    void schedules_whenAFileNamesAnUnknownWorkflow_listTheToyAmongTheChoices() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("target"), "toy-bad-schedules");
        Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\", \"workflow\": \"toy\", "
                + "\"expression\": \"rate(1 day)\", \"input\": {\"a\": 1}}");

        assertThatThrownBy(() -> ScheduleFiles.load(dir, withToy(FerryWorkflows::all)))
                .hasMessageContaining("use one of [dynamodb-table-copy, dynamodb-transform, postgres-to-dynamodb, rollback, toy-echo]");
    }

    private static AslRenderer.Rendered render(String workflow) {
        return AslRenderer.render(json, InfraTestSupport.logicalId(stack.stateMachine(workflow)));
    }

    /** Runs {@code action} with test resources {@code toy-workflow/} on the context class loader. */
    private static <T> T withToy(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        URL toy = ToyWorkflowTest.class.getClassLoader().getResource("toy-workflow/");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {toy}, ToyWorkflowTest.class.getClassLoader())) {
            thread.setContextClassLoader(loader);
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
