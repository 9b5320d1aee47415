package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Lambda functions a workflow's definition names, read from
 * {@code statemachines/asl/<workflow>.functions.json}: each token of the definition
 * ({@code ${LogicalIdOfAlias}} or {@code ${LogicalId.Arn}}) mapped to the function's handler,
 * runtime, timeout, memory and environment, all taken from the synthesized template.
 */
public final class FunctionsMap {
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;
    private static final int DEFAULT_MEMORY_MB = 128;

    private final Map<String, FunctionSpec> byToken;

    private FunctionsMap(Map<String, FunctionSpec> byToken) {
        this.byToken = byToken;
    }

    public static FunctionsMap empty() {
        return new FunctionsMap(Map.of());
    }

    /**
     * Reads a functions map.
     *
     * @throws IllegalArgumentException naming the entry that is malformed and what it needs
     */
    public static FunctionsMap parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a functions map is a JSON object of token -> {logicalId, handler, runtime, timeoutSeconds, memoryMB, environment}");
        }
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            specs.put(e.getKey(), spec(e.getKey(), e.getValue()));
        }
        return new FunctionsMap(Map.copyOf(specs));
    }

    private static FunctionSpec spec(String token, JsonNode entry) {
        if (!entry.isObject() || !entry.path("handler").isTextual() || entry.path("handler").asText().isBlank()) {
            throw new IllegalArgumentException("functions map entry '" + token + "' needs a \"handler\": \"fully.qualified.Class::method\"");
        }
        Map<String, String> environment = new TreeMap<>();
        entry.path("environment").fields().forEachRemaining(v -> environment.put(v.getKey(), v.getValue().asText()));
        return new FunctionSpec(token, entry.path("logicalId").asText(token), entry.get("handler").asText(), entry.path("runtime").asText("java21"),
                positive(entry, "timeoutSeconds", DEFAULT_TIMEOUT_SECONDS, token), positive(entry, "memoryMB", DEFAULT_MEMORY_MB, token),
                Map.copyOf(environment));
    }

    private static int positive(JsonNode entry, String field, int fallback, String token) {
        JsonNode value = entry.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || value.intValue() <= 0) {
            throw new IllegalArgumentException("functions map entry '" + token + "': \"" + field + "\" must be a positive whole number, not " + value);
        }
        return value.intValue();
    }

    /** Every token the map knows. */
    public Collection<String> tokens() {
        return byToken.keySet();
    }

    public Collection<FunctionSpec> functions() {
        return byToken.values();
    }

    /**
     * The function a reference names: a token exactly, or a string holding exactly one token
     * (such as {@code ${ValidateFunction.Arn}:live}).
     */
    public Optional<FunctionSpec> find(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        FunctionSpec exact = byToken.get(reference);
        if (exact != null) {
            return Optional.of(exact);
        }
        List<FunctionSpec> contained = new ArrayList<>();
        byToken.forEach((token, spec) -> {
            if (reference.contains(token)) {
                contained.add(spec);
            }
        });
        return contained.size() == 1 ? Optional.of(contained.get(0)) : Optional.empty();
    }
}
