package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One attempt at a state: its raw input, the context object, and what its expressions can read. */
final class StateRun {
    private final ScopeRun scope;
    private final State state;
    private final JsonNode input;
    private final Instant enteredTime;
    private final int retryCount;
    private ObjectNode context;
    private Object jsonataInput;
    private Object jsonataContext;
    private Map<String, Object> jsonataVariables;

    StateRun(ScopeRun scope, State state, JsonNode input, Instant enteredTime, int retryCount) {
        this.scope = scope;
        this.state = state;
        this.input = input;
        this.enteredTime = enteredTime;
        this.retryCount = retryCount;
    }

    State state() {
        return state;
    }

    /** The state's raw input ({@code $states.input}). */
    JsonNode input() {
        return input;
    }

    int retryCount() {
        return retryCount;
    }

    ExecutionRun execution() {
        return scope.execution();
    }

    EngineServices services() {
        return scope.execution().services();
    }

    Variables variables() {
        return scope.variables();
    }

    Cancellation cancellation() {
        return scope.cancellation();
    }

    /** Where the state runs, for listeners: e.g. {@code Copy/3/CopySegment}. */
    String path() {
        return scope.pathOf(state.name());
    }

    /** The context object: Execution, StateMachine and State ({@code $$} / {@code $states.context}). */
    ObjectNode context() {
        if (context == null) {
            ExecutionRun execution = execution();
            ObjectNode root = Json.MAPPER.createObjectNode();
            ObjectNode exec = root.putObject("Execution");
            exec.put("Id", execution.arn());
            exec.set("Input", execution.input());
            exec.put("Name", execution.name());
            exec.put("RoleArn", services().aws().globalArn("iam", "role/ferry-local"));
            exec.put("StartTime", ExecutionRun.timestamp(execution.startTime()));
            exec.put("RedriveCount", 0);
            ObjectNode machine = root.putObject("StateMachine");
            machine.put("Id", execution.stateMachineArn());
            machine.put("Name", execution.stateMachineName());
            ObjectNode current = root.putObject("State");
            current.put("EnteredTime", ExecutionRun.timestamp(enteredTime));
            current.put("Name", state.name());
            current.put("RetryCount", retryCount);
            context = root;
        }
        return context;
    }

    /** The context object with {@code Map.Item} set, for a Map's ItemSelector. */
    ObjectNode contextWithItem(int index, JsonNode value, String key) {
        ObjectNode copy = context().deepCopy();
        ObjectNode item = copy.putObject("Map").putObject("Item");
        item.put("Index", index);
        if (key != null) {
            item.put("Key", key);
        }
        item.set("Value", value);
        return copy;
    }

    /** What a JSONPath reads: {@code $} = {@code data}, {@code $$} = the context object, {@code $name} = a variable. */
    PathScope pathScope(JsonNode data) {
        return pathScope(data, context());
    }

    PathScope pathScope(JsonNode data, JsonNode contextObject) {
        Variables variables = variables();
        return new PathScope() {
            @Override
            public JsonNode input() {
                return data;
            }

            @Override
            public JsonNode context() {
                return contextObject;
            }

            @Override
            public Optional<JsonNode> variable(String name) {
                return variables.get(name);
            }
        };
    }

    /** A value of the wrong type or range: States.QueryEvaluationError in JSONata, States.Runtime in JSONPath. */
    StatesError badValue(String message) {
        String cause = StatesError.inState(state.name(), message);
        return new StatesError(state.language() == QueryLanguage.JSONATA ? ErrorNames.QUERY_EVALUATION_ERROR : ErrorNames.RUNTIME, cause);
    }

    /** What a JSONata expression reads: {@code $states} (input, context, result, errorOutput) and the variables. */
    JsonataBindings bindings(JsonNode result, JsonNode errorOutput) {
        if (jsonataContext == null) {
            jsonataContext = JsonataValues.toJava(context());
        }
        return withContext(result, errorOutput, jsonataContext);
    }

    /** The bindings with another context object, e.g. one with {@code Map.Item} for an ItemSelector. */
    JsonataBindings bindings(JsonNode result, JsonNode errorOutput, JsonNode contextObject) {
        return withContext(result, errorOutput, JsonataValues.toJava(contextObject));
    }

    private JsonataBindings withContext(JsonNode result, JsonNode errorOutput, Object contextObject) {
        if (jsonataInput == null) {
            jsonataInput = JsonataValues.toJava(input);
        }
        Map<String, Object> states = new HashMap<>();
        states.put("input", jsonataInput);
        states.put("context", contextObject);
        if (result != null) {
            states.put("result", JsonataValues.toJava(result));
        }
        if (errorOutput != null) {
            states.put("errorOutput", JsonataValues.toJava(errorOutput));
        }
        if (jsonataVariables == null) {
            jsonataVariables = variables().jsonataView();
        }
        return new JsonataBindings(states, jsonataVariables);
    }
}
