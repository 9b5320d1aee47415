package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a definition into {@link StateGraph}s and checks what Step Functions checks when a state
 * machine is created: required fields, transitions to existing states, reachability, unique state
 * names, expressions that parse, and variable scopes.
 */
final class DefinitionParser {
    /** The parsed state machine. */
    record Parsed(StateGraph graph, Integer timeoutSeconds, List<TaskState> tasks) {
    }

    private final QueryLanguage topLanguage;
    private final Set<String> names = new HashSet<>();
    private final List<TaskState> tasks = new ArrayList<>();

    private DefinitionParser(QueryLanguage topLanguage) {
        this.topLanguage = topLanguage;
    }

    static Parsed parse(JsonNode definition) {
        if (definition == null || !definition.isObject()) {
            throw DefinitionException.invalid("a state machine definition is a JSON object with StartAt and States");
        }
        JsonNode language = definition.get("QueryLanguage");
        QueryLanguage top = language == null ? QueryLanguage.JSONPATH : QueryLanguage.parse(language.asText());
        if (top == null) {
            throw DefinitionException.invalid("the top-level QueryLanguage must be JSONPath or JSONata, not " + language);
        }
        DefinitionParser parser = new DefinitionParser(top);
        FieldReader r = new FieldReader(definition, "the state machine", top);
        r.get("QueryLanguage");
        r.string("Version");
        Integer timeout = r.integer("TimeoutSeconds", 1);
        StateGraph graph = parser.graph(definition, r);
        r.finish("a state machine");
        checkVariables(graph, Set.of());
        return new Parsed(graph, timeout, List.copyOf(parser.tasks));
    }

    /** Parses a nested graph: a Parallel branch or a Map's ItemProcessor. */
    StateGraph graph(JsonNode node, String where, Set<String> extraFields) {
        FieldReader r = new FieldReader(node, where, topLanguage);
        extraFields.forEach(r::get);
        StateGraph graph = graph(node, r);
        r.finish(where.startsWith("ItemProcessor") ? "an ItemProcessor" : "a Parallel branch");
        return graph;
    }

    private StateGraph graph(JsonNode node, FieldReader r) {
        String startAt = r.requiredString("StartAt");
        r.string("Comment");
        JsonNode statesNode = r.required("States");
        if (!statesNode.isObject() || statesNode.isEmpty()) {
            throw r.invalid("'States' must be an object with at least one state");
        }
        Map<String, State> states = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            states.put(e.getKey(), state(e.getKey(), e.getValue()));
        }
        if (!states.containsKey(startAt)) {
            throw r.invalid("StartAt names '" + startAt + "', which is not one of its States " + states.keySet());
        }
        for (State state : states.values()) {
            for (String target : state.transitions()) {
                if (!states.containsKey(target)) {
                    throw DefinitionException.invalid("state '" + state.name() + "' goes to '" + target
                            + "', which is not a state of the same set of States " + states.keySet());
                }
            }
        }
        checkReachable(startAt, states, r);
        return new StateGraph(startAt, Map.copyOf(states));
    }

    private State state(String name, JsonNode node) {
        String where = "state '" + name + "'";
        if (!names.add(name)) {
            throw DefinitionException.invalid(where + ": state names must be unique in the whole state machine, branches and processors included");
        }
        if (!node.isObject()) {
            throw DefinitionException.invalid(where + " must be a JSON object");
        }
        JsonNode languageNode = node.get("QueryLanguage");
        QueryLanguage language = languageNode == null ? topLanguage : QueryLanguage.parse(languageNode.asText());
        if (language == null) {
            throw DefinitionException.invalid(where + ": QueryLanguage must be JSONPath or JSONata, not " + languageNode);
        }
        if (topLanguage == QueryLanguage.JSONATA && language == QueryLanguage.JSONPATH) {
            throw DefinitionException.invalid(where + ": a state cannot use JSONPath when the state machine's QueryLanguage is JSONata");
        }
        FieldReader r = new FieldReader(node, where, language);
        r.get("QueryLanguage");
        String type = r.requiredString("Type");
        r.string("Comment");
        boolean terminal = type.equals("Succeed") || type.equals("Fail") || type.equals("Choice");
        String next = null;
        if (!terminal) {
            next = r.string("Next");
            boolean end = r.isTrue("End");
            if ((next == null) == !end) {
                throw r.invalid("a " + type + " state needs either \"Next\": \"<state>\" or \"End\": true (not both)");
            }
        }
        State.Header header = new State.Header(name, type, language, next);
        State state = switch (type) {
            case "Task" -> TaskState.parse(header, r);
            case "Pass" -> PassState.parse(header, r);
            case "Choice" -> ChoiceState.parse(header, r);
            case "Wait" -> WaitState.parse(header, r);
            case "Succeed" -> SucceedState.parse(header, r);
            case "Fail" -> FailState.parse(header, r);
            case "Parallel" -> ParallelState.parse(header, r, this);
            case "Map" -> MapState.parse(header, r, this);
            default -> throw new UnsupportedFeatureException("state type '" + type + "' in " + where
                    + " (the States Language has Task, Pass, Choice, Wait, Succeed, Fail, Parallel and Map)");
        };
        r.finish("a " + type + " state");
        if (state instanceof TaskState task) {
            tasks.add(task);
        }
        return state;
    }

    private static void checkReachable(String startAt, Map<String, State> states, FieldReader r) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(startAt));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (seen.add(name)) {
                todo.addAll(states.get(name).transitions());
            }
        }
        for (String name : states.keySet()) {
            if (!seen.contains(name)) {
                throw DefinitionException.invalid("state '" + name + "' cannot be reached from StartAt '" + startAt
                        + "': remove it or add a Next, Choice rule or Catch that goes to it");
            }
        }
    }

    /**
     * A scope may not assign a variable its enclosing scopes assign: states in a Parallel branch or
     * inline Map iteration read outer variables but cannot change them. A Distributed Map's child
     * executions see no outer variables, so they start afresh.
     */
    private static void checkVariables(StateGraph graph, Set<String> outer) {
        Set<String> own = new HashSet<>();
        for (State state : graph.states().values()) {
            for (String name : state.assignedVariables()) {
                if (outer.contains(name)) {
                    throw DefinitionException.invalid("state '" + state.name() + "' assigns the variable '" + name
                            + "', which an enclosing scope also assigns; states in a Parallel branch or Map iteration can read outer "
                            + "variables but not assign them: use another name and pass the value out through the state's output");
                }
                own.add(name);
            }
        }
        Set<String> visible = new HashSet<>(outer);
        visible.addAll(own);
        for (State state : graph.states().values()) {
            for (State.Nested nested : state.nested()) {
                checkVariables(nested.graph(), nested.seesOuterVariables() ? visible : Set.of());
            }
        }
    }
}
