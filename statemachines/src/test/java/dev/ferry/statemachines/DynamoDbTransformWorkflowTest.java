package dev.ferry.statemachines;

import static dev.ferry.statemachines.TestStacks.definition;
import static dev.ferry.statemachines.TestStacks.function;
import static dev.ferry.statemachines.TestStacks.json;
import static dev.ferry.statemachines.TestStacks.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The dynamodb-transform state machine as CDK synthesizes it, asserted as data. */
class DynamoDbTransformWorkflowTest {

    private static final String TO_ROLLBACK = "{% {\"runId\": $plan.runId, \"inputHash\": $plan.inputHash, "
            + "\"error\": $states.errorOutput.Error, \"cause\": $states.errorOutput.Cause, \"sides\": [$plan.target]} %}";
    private static final String UNIT_TO_ROLLBACK = "{% {\"runId\": $plan.runId, \"inputHash\": $plan.inputHash, "
            + "\"error\": $states.errorOutput.Error, \"cause\": $states.errorOutput.Cause, \"unitFailed\": true, "
            + "\"sides\": [$plan.target]} %}";

    private static Template template;
    private static JsonNode asl;
    private static JsonNode customAsl;

    @BeforeAll
    static void synthesizeOnce() {
        App app = TestStacks.app("DynamoDbTransformWorkflowTest");
        Stack stack = new Stack(app, "Default");
        new DynamoDbTransformWorkflow(stack, "Transform", props(stack).build());
        Stack custom = new Stack(app, "Custom");
        new DynamoDbTransformWorkflow(custom, "Transform", props(custom)
                .settings(WorkflowSettings.builder().mapConcurrency(40).build()).build());
        template = Template.fromStack(stack);
        asl = definition(template);
        customAsl = definition(Template.fromStack(custom));
    }

    private static DynamoDbTransformWorkflowProps.Builder props(Stack stack) {
        return DynamoDbTransformWorkflowProps.builder()
                .validateFunction(function(stack, "validate"))
                .planFunction(function(stack, "plan"))
                .transformSegmentFunction(function(stack, "transform-segment"))
                .verifySegmentFunction(function(stack, "verify-segment"))
                .reportFunction(function(stack, "report"))
                .rollbackFunction(function(stack, "rollback"));
    }

