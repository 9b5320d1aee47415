package dev.ferry.statemachines;

import static dev.ferry.statemachines.TestStacks.definition;
import static dev.ferry.statemachines.TestStacks.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

class RollbackWorkflowTest {

    private static Template template;
    private static JsonNode asl;

    @BeforeAll
    static void synthesizeOnce() {
        Stack stack = new Stack(TestStacks.app("RollbackWorkflowTest"), "Rollback");
        new RollbackWorkflow(stack, "Rollback", RollbackWorkflowProps.builder()
                .rollbackFunction(function(stack, "rollback"))
                .build());
        template = Template.fromStack(stack);
        asl = definition(template);
    }

    @Test
    void build_whenRollbackFunctionMissing_saysWhichHandler() {
        assertThatThrownBy(() -> RollbackWorkflowProps.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rollbackFunction is required")
                .hasMessageContaining("RollbackHandler");
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
    void definition_whenSynthesized_isRollbackThenDone() {
        assertThat(asl.path("StartAt").asText()).isEqualTo("Rollback");
        assertThat(asl.path("States").size()).isEqualTo(2);
        JsonNode rollback = asl.at("/States/Rollback");
        assertThat(rollback.at("/Arguments/Payload").asText()).isEqualTo("{% {\"runId\": $states.input.runId, "
                + "\"error\": \"Ferry.RollbackRequested\", \"cause\": \"rollback requested by an operator\"} %}");
        assertThat(rollback.path("Output").asText()).isEqualTo("{% $states.result.Payload %}");
        assertThat(rollback.path("Next").asText()).isEqualTo("Done");
        assertThat(asl.at("/States/Done/Type").asText()).isEqualTo("Succeed");
    }

    @Test
    void rollback_whenSynthesized_retriesTransientAndThrottling() {
        JsonNode retries = asl.at("/States/Rollback/Retry");
        assertThat(retries.toString())
                .contains("\"" + FerryErrors.TRANSIENT + "\"")
                .contains("\"" + FerryErrors.LAMBDA_TOO_MANY_REQUESTS + "\"")
                .contains("\"JitterStrategy\":\"FULL\"");
    }
}
