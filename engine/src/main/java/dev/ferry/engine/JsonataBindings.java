package dev.ferry.engine;

import java.util.Map;

/**
 * What a JSONata expression in a state can read: {@code $states} (input, result, errorOutput,
 * context) and the workflow variables in scope, all as JSONata values ({@link JsonataValues#toJava}).
 */
record JsonataBindings(Map<String, Object> states, Map<String, Object> variables) {
}
