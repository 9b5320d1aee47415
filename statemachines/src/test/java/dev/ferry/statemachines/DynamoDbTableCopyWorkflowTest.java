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
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

class DynamoDbTableCopyWorkflowTest {

    private static final String TO_ROLLBACK = "{% {\"runId\": $plan.runId, \"inputHash\": $plan.inputHash, "
            + "\"error\": $states.errorOutput.Error, \"cause\": $states.errorOutput.Cause, "
            + "\"sides\": [$plan.source, $plan.destination]} %}";
    /** A Distributed Map's Catch also says a unit failed, so the rollback reports that unit's own error. */
    private static final String UNIT_TO_ROLLBACK = "{% {\"runId\": $plan.runId, \"inputHash\": $plan.inputHash, "
            + "\"error\": $states.errorOutput.Error, \"cause\": $states.errorOutput.Cause, \"unitFailed\": true, "
            + "\"sides\": [$plan.source, $plan.destination]} %}";

    /** Default props: the construct creates its log group. */
    private static Template template;
    private static JsonNode asl;
    /** mapConcurrency 25 and a log group passed in. */
    private static Template customTemplate;
    private static JsonNode customAsl;

    @BeforeAll
    static void synthesizeOnce() {
        App app = TestStacks.app("DynamoDbTableCopyWorkflowTest");
        Stack stack = new Stack(app, "Default");
        new DynamoDbTableCopyWorkflow(stack, "Copy", props(stack).build());
        Stack custom = new Stack(app, "Custom");
        new DynamoDbTableCopyWorkflow(custom, "Copy", props(custom)
                .settings(WorkflowSettings.builder()
                        .mapConcurrency(25)
                        .logGroup(LogGroup.Builder.create(custom, "Given").retention(RetentionDays.ONE_WEEK).build())
                        .build())
                .build());
        template = Template.fromStack(stack);
        asl = definition(template);
        customTemplate = Template.fromStack(custom);
        customAsl = definition(customTemplate);
    }

    private static DynamoDbTableCopyWorkflowProps.Builder props(Stack stack) {
        return DynamoDbTableCopyWorkflowProps.builder()
                .validateFunction(function(stack, "validate"))
                .prepareFunction(function(stack, "prepare"))
                .copySegmentFunction(function(stack, "copy-segment"))
                .verifySegmentFunction(function(stack, "verify-segment"))
                .reportFunction(function(stack, "report"))
                .rollbackFunction(function(stack, "rollback"));
    }

    // ---- props

