package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value of a JSONata state (Arguments, Output, Assign, ItemSelector, Items, ...): any string
 * written {@code {% expression %}}, at any depth, is replaced by the expression's value.
 */
final class JsonataTemplate {
    private sealed interface Node permits Constant, Expression, ObjectTemplate, ArrayTemplate {
        JsonNode evaluate(JsonataBindings bindings, String field);
    }

    private record Constant(JsonNode value) implements Node {
        @Override
        public JsonNode evaluate(JsonataBindings bindings, String field) {
            return value.deepCopy();
        }
    }

    private record Expression(JsonataExpression expression) implements Node {
        @Override
        public JsonNode evaluate(JsonataBindings bindings, String field) {
            try {
                return expression.evaluate(bindings).orElseThrow(() -> new JsonataException(
                        "The JSONata expression '" + expression.text() + "' specified for the field '" + field + "' returned nothing (undefined)."));
            } catch (JsonataException e) {
                if (e.getMessage().startsWith("The JSONata expression '")) {
                    throw e;
                }
                throw new JsonataException("The JSONata expression '" + expression.text() + "' specified for the field '" + field
                        + "' threw an error during evaluation. " + e.getMessage(), e);
            }
        }
    }

    private record ObjectTemplate(List<Map.Entry<String, Node>> fields) implements Node {
        @Override
        public JsonNode evaluate(JsonataBindings bindings, String field) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            fields.forEach(e -> out.set(e.getKey(), e.getValue().evaluate(bindings, field + "/" + e.getKey())));
            return out;
        }
    }

    private record ArrayTemplate(List<Node> items) implements Node {
        @Override
        public JsonNode evaluate(JsonataBindings bindings, String field) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (int i = 0; i < items.size(); i++) {
                out.add(items.get(i).evaluate(bindings, field + "[" + i + "]"));
            }
            return out;
        }
    }

    private final Node root;
    private final JsonNode source;

    private JsonataTemplate(Node root, JsonNode source) {
        this.root = root;
        this.source = source;
    }

    /**
     * Compiles a template, parsing every expression in it.
     *
     * @throws IllegalArgumentException when an expression does not parse
     */
    public static JsonataTemplate compile(JsonNode template) {
        return new JsonataTemplate(node(template), template);
    }

    /** True for a string written {@code {% ... %}}. */
    public static boolean isExpression(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return false;
        }
        String s = value.textValue();
        return s.length() >= 4 && s.startsWith("{%") && s.endsWith("%}");
    }

    private static Node node(JsonNode value) {
        if (isExpression(value)) {
            String s = value.textValue();
            return new Expression(JsonataExpression.compile(s.substring(2, s.length() - 2).trim()));
        }
        if (value.isObject()) {
            List<Map.Entry<String, Node>> fields = new ArrayList<>();
            boolean dynamic = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Node child = node(e.getValue());
                dynamic |= !(child instanceof Constant);
                fields.add(Map.entry(e.getKey(), child));
            }
            return dynamic ? new ObjectTemplate(List.copyOf(fields)) : new Constant(value);
        }
        if (value.isArray()) {
            List<Node> items = new ArrayList<>();
            boolean dynamic = false;
            for (JsonNode item : value) {
                Node child = node(item);
                dynamic |= !(child instanceof Constant);
                items.add(child);
            }
            return dynamic ? new ArrayTemplate(List.copyOf(items)) : new Constant(value);
        }
        return new Constant(value);
    }

    /**
     * Evaluates the template.
     *
     * @param field the field the template is written in ("Output", "Assign/x"), named in error messages
     * @throws JsonataException when an expression fails or returns nothing
     */
    public JsonNode evaluate(JsonataBindings bindings, String field) {
        return root.evaluate(bindings, field);
    }

    /** The keys of a template object, e.g. the variables an Assign sets. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        if (source.isObject()) {
            source.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }
}
