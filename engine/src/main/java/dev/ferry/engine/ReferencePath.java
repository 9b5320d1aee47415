package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference path ({@code $}, {@code $.a.b}, {@code $['a b'][0]}) that names one node: where
 * ResultPath puts a result in a copy of the state input, creating missing objects on the way.
 */
final class ReferencePath {
    private record Step(String field, int index) {
        boolean isIndex() {
            return field == null;
        }

        @Override
        public String toString() {
            return isIndex() ? "[" + index + "]" : "." + field;
        }
    }

    private final String text;
    private final List<Step> steps;

    private ReferencePath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /**
     * Parses a reference path.
     *
     * @throws IllegalArgumentException when the text is not a reference path, with the reason
     */
    public static ReferencePath compile(String text) {
        if (text == null || !text.startsWith("$") || text.startsWith("$$")) {
            throw new IllegalArgumentException("'" + text + "' is not a reference path: it must start with $ and select a node of the state input");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                String field = text.substring(i + 1, end);
                if (field.isEmpty() || field.contains("*") || field.contains("@")) {
                    throw invalid(text, "'" + field + "' does not name a single field");
                }
                steps.add(new Step(field, -1));
                i = end;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw invalid(text, "a [ has no matching ]");
                }
                String inside = text.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(new Step(inside.substring(1, inside.length() - 1), -1));
                } else if (inside.matches("\\d+")) {
                    steps.add(new Step(null, Integer.parseInt(inside)));
                } else {
                    throw invalid(text, "[" + inside + "] is neither a quoted field name nor an array index");
                }
                i = close + 1;
            } else {
                throw invalid(text, "unexpected '" + c + "' at position " + i);
            }
        }
        return new ReferencePath(text, List.copyOf(steps));
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("'" + text + "' is not a reference path (" + reason + "); use only .field, ['field'] and [index] steps");
    }

    public String text() {
        return text;
    }

    /**
     * Returns a copy of {@code input} with {@code value} at this path ({@code value} itself for {@code $}).
     *
     * @throws PathException when a step meets a value that is not an object (or array for an index)
     */
    public JsonNode apply(JsonNode input, JsonNode value) {
        if (steps.isEmpty()) {
            return value;
        }
        if (input == null || !input.isObject() && !(input.isArray() && steps.get(0).isIndex())) {
            throw new PathException("Unable to apply ResultPath '" + text + "': the state input is "
                    + describe(input) + ", not an object; use ResultPath '$' or a state input that is an object");
        }
        JsonNode root = input.deepCopy();
        JsonNode current = root;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step.isIndex()) {
                ArrayNode array = (ArrayNode) current;
                if (step.index() >= array.size()) {
                    throw new PathException("Unable to apply ResultPath '" + text + "': index " + step.index() + " is outside an array of " + array.size());
                }
                if (last) {
                    array.set(step.index(), value);
                    return root;
                }
                current = next(array.get(step.index()), steps.get(i + 1), i);
            } else {
                ObjectNode object = (ObjectNode) current;
                if (last) {
                    object.set(step.field(), value);
                    return root;
                }
                JsonNode child = object.get(step.field());
                if (child == null || child.isNull()) {
                    if (steps.get(i + 1).isIndex()) {
                        throw new PathException("Unable to apply ResultPath '" + text + "': field '" + step.field() + "' is not an array");
                    }
                    child = object.putObject(step.field());
                }
                current = next(child, steps.get(i + 1), i);
            }
        }
        return root;
    }

    private JsonNode next(JsonNode child, Step nextStep, int position) {
        boolean fits = nextStep.isIndex() ? child.isArray() : child.isObject();
        if (!fits) {
            throw new PathException("Unable to apply ResultPath '" + text + "': the value at " + prefix(position)
                    + " is " + describe(child) + ", so " + nextStep + " cannot be set in it");
        }
        return child;
    }

    private String prefix(int position) {
        StringBuilder b = new StringBuilder("$");
        for (int i = 0; i <= position; i++) {
            b.append(steps.get(i));
        }
        return b.toString();
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        String json = Json.write(node);
        return node.getNodeType().name().toLowerCase() + " " + (json.length() > 60 ? json.substring(0, 57) + "..." : json);
    }

    @Override
    public String toString() {
        return text;
    }
}
