package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a state visit produced: where to go next (null when the branch ends), the output passed on,
 * and the variables to assign once the state is done.
 */
record Outcome(String next, JsonNode output, Map<String, JsonNode> assignments) {
}
