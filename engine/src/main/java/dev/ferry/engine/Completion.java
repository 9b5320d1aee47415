package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A state's output and the variables it assigns, computed from its result. */
record Completion(JsonNode output, Map<String, JsonNode> assignments) {
    Outcome to(String next) {
        return new Outcome(next, output, assignments);
    }
}
