package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.Set;

/**
 * Task: runs its Resource through the registered {@link TaskInvoker} with the evaluated Parameters
 * or Arguments. TimeoutSeconds (or TimeoutSecondsPath) turns a task that runs too long into
 * States.Timeout; the engine does not interrupt a running task, it fails it when it returns.
 */
final class TaskState extends State {
    private static final long DEFAULT_TIMEOUT_SECONDS = 99_999_999L;

    private final String resource;
    private final JsonNode argumentsAsWritten;
    private final StateIo io;
    private final ErrorHandling errorHandling;
    private final Integer timeoutSeconds;
    private final Path timeoutSecondsPath;
    private final JsonataTemplate timeoutTemplate;

    private TaskState(Header header, String resource, JsonNode argumentsAsWritten, StateIo io, ErrorHandling errorHandling,
                      Integer timeoutSeconds, Path timeoutSecondsPath, JsonataTemplate timeoutTemplate) {
        super(header);
        this.resource = resource;
        this.argumentsAsWritten = argumentsAsWritten;
        this.io = io;
        this.errorHandling = errorHandling;
        this.timeoutSeconds = timeoutSeconds;
        this.timeoutSecondsPath = timeoutSecondsPath;
        this.timeoutTemplate = timeoutTemplate;
    }

    static TaskState parse(Header header, FieldReader r) {
        String resource = r.requiredString("Resource");
        JsonNode arguments = r.language() == QueryLanguage.JSONATA ? r.get("Arguments") : r.get("Parameters");
        StateIo io = StateIoParser.parse(r, StateIoParser.ALL);
        ErrorHandling handling = ErrorHandlingParser.parse(r, header.name());
        if (r.has("TimeoutSeconds") && r.has("TimeoutSecondsPath")) {
            throw r.invalid("use either TimeoutSeconds or TimeoutSecondsPath, not both");
        }
        if (r.language() == QueryLanguage.JSONATA && JsonataTemplate.isExpression(r.get("TimeoutSeconds"))) {
            return new TaskState(header, resource, arguments, io, handling, null, null, r.jsonata("TimeoutSeconds"));
        }
        return new TaskState(header, resource, arguments, io, handling, r.integer("TimeoutSeconds", 1),
                r.language() == QueryLanguage.JSONPATH ? r.path("TimeoutSecondsPath") : null, null);
    }

    String resource() {
        return resource;
    }

    JsonNode argumentsAsWritten() {
        return argumentsAsWritten;
    }

    @Override
    ErrorHandling errorHandling() {
        return errorHandling;
    }

    @Override
    Outcome execute(StateRun run) {
        JsonNode arguments = io.effectiveInput(run);
        long timeout = timeout(run);
        Instant deadline = timeout >= DEFAULT_TIMEOUT_SECONDS ? null : run.services().clock().now().plusSeconds(timeout);
        JsonNode result = invoke(run, arguments, deadline, timeout);
        return io.complete(run, arguments, result).to(next());
    }

    private JsonNode invoke(StateRun run, JsonNode arguments, Instant deadline, long timeout) {
        ExecutionListener listener = run.services().listener();
        String path = run.path();
        TaskInvoker invoker = run.services().invokers().get(resource);
        JsonNode result;
        try {
            result = invoker.invoke(resource, arguments, new TaskContext(run, resource, deadline));
        } catch (TaskFailedException e) {
            listener.taskFailed(path, resource, e.error(), e.cause());
            throw new StatesError(e.error(), e.cause());
        } catch (TaskContext.TaskTimeout e) {
            throw timedOut(run, path, timeout);
        } catch (Cancellation.Cancelled | ExecutionRun.TimedOut e) {
            throw e;
        } catch (RuntimeException e) {
            String cause = "The task invoker for " + resource + " failed unexpectedly: " + e;
            listener.taskFailed(path, resource, ErrorNames.TASK_FAILED, cause);
            throw new StatesError(ErrorNames.TASK_FAILED, cause);
        }
        if (deadline != null && run.services().clock().now().isAfter(deadline)) {
            throw timedOut(run, path, timeout);
        }
        JsonNode value = result == null ? NullNode.instance : result;
        Payloads.checkSize(value, run.state().name());
        listener.taskSucceeded(path, resource, value);
        return value;
    }

    private StatesError timedOut(StateRun run, String path, long timeout) {
        String cause = "The task in state '" + run.state().name() + "' did not finish within its TimeoutSeconds (" + timeout + " s).";
        run.services().listener().taskFailed(path, resource, ErrorNames.TIMEOUT, cause);
        return new StatesError(ErrorNames.TIMEOUT, cause);
    }

    private long timeout(StateRun run) {
        if (timeoutSeconds != null) {
            return timeoutSeconds;
        }
        JsonNode value;
        if (timeoutSecondsPath != null) {
            value = timeoutSecondsPath.read(run.pathScope(run.input()));
        } else if (timeoutTemplate != null) {
            value = timeoutTemplate.evaluate(run.bindings(null, null), "TimeoutSeconds");
        } else {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        if (!value.isIntegralNumber() || value.longValue() < 1) {
            throw run.badValue("TimeoutSeconds must be a positive whole number, not " + value);
        }
        return value.longValue();
    }

    @Override
    Set<String> assignedVariables() {
        Set<String> names = super.assignedVariables();
        names.addAll(io.assignedVariables());
        return names;
    }
}
