package dev.ferry.statemachines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.IFunction;

class FerryWorkflowsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A rendered function's logical id: {@code <constructId><Handler>Function} and CDK's 8-character hash. */
    private static final Pattern FUNCTION_LOGICAL_ID = Pattern.compile("^([A-Za-z0-9]+Function)[0-9A-F]{8}$");

    static List<String> workflowNames() {
        return FerryWorkflows.all().stream().map(FerryWorkflow::name).toList();
    }

    // ---- discovery

    @Test
    void all_whenLoaded_areTheShippedWorkflowsSortedByName() {
        assertThat(workflowNames()).containsExactly("dynamodb-table-copy", "dynamodb-transform", "postgres-to-dynamodb", "quicksight-migration", "rollback");
        assertThat(FerryWorkflows.all()).extracting(FerryWorkflow::constructId)
                .containsExactly("DynamoDbTableCopy", "DynamoDbTransform", "PostgresToDynamoDb", "QuickSightMigration", "Rollback");
    }

    @Test
    void load_whenTwoDescriptorsShareAName_failsNamingBothProviders() throws IOException {
        URL extra = FerryWorkflowsTest.class.getClassLoader().getResource("duplicate-workflows/");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {extra}, FerryWorkflowsTest.class.getClassLoader())) {
            assertThatThrownBy(() -> FerryWorkflows.load(loader))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("two workflow descriptors are named 'dynamodb-table-copy'")
                    .hasMessageContaining(DynamoDbTableCopyDescriptor.class.getName())
                    .hasMessageContaining(DuplicateCopyDescriptor.class.getName());
        }
    }

    @Test
    void checked_whenConstructIdsCollideIgnoringCase_namesBothWorkflows() {
        Map<FerryWorkflow, String> found = new LinkedHashMap<>();
        found.put(TestStacks.workflow("ab-c", "AbC"), "A");
        found.put(TestStacks.workflow("a-bc", "ABc"), "B");

        assertThatThrownBy(() -> FerryWorkflows.checked(found))
                .hasMessageContaining("workflows 'ab-c' (A) and 'a-bc' (B) have the same constructId");
    }

    @Test
    void named_whenUnknown_listsTheWorkflows() {
        assertThat(FerryWorkflows.named("rollback").constructId()).isEqualTo("Rollback");
        assertThatThrownBy(() -> FerryWorkflows.named("table-copy"))
                .hasMessageContaining("No workflow named 'table-copy'; the workflows are [dynamodb-table-copy, dynamodb-transform, postgres-to-dynamodb, quicksight-migration, rollback]");
    }

    // ---- descriptor checks

    @Test
    void build_whenConstructIdIsNotTheNameWithoutDashes_saysTheCliLooksItUpThatWay() {
        assertThatThrownBy(() -> TestStacks.workflow("dynamodb-table-copy", "TableCopy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("constructId 'TableCopy' must be the name without its dashes in PascalCase")
                .hasMessageContaining("StateMachineArn");
        assertThatThrownBy(() -> TestStacks.workflow("Table_Copy", "TableCopy"))
                .hasMessageContaining("workflow name 'Table_Copy' must be lower-case words joined by dashes");
    }

    @Test
    void build_whenHandlersClashOrRollbackRunsAnotherClass_saysWhy() {
        FerryWorkflow.Builder twice = valid().handler("Echo", "dev.ferry.toy.OtherHandler", 512, 60);
        assertThatThrownBy(twice::build).hasMessageContaining("two handlers are named Echo");
        FerryWorkflow.Builder rollback = valid().handler("Rollback", "dev.ferry.toy.ToyRollbackHandler", 512, 60);
        assertThatThrownBy(rollback::build).hasMessageContaining("the Rollback handler must run "
                + FerryWorkflow.ROLLBACK_HANDLER);
        assertThatThrownBy(() -> valid().handler("echo", "dev.ferry.toy.EchoHandler", 512, 60))
                .hasMessageContaining("handler name 'echo' must be PascalCase");
        assertThatThrownBy(() -> valid().handler("Other", "EchoHandler", 512, 60))
                .hasMessageContaining("must be a fully qualified class name");
    }

    @Test
    void build_whenJarIsNotTheModulesLambdaJar_saysWhereItIs() {
        assertThatThrownBy(() -> valid().functions("functions/toy", "functions/other/target/x-lambda.jar").build())
                .hasMessageContaining("functionsJar 'functions/other/target/x-lambda.jar' must be the module's Lambda jar, "
                        + "functions/toy/target/<artifactId>-lambda.jar");
        assertThatThrownBy(() -> valid().functions("/abs/toy", "/abs/toy/target/x-lambda.jar").build())
                .hasMessageContaining("must be a repository-relative folder");
    }

    private static FerryWorkflow.Builder valid() {
        return FerryWorkflow.builder("toy-echo").constructId("ToyEcho").description("echo")
                .functions("functions/toy", "functions/toy/target/ferry-functions-toy-lambda.jar")
                .handler("Echo", "dev.ferry.toy.EchoHandler", 512, 60)
                .factory((scope, id, functions, settings) -> null);
    }

    // ---- the shipped descriptors

    @Test
    void dynamoDbTableCopy_whenDescribed_hasItsSixHandlersSizedForTheirWork() {
        FerryWorkflow copy = FerryWorkflows.named("dynamodb-table-copy");

        assertThat(copy.handlers()).extracting(h -> h.name() + "=" + h.memoryMB() + "/" + h.timeoutSeconds())
                .containsExactly("Validate=1024/120", "Prepare=1024/900", "CopySegment=2048/900",
                        "VerifySegment=2048/900", "Report=1024/300", "Rollback=1024/900");
        assertThat(copy.handler("Rollback").orElseThrow().className()).isEqualTo("dev.ferry.core.rollback.RollbackHandler");
        assertThat(copy.functionsJar()).isEqualTo("functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar");
        assertThat(copy.schedulable()).isTrue();
    }

    @Test
    void rollback_whenDescribed_hasOnlyFindRunFromTheDynamoDbJar() {
        FerryWorkflow rollback = FerryWorkflows.named("rollback");

        assertThat(rollback.handlers()).containsExactly(
                new FerryWorkflow.Handler("FindRun", "dev.ferry.core.rollback.FindRunHandler", 512, 60));
        assertThat(rollback.functionsModule()).isEqualTo("functions/dynamodb");
        assertThat(rollback.schedulable()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("workflowNames")
    void factory_whenGivenEveryWorkflowsFunctions_buildsItsStateMachineUnderTheConstructId(String name) {
        FerryWorkflow workflow = FerryWorkflows.named(name);
        Stack stack = new Stack(TestStacks.app("FerryWorkflowsTest-" + name), "S");

        var stateMachine = workflow.factory().create(stack, workflow.constructId(), functions(stack, workflow),
                WorkflowSettings.defaults());

        assertThat(stateMachine.getNode().getPath()).isEqualTo("S/" + workflow.constructId() + "/StateMachine");
        Template.fromStack(stack).resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    }

    /**
     * statemachines/asl/ holds, for every descriptor, its definition and a functions map naming exactly its
     * handlers' classes (with their sizes); a function of another workflow may appear only where this
     * workflow dispatches to it, which the rollback workflow does for every Rollback handler.
     */
    /** The workflows that start by validating their input: all but rollback, which starts from a run id. */
    static List<String> validatingWorkflows() {
        return workflowNames().stream().filter(name -> !name.equals("rollback")).toList();
    }

    @ParameterizedTest
    @MethodSource("validatingWorkflows")
    void checkedInAsl_whenTheWorkflowValidates_rejectedInputAndEveryOtherValidateFailureEndApartWithoutRollback(String name)
            throws IOException {
        assumeFalse(Boolean.getBoolean("ferry.updateAsl"), "statemachines/asl/ is being regenerated by infra's AslSnapshotTest");
        JsonNode validate = MAPPER.readTree(resource("ferry/asl/" + name + ".asl.json")).at("/States/Validate");
        assertThat(validate.isMissingNode()).as("%s starts with a Validate state", name).isFalse();

        JsonNode catches = validate.path("Catch");
        assertThat(catches).as("%s: Validate's Catches", name).hasSize(2);
        assertThat(catches.at("/0/ErrorEquals/0").asText()).isEqualTo(FerryErrors.INVALID_INPUT);
        assertThat(catches.at("/0/Next").asText()).isEqualTo(ValidateBranch.INPUT_REJECTED);
        assertThat(catches.at("/1/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(catches.at("/1/Next").asText()).as("%s: a throttled or failed Validate is not a rejected input", name)
                .isEqualTo(ValidateBranch.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @MethodSource("workflowNames")
    void checkedInAsl_whenRead_existsAndItsFunctionsMapNamesExactlyTheDescriptorsHandlers(String name) throws IOException {
        assumeFalse(Boolean.getBoolean("ferry.updateAsl"), "statemachines/asl/ is being regenerated by infra's AslSnapshotTest");
        FerryWorkflow workflow = FerryWorkflows.named(name);
        assertThat(resource("ferry/asl/" + name + ".asl.json")).as("statemachines/asl/%s.asl.json", name).isNotNull();
        String functionsText = resource("ferry/asl/" + name + ".functions.json");
        assertThat(functionsText).as("statemachines/asl/%s.functions.json", name).isNotNull();

        Map<String, FerryWorkflow.Handler> own = new LinkedHashMap<>();
        List<String> foreign = new ArrayList<>();
        for (JsonNode function : MAPPER.readTree(functionsText)) {
            Matcher id = FUNCTION_LOGICAL_ID.matcher(function.path("logicalId").asText());
            assertThat(id.matches()).as("logical id %s", function.path("logicalId")).isTrue();
            FerryWorkflow owner = null;
            FerryWorkflow.Handler handler = null;
            for (FerryWorkflow each : FerryWorkflows.all()) {
                for (FerryWorkflow.Handler h : each.handlers()) {
                    if (id.group(1).equals(each.constructId() + h.name() + "Function")) {
                        owner = each;
                        handler = h;
                    }
                }
            }
            assertThat(handler).as("%s is the function of a descriptor's handler", id.group(1)).isNotNull();
            assertThat(function.path("handler").asText()).isEqualTo(handler.handler());
            assertThat(function.path("memoryMB").asInt()).isEqualTo(handler.memoryMB());
            assertThat(function.path("timeoutSeconds").asInt()).isEqualTo(handler.timeoutSeconds());
            if (owner.name().equals(name)) {
                own.put(handler.name(), handler);
            } else {
                foreign.add(owner.name() + "/" + handler.name());
            }
        }
        assertThat(own.values()).containsExactlyInAnyOrderElementsOf(workflow.handlers());
        List<String> dispatched = RollbackWorkflow.WORKFLOW.equals(name)
                ? FerryWorkflows.all().stream().filter(w -> w.handler(FerryWorkflow.ROLLBACK).isPresent())
                        .map(w -> w.name() + "/" + FerryWorkflow.ROLLBACK).toList()
                : List.of();
        assertThat(foreign).containsExactlyInAnyOrderElementsOf(dispatched);
    }

    private static WorkflowFunctions functions(Stack stack, FerryWorkflow workflow) {
        Map<String, Map<String, IFunction>> functions = new LinkedHashMap<>();
        for (FerryWorkflow each : FerryWorkflows.all()) {
            Map<String, IFunction> byHandler = new LinkedHashMap<>();
            each.handlers().forEach(h -> byHandler.put(h.name(), TestStacks.function(stack, each.name() + "-" + h.name())));
            functions.put(each.name(), byHandler);
        }
        return new WorkflowFunctions(workflow, FerryWorkflows.all(), functions);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FerryWorkflowsTest.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
