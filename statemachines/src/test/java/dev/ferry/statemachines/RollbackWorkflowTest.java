package dev.ferry.statemachines;

import static dev.ferry.statemachines.TestStacks.definition;
import static dev.ferry.statemachines.TestStacks.function;
import static dev.ferry.statemachines.TestStacks.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

class RollbackWorkflowTest {

    /** Rolls back runs of two workflows. */
    private static Template template;
    private static JsonNode asl;
    /** Knows no workflow with a Rollback function. */
    private static JsonNode bareAsl;

    @BeforeAll
    static void synthesizeOnce() {
        Stack stack = new Stack(TestStacks.app("RollbackWorkflowTest"), "Rollback");
        new RollbackWorkflow(stack, "Rollback", RollbackWorkflowProps.builder()
                .findRunFunction(function(stack, "find-run"))
                .rollbackFunction(TestStacks.workflow("zeta-copy", "ZetaCopy"), function(stack, "zeta-rollback"))
                .rollbackFunction(TestStacks.workflow("alpha-copy", "AlphaCopy"), function(stack, "alpha-rollback"))
                .build());
        template = Template.fromStack(stack);
        asl = definition(template);
        Stack bare = new Stack(TestStacks.app("RollbackWorkflowTest-bare"), "Bare");
        new RollbackWorkflow(bare, "Rollback", RollbackWorkflowProps.builder()
                .findRunFunction(function(bare, "find-run"))
                .build());
        bareAsl = definition(Template.fromStack(bare));
    }

    @Test
    void build_whenFindRunFunctionMissing_saysWhichHandler() {
        assertThatThrownBy(() -> RollbackWorkflowProps.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("findRunFunction is required")
                .hasMessageContaining("FindRunHandler");
    }

    @Test
    void stateMachine_whenSynthesized_isJsonataWithLoggingAllAndTracing() {
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "LoggingConfiguration", Map.of("Level", "ALL", "IncludeExecutionData", false),
                "TracingConfiguration", Map.of("Enabled", true)));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        assertThat(asl.path("QueryLanguage").asText()).isEqualTo("JSONata");
    }

    @Test
    void definition_whenSynthesized_findsTheRunThenDispatchesToItsWorkflowsRollback() {
        assertThat(asl.path("StartAt").asText()).isEqualTo("FindRun");
        assertThat(names(asl.path("States"))).containsExactlyInAnyOrder("FindRun", "WhichWorkflow",
                "RollbackAlphaCopy", "RollbackZetaCopy", "NoRollback", "Done");
        JsonNode findRun = asl.at("/States/FindRun");
        assertThat(findRun.at("/Arguments/Payload")).isEqualTo(json("{\"input\": \"{% $states.input %}\"}"));
        assertThat(findRun.at("/Arguments/FunctionName").asText()).isEqualTo(TestStacks.ACCOUNT_ARN + "find-run:live");
        assertThat(findRun.path("Output").asText()).isEqualTo("{% $states.result.Payload %}");
        assertThat(findRun.path("Next").asText()).isEqualTo("WhichWorkflow");
        assertThat(findRun.has("Catch")).as("an unknown run id fails the execution; nothing to roll back").isFalse();

        JsonNode choice = asl.at("/States/WhichWorkflow");
        assertThat(choice.path("Choices")).hasSize(2);
        assertThat(choice.at("/Choices/0/Condition").asText()).isEqualTo("{% $states.input.workflow = \"alpha-copy\" %}");
        assertThat(choice.at("/Choices/0/Next").asText()).isEqualTo("RollbackAlphaCopy");
        assertThat(choice.at("/Choices/1/Condition").asText()).isEqualTo("{% $states.input.workflow = \"zeta-copy\" %}");
        assertThat(choice.at("/Choices/1/Next").asText()).isEqualTo("RollbackZetaCopy");
        assertThat(choice.path("Default").asText()).isEqualTo("NoRollback");
    }

    @Test
    void rollbackBranches_whenSynthesized_invokeTheirWorkflowsFunctionOnDemandThenSucceed() {
        for (String workflow : List.of("alpha", "zeta")) {
            String state = "Rollback" + Character.toUpperCase(workflow.charAt(0)) + workflow.substring(1) + "Copy";
            JsonNode rollback = asl.at("/States/" + state);
            assertThat(rollback.at("/Arguments/FunctionName").asText())
                    .isEqualTo(TestStacks.ACCOUNT_ARN + workflow + "-rollback:live");
            assertThat(rollback.at("/Arguments/Payload"))
                    .isEqualTo(json("{\"runId\": \"{% $states.input.runId %}\", \"onDemand\": true, "
                            + "\"externalIds\": \"{% $states.input.externalIds %}\"}"));
            assertThat(rollback.path("Output").asText()).isEqualTo("{% $states.result.Payload %}");
            assertThat(rollback.path("Next").asText()).isEqualTo("Done");
        }
        assertThat(asl.at("/States/Done/Type").asText()).isEqualTo("Succeed");
        assertThat(asl.toString()).doesNotContain("RollbackRequested");
    }

    @Test
    void noRollback_whenTheRunsWorkflowHasNone_failsNamingItAndTheKnownWorkflows() {
        JsonNode fail = asl.at("/States/NoRollback");
        assertThat(fail.path("Type").asText()).isEqualTo("Fail");
        assertThat(fail.path("Error").asText()).isEqualTo(FerryErrors.NO_ROLLBACK);
        assertThat(fail.path("Cause").asText()).contains("$states.input.workflow", "$states.input.runId",
                "no Rollback function in this stack", "[alpha-copy, zeta-copy]");
    }

    @Test
    void definition_whenNoWorkflowHasARollback_goesFromFindRunToNoRollback() {
        assertThat(names(bareAsl.path("States"))).containsExactlyInAnyOrder("FindRun", "NoRollback");
        assertThat(bareAsl.at("/States/FindRun/Next").asText()).isEqualTo("NoRollback");
    }

    @Test
    void tasks_whenSynthesized_retryTransientAndThrottling() {
        for (String state : List.of("FindRun", "RollbackAlphaCopy")) {
            JsonNode retries = asl.at("/States/" + state + "/Retry");
            assertThat(retries.toString()).as(state)
                    .contains("\"" + FerryErrors.TRANSIENT + "\"")
                    .contains("\"" + FerryErrors.LAMBDA_TOO_MANY_REQUESTS + "\"")
                    .contains("\"JitterStrategy\":\"FULL\"");
        }
    }

    private static List<String> names(JsonNode states) {
        List<String> names = new java.util.ArrayList<>();
        states.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
