package dev.ferry.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs Ferry's Lambda functions in process. Handles {@code arn:aws:states:::lambda:invoke} (result
 * {@code {"ExecutedVersion", "Payload", "StatusCode"}}) and a function token used as the Resource
 * itself (result: the handler's output). The function comes from the {@link FunctionsMap}, never
 * from a list kept by hand; its handler is called as Lambda calls it. Handler instances come from
 * a {@link HandlerFactory} (by default the public no-argument constructor) and are reused, one
 * invocation at a time each.
 *
 * <p>A handler's exception fails the task as Lambda reports it: Error = the exception's fully
 * qualified class name, Cause = {@code {"errorMessage","errorType","stackTrace"}}. Output over 256 KiB
 * fails with States.DataLimitExceeded, output that is not JSON with States.Runtime, and a handler that
 * runs past its function's timeout with Sandbox.Timedout.
 */
public final class LambdaTaskInvoker implements TaskInvoker {
    private static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    private static final Set<String> INVOKE_ARGUMENTS = Set.of("FunctionName", "Payload", "Qualifier", "InvocationType", "ClientContext", "LogType");

    private final FunctionsMap functions;
    private final String invokeResource;
    private final PrintStream log;
    private final ClassLoader classLoader;
    private final HandlerFactory handlers;
    private final Map<String, LoadedFunction> loaded = new ConcurrentHashMap<>();

    private record LoadedFunction(HandlerPool pool, HandlerCall call) {
    }

    /**
     * Functions from the map, in partition {@code aws}; handler logs to stderr; classes from the context
     * class loader; handlers made with their public no-argument constructor.
     */
    public LambdaTaskInvoker(FunctionsMap functions) {
        this(functions, HandlerFactory.noArgConstructor());
    }

    /** As {@link #LambdaTaskInvoker(FunctionsMap)}, with handlers made by {@code handlers}. */
    public LambdaTaskInvoker(FunctionsMap functions, HandlerFactory handlers) {
        this(functions, "aws", System.err, null, handlers);
    }

    /** As {@link #LambdaTaskInvoker(FunctionsMap, String, PrintStream, ClassLoader, HandlerFactory)}, handlers made with their no-argument constructor. */
    public LambdaTaskInvoker(FunctionsMap functions, String partition, PrintStream log, ClassLoader classLoader) {
        this(functions, partition, log, classLoader, HandlerFactory.noArgConstructor());
    }

    /**
     * @param partition   the partition of the {@code lambda:invoke} resource (as substituted for {@code ${AWS::Partition}})
     * @param log         where {@code Context.getLogger()} writes
     * @param classLoader where handler classes are loaded from; null for the thread's context class loader
     * @param handlers    makes the handler instances (see {@link HandlerFactory} for when it is called)
     */
    public LambdaTaskInvoker(FunctionsMap functions, String partition, PrintStream log, ClassLoader classLoader, HandlerFactory handlers) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.invokeResource = "arn:" + partition + ":states:::lambda:invoke";
        this.log = log;
        this.classLoader = classLoader != null ? classLoader
                : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
                : LambdaTaskInvoker.class.getClassLoader();
        this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    /** The resources this invoker runs: the {@code lambda:invoke} integration and every function token. */
    public Set<String> resources() {
        Set<String> resources = new LinkedHashSet<>();
        resources.add(invokeResource);
        resources.addAll(functions.tokens());
        return resources;
    }

    /** Registers this invoker for each of its {@link #resources()}. */
    public LocalEngine.Builder registerWith(LocalEngine.Builder builder) {
        resources().forEach(resource -> builder.invoker(resource, this));
        return builder;
    }

    @Override
    public void checkSupported(String stateName, String resource, JsonNode arguments) {
        if (!resource.equals(invokeResource)) {
            checkHandler(stateName, functions.find(resource).orElseThrow());
            return;
        }
        if (arguments == null || !arguments.isObject()) {
            return;
        }
        for (Iterator<String> it = arguments.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!INVOKE_ARGUMENTS.contains(field.endsWith(".$") ? field.substring(0, field.length() - 2) : field)) {
                throw new UnsupportedFeatureException("argument '" + field + "' of lambda:invoke in state '" + stateName
                        + "' (the local engine understands " + INVOKE_ARGUMENTS + ")");
            }
        }
        JsonNode type = arguments.get("InvocationType");
        if (type != null && type.isTextual() && !type.textValue().startsWith("{%") && !type.textValue().equals("RequestResponse")) {
            throw new UnsupportedFeatureException("InvocationType " + type.textValue() + " in state '" + stateName
                    + "' (the local engine calls functions synchronously: use RequestResponse)");
        }
        JsonNode name = arguments.get("FunctionName");
        if (name != null && name.isTextual() && !name.textValue().startsWith("{%")) {
            FunctionSpec function = functions.find(name.textValue()).orElseThrow(() -> new UnsupportedFeatureException(
                    "function " + name.textValue() + " in state '" + stateName + "' (it is not in the workflow's functions map, "
                            + "statemachines/asl/<workflow>.functions.json; regenerate the map from the synthesized template)"));
            checkHandler(stateName, function);
        }
    }

    private void checkHandler(String stateName, FunctionSpec function) {
        try {
            Class.forName(function.handlerClass(), false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UnsupportedFeatureException("handler class " + function.handlerClass() + " of function " + function.logicalId()
                    + " in state '" + stateName + "' (it is not on the classpath: add the module that holds it to ferry-local's dependencies)");
        }
    }

    @Override
    public JsonNode invoke(String resource, JsonNode arguments, TaskContext context) throws TaskFailedException {
        if (!resource.equals(invokeResource)) {
            FunctionSpec function = functions.find(resource).orElseThrow(() -> notFound(resource));
            return call(function, arguments, context);
        }
        JsonNode name = arguments.get("FunctionName");
        if (name == null || !name.isTextual()) {
            throw new TaskFailedException("Lambda.InvalidParameterValueException", "lambda:invoke needs a FunctionName string in its arguments");
        }
        FunctionSpec function = functions.find(name.textValue()).orElseThrow(() -> notFound(name.textValue()));
        JsonNode payload = arguments.has("Payload") ? arguments.get("Payload") : Json.object();
        ObjectNode result = Json.object();
        result.put("ExecutedVersion", "$LATEST");
        result.set("Payload", call(function, payload, context));
        result.put("StatusCode", 200);
        return result;
    }

    private static TaskFailedException notFound(String name) {
        return new TaskFailedException("Lambda.ResourceNotFoundException", "Function not found: " + name
                + " (the local engine knows only the functions in the workflow's functions map)");
    }

    private JsonNode call(FunctionSpec function, JsonNode payload, TaskContext context) throws TaskFailedException {
        LoadedFunction handler = load(function);
        LocalLambdaContext lambdaContext = new LocalLambdaContext(function, context, log);
        byte[] output;
        Object instance = null;
        try {
            instance = handler.pool().borrow();
            output = handler.call().invoke(instance, Json.bytes(payload), lambdaContext);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e;
            }
            throw new TaskFailedException(e.getClass().getName(), LambdaErrors.cause(e));
        } finally {
            if (instance != null) {
                handler.pool().release(instance);
            }
        }
        if (lambdaContext.timedOut()) {
            throw new TaskFailedException("Sandbox.Timedout", Json.write(Json.object()
                    .put("errorMessage", "RequestId: " + lambdaContext.getAwsRequestId() + " Error: Task timed out after "
                            + function.timeoutSeconds() + ".00 seconds")
                    .put("errorType", "Sandbox.Timedout")));
        }
        return parse(function, output);
    }

    private static JsonNode parse(FunctionSpec function, byte[] output) throws TaskFailedException {
        if (output.length > MAX_PAYLOAD_BYTES) {
            throw new TaskFailedException("States.DataLimitExceeded", "The function " + function.logicalId() + " returned " + output.length
                    + " bytes, more than the " + MAX_PAYLOAD_BYTES + " bytes a state can pass on: return a reference (an S3 key, an id) instead of the data");
        }
        if (output.length == 0) {
            return NullNode.instance;
        }
        try {
            return Json.MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            throw new TaskFailedException("States.Runtime", "The function " + function.logicalId()
                    + " returned output that is not JSON (" + e.getOriginalMessage() + "): a handler must write JSON");
        } catch (IOException e) {
            throw new TaskFailedException("States.Runtime", "The output of " + function.logicalId() + " could not be read: " + e.getMessage());
        }
    }

    private LoadedFunction load(FunctionSpec function) throws TaskFailedException {
        try {
            return loaded.computeIfAbsent(function.token(), token -> {
                try {
                    Class<?> type = Class.forName(function.handlerClass(), true, classLoader);
                    return new LoadedFunction(new HandlerPool(type, handlers), HandlerCall.of(type, function.handlerMethod()));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new HandlerLoadException(e);
                }
            });
        } catch (HandlerLoadException e) {
            Throwable cause = e.getCause() instanceof ExceptionInInitializerError init && init.getCause() != null ? init.getCause() : e.getCause();
            throw new TaskFailedException(cause.getClass().getName(), LambdaErrors.cause(cause));
        } catch (IllegalArgumentException e) {
            throw new TaskFailedException("Runtime.HandlerNotFound", Json.write(Json.object()
                    .put("errorMessage", e.getMessage()).put("errorType", "Runtime.HandlerNotFound")));
        }
    }

    /** Carries a class-loading failure out of {@code computeIfAbsent}. */
    private static final class HandlerLoadException extends RuntimeException {
        HandlerLoadException(Throwable cause) {
            super(cause);
        }
    }
}
