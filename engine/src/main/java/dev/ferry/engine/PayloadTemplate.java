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
 * A JSONPath payload template (Parameters, ResultSelector, ItemSelector, BatchInput, Assign): a JSON
 * value whose object fields ending in {@code .$} take the value of a path or intrinsic function.
 */
final class PayloadTemplate {
    private sealed interface Node permits Constant, ObjectTemplate, ArrayTemplate {
        JsonNode evaluate(PathScope scope);
    }

    private record Constant(JsonNode value) implements Node {
        @Override
        public JsonNode evaluate(PathScope scope) {
            return value.deepCopy();
        }
    }

    private record Field(String key, String outputKey, Node node, JsonPathExpression expression) {
    }

    private record ObjectTemplate(List<Field> fields) implements Node {
        @Override
        public JsonNode evaluate(PathScope scope) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Field field : fields) {
                out.set(field.outputKey(), field.expression() == null ? field.node().evaluate(scope) : select(field, scope));
            }
            return out;
        }

        private static JsonNode select(Field field, PathScope scope) {
            try {
                return field.expression().evaluate(scope);
            } catch (PathException e) {
                throw new PathException("The JSONPath '" + field.expression().text() + "' specified for the field '" + field.key()
                        + "' could not be found in the input '" + JsonValues.abbreviate(scope.input(), 1000) + "'");
            }
        }
    }

    private record ArrayTemplate(List<Node> items) implements Node {
        @Override
        public JsonNode evaluate(PathScope scope) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            items.forEach(item -> out.add(item.evaluate(scope)));
            return out;
        }
    }

    private final Node root;
    private final JsonNode source;

    private PayloadTemplate(Node root, JsonNode source) {
        this.root = root;
        this.source = source;
    }

    /**
     * Compiles a template.
     *
     * @throws IllegalArgumentException when a {@code .$} field does not hold a valid path or intrinsic function
     */
    public static PayloadTemplate compile(JsonNode template) {
        return new PayloadTemplate(node(template), template);
    }

    private static Node node(JsonNode value) {
        if (value.isObject()) {
            List<Field> fields = new ArrayList<>();
            boolean dynamic = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.endsWith(".$")) {
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException("the field '" + key + "' ends in .$, so its value must be a path or intrinsic function string");
                    }
                    JsonPathExpression expression;
                    try {
                        expression = JsonPathExpression.compile(e.getValue().textValue());
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException("the field '" + key + "': " + ex.getMessage(), ex);
                    }
                    fields.add(new Field(key, key.substring(0, key.length() - 2), null, expression));
                    dynamic = true;
                } else {
                    Node child = node(e.getValue());
                    dynamic |= !(child instanceof Constant);
                    fields.add(new Field(key, key, child, null));
                }
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
     * Builds the payload.
     *
     * @throws PathException when a path matches nothing
     * @throws IntrinsicException when an intrinsic function fails
     */
    public JsonNode evaluate(PathScope scope) {
        return root.evaluate(scope);
    }

    /** The names a template object produces (its keys without {@code .$}), e.g. the variables an Assign sets. */
    public Set<String> outputKeys() {
        Set<String> keys = new LinkedHashSet<>();
        if (source.isObject()) {
            source.fieldNames().forEachRemaining(k -> keys.add(k.endsWith(".$") ? k.substring(0, k.length() - 2) : k));
        }
        return keys;
    }
}