    @Test
    void build_whenAFunctionIsMissing_namesThePropAndHandler() {
        assertThatThrownBy(() -> DynamoDbTransformWorkflowProps.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validateFunction is required")
                .hasMessageContaining("ValidateTransformHandler");
    }

    @Test
    void stateMachine_whenSynthesized_isStandardJsonataWithLoggingAllAndTracing() {
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "StateMachineType", "STANDARD",
                "LoggingConfiguration", Map.of("Level", "ALL", "IncludeExecutionData", false),
                "TracingConfiguration", Map.of("Enabled", true)));
        assertThat(asl.path("QueryLanguage").asText()).isEqualTo("JSONata");
    }

    @Test
    void definition_whenSynthesized_hasExactlyTheContractStates() {
        assertThat(asl.path("StartAt").asText()).isEqualTo("Validate");
        assertThat(names(asl.path("States"))).containsExactlyInAnyOrder("Validate", "InputRejected", "ValidationFailed", "Plan",
                "TransformSegments", "IsDryRun", "VerifySegments", "Report", "Done", "Rollback", "ReportFailure", "RunFailed",
                "RollbackFailed");
        assertThat(names(asl.at("/States/TransformSegments/ItemProcessor/States")))
                .containsExactlyInAnyOrder("TransformSegment", "SegmentTransformed", "SegmentDone");
        assertThat(names(asl.at("/States/VerifySegments/ItemProcessor/States")))
                .containsExactlyInAnyOrder("VerifySegment", "SegmentVerified", "VerifyDone");
    }

    @Test
    void flow_whenSynthesized_validatesPlansTransformsThenVerifiesUnlessDryRun() {
        assertThat(asl.at("/States/Validate/Next").asText()).isEqualTo("Plan");
        assertThat(asl.at("/States/Validate/Assign/plan").asText()).isEqualTo("{% $states.result.Payload %}");
        assertThat(asl.at("/States/Validate/Catch/0/ErrorEquals/0").asText()).isEqualTo("dev.ferry.core.errors.InvalidInputException");
        assertThat(asl.at("/States/Validate/Catch/0/Next").asText()).isEqualTo("InputRejected");
        assertThat(asl.at("/States/Validate/Catch/1/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(asl.at("/States/Validate/Catch/1/Next").asText()).isEqualTo("ValidationFailed");
        assertThat(asl.at("/States/Plan/Arguments/Payload").asText()).isEqualTo("{% $plan %}");
        assertThat(asl.at("/States/Plan/Assign/prepared").asText()).isEqualTo("{% $states.result.Payload %}");
        assertThat(asl.at("/States/Plan/Next").asText()).isEqualTo("TransformSegments");
        assertThat(asl.at("/States/TransformSegments/Next").asText()).isEqualTo("IsDryRun");
        assertThat(asl.at("/States/IsDryRun/Choices/0/Condition").asText()).isEqualTo("{% $plan.options.dryRun = true %}");
        assertThat(asl.at("/States/IsDryRun/Choices/0/Next").asText()).isEqualTo("Report");
        assertThat(asl.at("/States/IsDryRun/Default").asText()).isEqualTo("VerifySegments");
        assertThat(asl.at("/States/VerifySegments/Next").asText()).isEqualTo("Report");
        assertThat(asl.at("/States/Report/Arguments/Payload").asText())
                .isEqualTo("{% {\"runId\": $plan.runId, \"plan\": $plan, \"prepared\": $prepared} %}");
        assertThat(asl.at("/States/Report/Next").asText()).isEqualTo("Done");
    }

    @Test
    void maps_whenSynthesized_areDistributedOverTheUnitsEachCarryingThePlan() {
        for (String map : List.of("TransformSegments", "VerifySegments")) {
            JsonNode state = asl.at("/States/" + map);
            assertThat(state.at("/ItemProcessor/ProcessorConfig")).as(map)
                    .isEqualTo(json("{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"}"));
            assertThat(state.path("Items").asText()).isEqualTo("{% $prepared.units %}");
            assertThat(state.path("ItemSelector").asText())
                    .isEqualTo("{% {\"runId\": $plan.runId, \"unit\": $states.context.Map.Item.Value, \"plan\": $plan} %}");
            assertThat(state.path("MaxConcurrency").asInt()).isEqualTo(10);
            assertThat(customAsl.at("/States/" + map + "/MaxConcurrency").asInt()).isEqualTo(40);
            assertThat(state.path("Output").asText()).isEqualTo("{% $states.input %}");
        }
        JsonNode loop = asl.at("/States/TransformSegments/ItemProcessor/States");
        assertThat(loop.at("/TransformSegment/Next").asText()).isEqualTo("SegmentTransformed");
        assertThat(loop.at("/SegmentTransformed/Choices/0/Condition").asText()).isEqualTo("{% $states.input.done = true %}");
        assertThat(loop.at("/SegmentTransformed/Default").asText()).isEqualTo("TransformSegment");
    }

    @Test
    void catches_afterValidate_goToRollbackThenTheFailedRunsReportThenRunFailed() {
        for (String state : List.of("Plan", "TransformSegments", "VerifySegments", "Report")) {
            JsonNode catches = asl.at("/States/" + state + "/Catch");
            assertThat(catches.size()).as(state).isEqualTo(1);
            assertThat(catches.at("/0/Next").asText()).as(state).isEqualTo("Rollback");
            assertThat(catches.at("/0/Output").asText()).as(state)
                    .isEqualTo(state.endsWith("Segments") ? UNIT_TO_ROLLBACK : TO_ROLLBACK);
        }
        assertThat(asl.at("/States/Rollback/Next").asText()).isEqualTo("ReportFailure");
        assertThat(asl.at("/States/Rollback/Catch/0/Next").asText()).isEqualTo("RollbackFailed");
        JsonNode report = asl.at("/States/ReportFailure");
        assertThat(report.at("/Arguments/FunctionName").asText()).isEqualTo(TestStacks.ACCOUNT_ARN + "report:live");
        assertThat(report.at("/Arguments/Payload").asText()).isEqualTo("{% {\"runId\": $states.input.runId, \"error\": "
                + "$states.input.error, \"cause\": $states.input.cause, \"rollback\": $states.input.rollback} %}");
        assertThat(report.path("Output").asText()).isEqualTo("{% $states.input %}");
        assertThat(report.path("Next").asText()).isEqualTo("RunFailed");
        assertThat(report.at("/Catch/0/Next").asText()).as("no report must not hide the original error").isEqualTo("RunFailed");
        assertThat(report.at("/Catch/0/Output").asText()).isEqualTo("{% $states.input %}");
        assertThat(asl.at("/States/RunFailed/Error").asText())
                .isEqualTo("{% $exists($states.input.rollback.failure) ? $states.input.rollback.failure.error : $states.input.error %}");
    }

    @Test
    void everyLambdaTask_whenSynthesized_retriesTransientAndThrottlingByName() {
        Map<String, JsonNode> tasks = tasks(asl);
        assertThat(tasks.keySet()).containsExactlyInAnyOrder("Validate", "Plan", "TransformSegment", "VerifySegment", "Report",
                "Rollback", "ReportFailure");
        for (Map.Entry<String, JsonNode> task : tasks.entrySet()) {
            List<String> retried = new ArrayList<>();
            task.getValue().path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));
            assertThat(retried).as(task.getKey()).contains(FerryErrors.TRANSIENT, FerryErrors.LAMBDA_TIMEOUT,
                    FerryErrors.LAMBDA_TOO_MANY_REQUESTS);
        }
    }

    @Test
    void descriptor_whenLoaded_namesEveryHandlerItsRollbackAndItsModulesJar() {
        FerryWorkflow workflow = FerryWorkflows.named(DynamoDbTransformWorkflow.WORKFLOW);
        assertThat(workflow.constructId()).isEqualTo("DynamoDbTransform");
        assertThat(workflow.functionsJar()).isEqualTo("functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar");
        assertThat(workflow.handlers()).extracting(FerryWorkflow.Handler::name)
                .containsExactly("Validate", "Plan", "TransformSegment", "VerifySegment", "Report", "Rollback");
        assertThat(workflow.handler("Rollback").orElseThrow().className()).isEqualTo(FerryWorkflow.ROLLBACK_HANDLER);
        assertThat(workflow.handler("TransformSegment").orElseThrow().timeoutSeconds()).isEqualTo(900);
        assertThat(workflow.schedulable()).isTrue();
    }

    private static List<String> names(JsonNode states) {
        List<String> names = new ArrayList<>();
        states.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
