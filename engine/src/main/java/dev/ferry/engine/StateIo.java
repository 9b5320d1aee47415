package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a state turns its input into the input of its work, and its result into its output and
 * variable assignments: {@link JsonPathIo} (InputPath, Parameters, ResultSelector, ResultPath,
 * OutputPath, Assign) or {@link JsonataIo} (Arguments, Output, Assign).
 */
interface StateIo {
    /** The input of the state's work: the task's arguments, the branches' input, what the Map reads items from. */
    JsonNode effectiveInput(StateRun run);

    /**
     * The state's output and assignments.
     *
     * @param effectiveInput what {@link #effectiveInput} returned
     * @param result         the state's result, or null for a state that has none (Choice, Wait, Succeed, JSONata Pass)
     */
    Completion complete(StateRun run, JsonNode effectiveInput, JsonNode result);

    Set<String> assignedVariables();

    /** The fields of an evaluated Assign object, as variable assignments. */
    static Map<String, JsonNode> fields(JsonNode assign) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = assign.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
