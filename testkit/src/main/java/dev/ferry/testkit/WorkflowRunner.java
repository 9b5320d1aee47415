package dev.ferry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionOptions;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.engine.LocalEngine;
import dev.ferry.engine.StateMachineDefinition;
import dev.ferry.engine.FunctionsMap;
import dev.ferry.engine.HandlerFactory;
import dev.ferry.engine.LambdaTaskInvoker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;

/**
 * Runs a shipped workflow end to end the way Step Functions would: its real checked-in definition
 * ({@code ferry/asl/<workflow>.asl.json} on the test classpath, exactly as CDK synthesizes it) through
 * the in-process engine, with the real handlers its functions map names, made by a handler factory
 * (so a test hands them its own dependencies). Retry intervals and waits pass in engine time only.
 *
 * <p>There is no hand-written copy of a state machine in any test: a test that drives a workflow
 * drives this definition, Map failures, Retry and Catch included.
 */
public final class WorkflowRunner {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final String workflow;
    private final StateMachineDefinition definition;
    private final FunctionsMap functions;

    private WorkflowRunner(String workflow, StateMachineDefinition definition, FunctionsMap functions) {
        this.workflow = workflow;
        this.definition = definition;
        this.functions = functions;
    }

    /** The workflow's definition and functions map from the classpath ({@code ferry/asl/}). */
    public static WorkflowRunner of(String workflow) {
        return new WorkflowRunner(workflow, StateMachineDefinition.load(resource("ferry/asl/" + workflow + ".asl.json")),
                FunctionsMap.parse(resource("ferry/asl/" + workflow + ".functions.json")));
    }

    /**
     * A factory that calls each handler's constructor taking {@code argType} (Ferry's handlers take
     * their {@code Dependencies}), or its no-argument constructor when it has none.
     */
    public static <T> HandlerFactory constructorWith(Class<T> argType, T arg) {
        return type -> {
            for (Constructor<?> c : type.getConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0].isAssignableFrom(argType)) {
                    return c.newInstance(arg);
                }
            }
            return HandlerFactory.noArgConstructor().create(type);
        };
    }

    public String workflow() {
        return workflow;
    }

    /** Runs one execution to its end; a failed execution is a result, not an exception. */
    public ExecutionResult run(JsonNode input, String executionName, HandlerFactory handlers) {
        return run(input, executionName, handlers, ExecutionListener.NONE);
    }

    /** As {@link #run(JsonNode, String, HandlerFactory)}, telling {@code listener} about every state. */
    public ExecutionResult run(JsonNode input, String executionName, HandlerFactory handlers, ExecutionListener listener) {
        try (LocalEngine engine = new LambdaTaskInvoker(functions, handlers).registerWith(LocalEngine.builder())
                .listener(listener).timeScale(0).build()) {
            return engine.execute(definition, input, new ExecutionOptions(workflow, executionName));
        }
    }

    private static JsonNode resource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : WorkflowRunner.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath: add statemachines/asl as a test resource "
                        + "directory with targetPath ferry/asl (see functions/dynamodb/pom.xml)");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