    @Test
    void build_whenAFunctionIsMissing_namesThePropAndHandler() {
        assertThatThrownBy(() -> DynamoDbTableCopyWorkflowProps.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validateFunction is required")
                .hasMessageContaining("ValidateCopyHandler");
    }

    @Test
    void build_whenSettingsNull_saysToOmitThem() {
        Stack stack = new Stack(TestStacks.app("unused-settings"), "S");
        assertThatThrownBy(() -> props(stack).settings(null).build())
                .hasMessageContaining("settings must not be null");
    }

    // ---- state machine resource

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
    void logGroup_whenNoneGiven_isCreatedWithOneMonthRetention() {
        template.resourceCountIs("AWS::Logs::LogGroup", 1);
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void logGroup_whenGiven_isUsedAndNoOtherIsCreated() {
        customTemplate.resourceCountIs("AWS::Logs::LogGroup", 1);
        customTemplate.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 7));
        customTemplate.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "LoggingConfiguration", Map.of("Destinations", List.of(Map.of("CloudWatchLogsLogGroup",
                        Map.of("LogGroupArn", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("Arn")))))))
                )));
    }

    // ---- definition: shape and state names

    @Test
    void definition_whenSynthesized_hasExactlyTheContractStates() {
        assertThat(asl.path("StartAt").asText()).isEqualTo("Validate");
        assertThat(names(asl.path("States"))).containsExactlyInAnyOrder("Validate", "InputRejected", "ValidationFailed", "Prepare",
                "IsDryRun", "Segments", "Report", "VerificationFailed", "Done", "Rollback", "ReportFailure", "RunFailed",
                "RollbackFailed");
        assertThat(names(asl.at("/States/Segments/ItemProcessor/States")))
                .containsExactlyInAnyOrder("CopySegment", "SegmentCopied", "VerifySegment", "SegmentVerified", "SegmentDone");
    }

    @Test
    void validate_whenSynthesized_passesInputAndExecutionNameAndAssignsPlan() {
        JsonNode validate = asl.at("/States/Validate");
        assertThat(validate.at("/Arguments/Payload")).isEqualTo(json(
                "{\"input\":\"{% $states.input %}\",\"executionName\":\"{% $states.context.Execution.Name %}\"}"));
        assertThat(validate.path("Output").asText()).isEqualTo("{% $states.result.Payload %}");
        assertThat(validate.at("/Assign/plan").asText()).isEqualTo("{% $states.result.Payload %}");
        assertThat(validate.path("Next").asText()).isEqualTo("Prepare");
    }

    @Test
    void validate_whenItFails_goesToInputRejectedOrValidationFailedWithoutRollback() {
        JsonNode catches = asl.at("/States/Validate/Catch");
        assertThat(catches.size()).isEqualTo(2);
        // only a real input problem is reported as rejected input
        assertThat(catches.at("/0/ErrorEquals")).isEqualTo(json("[\"dev.ferry.core.errors.InvalidInputException\"]"));
        assertThat(catches.at("/0/Next").asText()).isEqualTo("InputRejected");
        // anything else that outlived the retries (an outage, a bug) fails as itself, also without rollback
        assertThat(catches.at("/1/ErrorEquals")).isEqualTo(json("[\"States.ALL\"]"));
        assertThat(catches.at("/1/Next").asText()).isEqualTo("ValidationFailed");
        for (String state : new String[] {"InputRejected", "ValidationFailed"}) {
            JsonNode fail = asl.at("/States/" + state);
            assertThat(fail.path("Type").asText()).isEqualTo("Fail");
            assertThat(fail.path("Error").asText()).isEqualTo("{% $states.input.Error %}");
            assertThat(fail.path("Cause").asText()).isEqualTo("{% $states.input.Cause %}");
        }
    }

    @Test
    void prepare_whenSynthesized_sendsThePlanAndAssignsPrepared() {
        JsonNode prepare = asl.at("/States/Prepare");
        assertThat(prepare.at("/Arguments/Payload").asText()).isEqualTo("{% $plan %}");
        assertThat(prepare.at("/Assign/prepared").asText()).isEqualTo("{% $states.result.Payload %}");
        assertThat(prepare.path("Next").asText()).isEqualTo("IsDryRun");
    }

    @Test
    void isDryRun_whenDryRun_goesToReportOtherwiseCopies() {
        JsonNode choice = asl.at("/States/IsDryRun");
        assertThat(choice.path("Type").asText()).isEqualTo("Choice");
        assertThat(choice.at("/Choices/0/Condition").asText()).isEqualTo("{% $plan.dryRun = true %}");
        assertThat(choice.at("/Choices/0/Next").asText()).isEqualTo("Report");
        assertThat(choice.path("Default").asText()).isEqualTo("Segments");
    }

    @Test
    void segments_whenSynthesized_isADistributedMapOfStandardChildrenOverTheUnits() {
        JsonNode map = asl.at("/States/Segments");
        assertThat(map.path("Type").asText()).isEqualTo("Map");
        assertThat(map.at("/ItemProcessor/ProcessorConfig")).isEqualTo(json("{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"}"));
        assertThat(map.path("Items").asText()).isEqualTo("{% $prepared.units %}");
        assertThat(map.path("ItemSelector").asText()).isEqualTo("{% {\"runId\": $plan.runId, \"unit\": "
                + "$states.context.Map.Item.Value, \"source\": $plan.source, \"destination\": $plan.destination, "
                + "\"options\": $plan.options} %}");
        assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(10);
        assertThat(map.path("Output").asText()).isEqualTo("{% $states.input %}");
        assertThat(map.path("Next").asText()).isEqualTo("Report");
    }

    @Test
    void segment_whenCopied_isVerifiedInTheSameIterationAgainstTheSource() {
        JsonNode states = asl.at("/States/Segments/ItemProcessor");
        assertThat(states.path("StartAt").asText()).isEqualTo("CopySegment");
        assertThat(states.at("/States/CopySegment/Arguments/Payload").asText()).isEqualTo("{% $states.input %}");
        assertThat(states.at("/States/CopySegment/Output").asText())
                .isEqualTo("{% $merge([$states.input, $states.result.Payload]) %}");
        assertThat(states.at("/States/CopySegment/Next").asText()).isEqualTo("SegmentCopied");
        assertThat(states.at("/States/SegmentCopied/Choices/0/Condition").asText()).isEqualTo("{% $states.input.done = true %}");
        assertThat(states.at("/States/SegmentCopied/Choices/0/Next").asText()).isEqualTo("VerifySegment");
        assertThat(states.at("/States/SegmentCopied/Default").asText()).isEqualTo("CopySegment");
        assertThat(states.at("/States/VerifySegment/Arguments/Payload").asText()).contains("\"source\": $states.input.source",
                "\"destination\": $states.input.destination");
        assertThat(states.at("/States/VerifySegment/Next").asText()).isEqualTo("SegmentVerified");
        assertThat(states.at("/States/SegmentVerified/Choices/0/Condition").asText()).isEqualTo("{% $states.input.verified = true %}");
        assertThat(states.at("/States/SegmentVerified/Choices/0/Next").asText()).isEqualTo("SegmentDone");
        assertThat(states.at("/States/SegmentVerified/Default").asText()).isEqualTo("VerifySegment");
        assertThat(states.at("/States/SegmentDone/Type").asText()).isEqualTo("Succeed");
    }

    @Test
    void report_whenSynthesized_sendsRunIdPlanAndPreparedThenSucceeds() {
        JsonNode report = asl.at("/States/Report");
        assertThat(report.at("/Arguments/Payload").asText())
                .isEqualTo("{% {\"runId\": $plan.runId, \"plan\": $plan, \"prepared\": $prepared} %}");
        assertThat(report.path("Output").asText()).isEqualTo("{% $states.result.Payload %}");
        assertThat(report.path("Next").asText()).isEqualTo("Done");
        assertThat(asl.at("/States/Done/Type").asText()).isEqualTo("Succeed");
    }

    @Test
    void report_whenVerificationFindsDifferences_failsWithoutRollback() {
        JsonNode catcher = asl.at("/States/Report/Catch/0");
        assertThat(catcher.path("ErrorEquals")).isEqualTo(json("[\"" + FerryErrors.VERIFICATION_FAILED + "\"]"));
        assertThat(catcher.path("Next").asText()).isEqualTo("VerificationFailed");
        assertThat(asl.at("/States/VerificationFailed/Type").asText()).isEqualTo("Fail");
    }

    @Test
    void catches_afterValidate_allGoToRollbackWithRunIdInputHashErrorCauseAndSides() {
        for (String state : List.of("Prepare", "Segments", "Report")) {
            JsonNode catches = asl.at("/States/" + state + "/Catch");
            JsonNode last = catches.get(catches.size() - 1);
            assertThat(last.path("ErrorEquals")).as(state).isEqualTo(json("[\"States.ALL\"]"));
            assertThat(last.path("Next").asText()).as(state).isEqualTo("Rollback");
            assertThat(last.path("Output").asText()).as(state)
                    .isEqualTo(state.equals("Segments") ? UNIT_TO_ROLLBACK : TO_ROLLBACK);
        }
    }

    @Test
    void rollback_whenItSucceeds_failsTheRunWithTheOriginalError() {
        JsonNode rollback = asl.at("/States/Rollback");
        assertThat(rollback.at("/Arguments/Payload").asText()).isEqualTo("{% $states.input %}");
        assertThat(rollback.path("Output").asText())
                .isEqualTo("{% $merge([$states.input, {\"rollback\": $states.result.Payload}]) %}");
        assertThat(rollback.path("Next").asText()).isEqualTo("ReportFailure");
        JsonNode reportFailure = asl.at("/States/ReportFailure");
        assertThat(reportFailure.at("/Arguments/Payload").asText())
                .isEqualTo("{% {\"runId\": $states.input.runId, \"plan\": $plan, \"failure\": $states.input} %}");
        assertThat(reportFailure.path("Output").asText()).isEqualTo("{% $states.input %}");
        assertThat(reportFailure.path("Next").asText()).isEqualTo("RunFailed");
        assertThat(reportFailure.at("/Catch/0/Next").asText()).isEqualTo("RunFailed");
        assertThat(reportFailure.at("/Catch/0/Output").asText()).isEqualTo("{% $states.input %}");
        assertThat(asl.at("/States/RunFailed/Error").asText())
                .isEqualTo("{% $exists($states.input.rollback.failure) ? $states.input.rollback.failure.error : $states.input.error %}");
        assertThat(asl.at("/States/RunFailed/Cause").asText())
                .isEqualTo("{% $exists($states.input.rollback.failure) ? $states.input.rollback.failure.cause : $states.input.cause %}");
    }

    @Test
    void rollback_whenItFails_failsWithTheOriginalErrorAndSaysTheRollbackIsIncomplete() {
        JsonNode catcher = asl.at("/States/Rollback/Catch/0");
        assertThat(catcher.path("ErrorEquals")).isEqualTo(json("[\"States.ALL\"]"));
        assertThat(catcher.path("Next").asText()).isEqualTo("RollbackFailed");
        assertThat(catcher.path("Output").asText())
                .contains("\"runId\": $states.input.runId", "\"error\": $states.input.error", "\"cause\": $states.input.cause",
                        "\"rollbackError\": $states.errorOutput.Error", "\"rollbackCause\": $states.errorOutput.Cause");
        JsonNode failed = asl.at("/States/RollbackFailed");
        assertThat(failed.path("Error").asText()).isEqualTo("{% $states.input.error %}");
        assertThat(failed.path("Cause").asText())
                .contains("Rollback incomplete", "$states.input.rollbackError", "$states.input.rollbackCause")
                .endsWith("Original cause: \" & $states.input.cause %}");
    }

    @Test
    void everyLambdaTask_whenSynthesized_retriesTransientAndThrottlingByName() {
        Map<String, JsonNode> tasks = tasks(asl);
        assertThat(tasks.keySet()).containsExactlyInAnyOrder(
                "Validate", "Prepare", "CopySegment", "VerifySegment", "Report", "Rollback", "ReportFailure");
        for (Map.Entry<String, JsonNode> task : tasks.entrySet()) {
            JsonNode retries = task.getValue().path("Retry");
            assertThat(retry(retries, "Lambda.ServiceException")).as("%s keeps CDK's default", task.getKey()).isNotNull();
            for (String error : List.of(FerryErrors.TRANSIENT, FerryErrors.LAMBDA_TIMEOUT, FerryErrors.LAMBDA_TOO_MANY_REQUESTS)) {
                JsonNode retrier = retry(retries, error);
                assertThat(retrier).as("%s retries %s", task.getKey(), error).isNotNull();
                assertThat(retrier.path("ErrorEquals")).isEqualTo(json("[\"" + error + "\"]"));
                assertThat(retrier.path("IntervalSeconds").asInt()).isEqualTo(2);
                assertThat(retrier.path("MaxAttempts").asInt()).isEqualTo(8);
                assertThat(retrier.path("BackoffRate").asDouble()).isEqualTo(2.0);
                assertThat(retrier.path("MaxDelaySeconds").asInt()).isEqualTo(60);
                assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
            }
        }
    }

    @Test
    void tasks_whenSynthesized_invokeTheFunctionsTheyWereGiven() {
        Map<String, JsonNode> tasks = tasks(asl);
        assertThat(tasks.get("Validate").at("/Arguments/FunctionName").asText()).isEqualTo(TestStacks.ACCOUNT_ARN + "validate:live");
        assertThat(tasks.get("CopySegment").at("/Arguments/FunctionName").asText()).isEqualTo(TestStacks.ACCOUNT_ARN + "copy-segment:live");
        assertThat(tasks.get("Rollback").at("/Arguments/FunctionName").asText()).isEqualTo(TestStacks.ACCOUNT_ARN + "rollback:live");
        assertThat(tasks.get("Validate").path("Resource").asText()).isEqualTo("arn:${AWS::Partition}:states:::lambda:invoke");
    }

    @Test
    void mapConcurrency_whenSet_appliesToTheMap() {
        assertThat(customAsl.at("/States/Segments/MaxConcurrency").asInt()).isEqualTo(25);
    }

    private static JsonNode retry(JsonNode retries, String error) {
        for (JsonNode retrier : retries) {
            for (JsonNode name : retrier.path("ErrorEquals")) {
                if (name.asText().equals(error)) {
                    return retrier;
                }
            }
        }
        return null;
    }

    private static List<String> names(JsonNode states) {
        List<String> names = new ArrayList<>();
        states.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
