package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** Comparisons of JSON values as JSON means them: numbers by value, whatever Java type holds them. */
final class JsonValues {
    /** Orders number nodes by value; any other pair by equality. Use with {@link JsonNode#equals(Comparator, JsonNode)}. */
    public static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonValues() {
    }

    /** True when both values are the same JSON ({@code 1} equals {@code 1.0}). */
    public static boolean equal(JsonNode a, JsonNode b) {
        return a.equals(NUMERIC, b);
    }

    /** Compact JSON of a value, cut to {@code max} characters for messages. */
    public static String abbreviate(JsonNode value, int max) {
        String json = value == null ? "undefined" : Json.write(value);
        return json.length() <= max ? json : json.substring(0, max - 3) + "...";
    }
}
