package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.testhandlers.PrefixedGreetingHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LambdaTaskInvokerTest {
    private static final AwsEnvironment AWS = new AwsEnvironment("aws", "eu-west-1", "123456789012");
    private static final String HANDLERS = "dev.ferry.engine.testhandlers.";
    private static final FunctionsMap FUNCTIONS = FunctionsMap.parse(Json.parse("""
            {
              "${ContextAlias}": {"logicalId": "ContextFunction", "handler": "%1$sContextStreamHandler::handleRequest", "timeoutSeconds": 60, "memoryMB": 512},
              "${Greeting.Arn}": {"logicalId": "GreetingFunction", "handler": "%1$sGreetingHandler::handleRequest", "timeoutSeconds": 30},
              "${FailingAlias}": {"logicalId": "FailingFunction", "handler": "%1$sFailingHandler::handleRequest"},
              "${TransientAlias}": {"logicalId": "TransientFunction", "handler": "%1$sTransientOnceHandler"},
              "${RawAlias}": {"logicalId": "RawFunction", "handler": "%1$sRawOutputHandler::handleRequest"},
              "${SumAlias}": {"logicalId": "SumFunction", "handler": "%1$sNamedMethodHandler::sum"},
              "${MissingAlias}": {"logicalId": "MissingFunction", "handler": "%1$sDoesNotExist::handleRequest"},
              "${PrefixedAlias}": {"logicalId": "PrefixedFunction", "handler": "%1$sPrefixedGreetingHandler::handleRequest"}
            }""".formatted(HANDLERS)));

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    private ExecutionResult run(String definition, String input) {
        return run(definition, input, Clock.systemUTC());
    }

    private ExecutionResult run(String definition, String input, Clock clock) {
        return run(definition, input, clock, HandlerFactory.noArgConstructor());
    }

    private ExecutionResult run(String definition, String input, HandlerFactory handlers) {
        return run(definition, input, Clock.systemUTC(), handlers);
    }

    private ExecutionResult run(String definition, String input, Clock clock, HandlerFactory handlers) {
        LambdaTaskInvoker lambda = new LambdaTaskInvoker(FUNCTIONS, "aws", new PrintStream(logs, true, StandardCharsets.UTF_8), null, handlers);
        try (LocalEngine engine = lambda.registerWith(LocalEngine.builder()).timeScale(0).clock(clock).aws(AWS).build()) {
            return engine.execute(StateMachineDefinition.load(Json.parse(definition), AWS), Json.parse(input));
        }
    }

    private static String invoke(String functionName, String payload) {
        return """
                {"QueryLanguage": "JSONata", "StartAt": "Call", "States": {"Call": {"Type": "Task",
                  "Resource": "arn:${AWS::Partition}:states:::lambda:invoke",
                  "Arguments": {"FunctionName": "%s", "Payload": %s}, "End": true}}}""".formatted(functionName, payload);
    }

    @Test
    void invoke_whenStreamHandlerCalledThroughLambdaInvoke_resultWrapsPayloadLikeLambda() {
        ExecutionResult result = run(invoke("${ContextAlias}", "\"{% $states.input %}\""), "{\"order\": 7}");

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = result.output();
        assertThat(output.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(output.get("StatusCode").asInt()).isEqualTo(200);
        JsonNode payload = output.get("Payload");
        assertThat(payload.get("received")).isEqualTo(Json.parse("{\"order\": 7}"));
        assertThat(payload.get("function").asText()).isEqualTo("ContextFunction");
        assertThat(payload.get("memoryMB").asInt()).isEqualTo(512);
        assertThat(payload.get("remainingMillis").asInt()).isBetween(1, 60_000);
        assertThat(payload.get("requestId").asText()).hasSize(36);
        assertThat(payload.get("arn").asText()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:ContextFunction");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("handled");
    }

    @Test
    void invoke_whenRequestHandlerIsTheResource_inputAndOutputGoThroughJackson() {
        String definition = """
                {"StartAt": "Greet", "States": {"Greet": {"Type": "Task", "Resource": "${Greeting.Arn}",
                  "Parameters": {"name.$": "$.who"}, "End": true}}}""";

        ExecutionResult result = run(definition, "{\"who\": \"Ada\"}");

        assertThat(result.output()).isEqualTo(Json.parse("{\"greeting\": \"Hello, Ada\", \"instanceCalls\": 1}"));
    }

    @Test
    void invoke_whenCalledAgain_reusesTheHandlerInstance() {
        String definition = """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1, "End": true,
                  "ItemProcessor": {"StartAt": "Greet", "States": {"Greet": {"Type": "Task", "Resource": "${Greeting.Arn}",
                    "Parameters": {"name.$": "$"}, "OutputPath": "$.instanceCalls", "End": true}}}}}}""";

        ExecutionResult result = run(definition, "[\"a\", \"b\", \"c\"]");

        assertThat(result.output()).isEqualTo(Json.parse("[1, 2, 3]"));
    }

    @Test
    void invoke_whenMethodNamedInHandlerString_callsIt() {
        ExecutionResult result = run(invoke("${SumAlias}", "[1, 2, 3]"), "{}");

        assertThat(result.output().get("Payload").asInt()).isEqualTo(6);
    }

    @Test
    void invoke_whenHandlerThrows_errorIsClassNameAndCauseIsLambdaErrorJson() {
        ExecutionResult result = run(invoke("${FailingAlias}", "{\"why\": \"no table\"}"), "{}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("java.lang.IllegalStateException");
        JsonNode cause = Json.parse(result.cause());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("bad input: no table");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cause.get("stackTrace").get(0).asText()).startsWith(HANDLERS + "FailingHandler.handleRequest(FailingHandler.java:");
        // the handler's own frames (the test handlers live under dev.ferry.engine too), none of the engine's
        assertThat(cause.get("stackTrace").toString().replace(HANDLERS, "")).doesNotContain("dev.ferry.engine");
        assertThat(cause.get("cause").get("errorType").asText()).isEqualTo("java.io.UncheckedIOException");
        assertThat(cause.get("cause").get("cause").get("errorMessage").asText()).isEqualTo("disk full");
    }

    @Test
    void invoke_whenRetryNamesTheExceptionClass_retries() {
        String definition = """
                {"QueryLanguage": "JSONata", "StartAt": "Call", "States": {"Call": {"Type": "Task",
                  "Resource": "arn:${AWS::Partition}:states:::lambda:invoke", "Arguments": {"FunctionName": "${TransientAlias}", "Payload": {}},
                  "Retry": [{"ErrorEquals": ["dev.ferry.engine.testhandlers.TransientOnceHandler$Throttled"], "MaxAttempts": 2}],
                  "Output": "{% $states.result.Payload %}", "End": true}}}""";

        ExecutionResult result = run(definition, "{}");

        assertThat(result.output().get("calls").asInt()).isEqualTo(2);
        assertThat(result.stateTransitions()).isEqualTo(2);
    }

    @Test
    void invoke_whenHandlerFactoryGiven_callsTheInstanceItMadeAndReusesIt() {
        AtomicInteger made = new AtomicInteger();
        HandlerFactory factory = type -> {
            made.incrementAndGet();
            return type == PrefixedGreetingHandler.class ? new PrefixedGreetingHandler("Bonjour") : HandlerFactory.noArgConstructor().create(type);
        };
        String definition = """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1, "End": true,
                  "ItemProcessor": {"StartAt": "Greet", "States": {"Greet": {"Type": "Task", "Resource": "${PrefixedAlias}",
                    "Parameters": {"name.$": "$"}, "OutputPath": "$.greeting", "End": true}}}}}}""";

        ExecutionResult result = run(definition, "[\"Ada\", \"Alan\"]", factory);

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[\"Bonjour, Ada\", \"Bonjour, Alan\"]"));
        assertThat(made).as("instances made for two calls one after the other").hasValue(1);
    }

    @Test
    void invoke_whenHandlerFactoryThrows_errorIsTheExceptionClassName() {
        HandlerFactory factory = type -> {
            throw new IllegalStateException("no ledger table configured");
        };

        ExecutionResult result = run(invoke("${PrefixedAlias}", "{\"name\": \"Ada\"}"), "{}", factory);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("java.lang.IllegalStateException");
        JsonNode cause = Json.parse(result.cause());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("no ledger table configured");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void invoke_whenHandlerHasNoNoArgConstructorAndNoFactory_errorIsNoSuchMethodException() {
        ExecutionResult result = run(invoke("${PrefixedAlias}", "{\"name\": \"Ada\"}"), "{}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("java.lang.NoSuchMethodException");
        assertThat(Json.parse(result.cause()).get("errorMessage").asText()).contains("PrefixedGreetingHandler.<init>()");
    }

    @Test
    void invoke_whenOutputIsOver256KiB_failsWithDataLimitExceeded() {
        ExecutionResult result = run(invoke("${RawAlias}", "{\"bytes\": 300000}"), "{}");

        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(result.cause()).contains("RawFunction returned 300002 bytes");
    }

    @Test
    void invoke_whenOutputIsNotJson_failsWithStatesRuntime() {
        ExecutionResult result = run(invoke("${RawAlias}", "{\"text\": \"hello there\"}"), "{}");

        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).startsWith("The function RawFunction returned output that is not JSON");
    }

    @Test
    void invoke_whenHandlerRunsPastTheFunctionTimeout_failsWithSandboxTimedout() {
        AtomicLong ticks = new AtomicLong();
        Clock slow = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.EPOCH.plus(Duration.ofMinutes(10).multipliedBy(ticks.incrementAndGet()));
            }
        };

        ExecutionResult result = run(invoke("${Greeting.Arn}", "{\"name\": \"x\"}"), "{}", slow);

        assertThat(result.error()).isEqualTo("Sandbox.Timedout");
        assertThat(Json.parse(result.cause()).get("errorMessage").asText()).endsWith("Task timed out after 30.00 seconds");
    }

    @Test
    void check_whenFunctionIsNotInTheMap_unsupportedAtLoad() {
        assertThatThrownBy(() -> run(invoke("${NotThere}", "{}"), "{}"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unsupported: function ${NotThere} in state 'Call'");
    }

    @Test
    void check_whenHandlerClassIsMissing_unsupportedAtLoad() {
        assertThatThrownBy(() -> run(invoke("${MissingAlias}", "{}"), "{}"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unsupported: handler class " + HANDLERS + "DoesNotExist of function MissingFunction in state 'Call'");
    }

    @Test
    void check_whenWaitForTaskToken_unsupportedResource() {
        String definition = invoke("${ContextAlias}", "{}").replace("lambda:invoke", "lambda:invoke.waitForTaskToken");

        assertThatThrownBy(() -> run(definition, "{}"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unsupported: resource arn:aws:states:::lambda:invoke.waitForTaskToken in state 'Call' (callback tasks");
    }

    @Test
    void check_whenResourceIsNotALambda_unsupportedResource() {
        String definition = """
                {"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                  "Parameters": {"QueueUrl": "q", "MessageBody": "m"}, "End": true}}}""";

        assertThatThrownBy(() -> run(definition, "{}"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unsupported: resource arn:aws:states:::sqs:sendMessage in state 'Send'");
    }

    @Test
    void check_whenAsynchronousInvocationType_unsupported() {
        String definition = invoke("${ContextAlias}", "{}").replace("\"Payload\"", "\"InvocationType\": \"Event\", \"Payload\"");

        assertThatThrownBy(() -> run(definition, "{}"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unsupported: InvocationType Event in state 'Call'");
    }

    @Test
    void parse_whenEntryHasNoHandler_namesTheEntry() {
        assertThatThrownBy(() -> FunctionsMap.parse(Json.parse("{\"${X}\": {\"logicalId\": \"X\"}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("functions map entry '${X}' needs a \"handler\": \"fully.qualified.Class::method\"");
    }

    @Test
    void find_whenReferenceHoldsATokenWithAQualifier_findsTheFunction() {
        assertThat(FUNCTIONS.find("${Greeting.Arn}:live")).map(FunctionSpec::logicalId).contains("GreetingFunction");
        assertThat(FUNCTIONS.find("${Unknown}")).isEmpty();
    }
}
