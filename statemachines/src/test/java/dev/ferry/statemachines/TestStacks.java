package dev.ferry.statemachines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionAttributes;
import software.amazon.awscdk.services.lambda.IFunction;

/** Shared fixtures: an app writing under target/, imported functions, and the definition as a tree. */
final class TestStacks {

    static final String ACCOUNT_ARN = "arn:aws:lambda:us-east-1:111111111111:function:";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestStacks() {
    }

    static App app(String name) {
        return new App(AppProps.builder()
                .outdir(Path.of("target", "cdk-test-out", name).toAbsolutePath().toString())
                .build());
    }

    /** An existing function by ARN: no asset, and the ARN shows up verbatim as the Task's FunctionName. */
    static IFunction function(Stack stack, String name) {
        return Function.fromFunctionAttributes(stack, name, FunctionAttributes.builder()
                .functionArn(ACCOUNT_ARN + name + ":live")
                .sameEnvironment(true)
                .build());
    }

    /** A descriptor with a Rollback handler and nothing else (its factory is never called). */
    static FerryWorkflow workflow(String name, String constructId) {
        return FerryWorkflow.builder(name)
                .constructId(constructId)
                .description("test workflow " + name)
                .functions("functions/test", "functions/test/target/ferry-functions-test-lambda.jar")
                .handler(FerryWorkflow.ROLLBACK, FerryWorkflow.ROLLBACK_HANDLER, 1024, 900)
                .factory((scope, id, functions, settings) -> {
                    throw new UnsupportedOperationException("not built in this test");
                })
                .build();
    }

    /** The (only) state machine's definition in {@code template}, parsed; {@code ${...}} tokens as in asl/. */
    static JsonNode definition(Template template) {
        JsonNode root = MAPPER.valueToTree(template.toJSON());
        List<JsonNode> machines = new ArrayList<>();
        root.path("Resources").properties().forEach(e -> {
            if ("AWS::StepFunctions::StateMachine".equals(e.getValue().path("Type").asText())) {
                machines.add(e.getValue());
            }
        });
        if (machines.size() != 1) {
            throw new IllegalStateException("expected one state machine, found " + machines.size());
        }
        try {
            return MAPPER.readTree(AslRenderer.joinDefinition(machines.get(0).path("Properties").path("DefinitionString")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every Task state, nested ones (Map item processors) included, by name. */
    static Map<String, JsonNode> tasks(JsonNode stateMachine) {
        Map<String, JsonNode> tasks = new java.util.LinkedHashMap<>();
        stateMachine.path("States").properties().forEach(e -> {
            if ("Task".equals(e.getValue().path("Type").asText())) {
                tasks.put(e.getKey(), e.getValue());
            }
            if (e.getValue().has("ItemProcessor")) {
                tasks.putAll(tasks(e.getValue().get("ItemProcessor")));
            }
        });
        return tasks;
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
