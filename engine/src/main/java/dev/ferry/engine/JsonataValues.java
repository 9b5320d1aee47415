package dev.ferry.engine;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between Jackson trees and the plain Java values the JSONata library works on (Map, List,
 * String, Number, Boolean, {@link Jsonata#NULL_VALUE} for JSON null, Java null for undefined).
 */
final class JsonataValues {
    private static final double MAX_SAFE_INTEGER = 9_007_199_254_740_991d;

    private JsonataValues() {
    }

    /** The JSONata value of a JSON tree; null (undefined) for a missing node. */
    public static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), toJava(e.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(toJava(item)));
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
            case NULL -> Jsonata.NULL_VALUE;
            default -> node.asText();
        };
    }

    /**
     * The JSON of a JSONata result; empty when the result is undefined.
     *
     * @throws JsonataException when the result is not JSON (a function, an infinite number)
     */
    public static Optional<JsonNode> toJson(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value == Jsonata.NULL_VALUE) {
            return Optional.of(NullNode.instance);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = Json.MAPPER.createObjectNode();
            map.forEach((k, v) -> toJson(v).ifPresent(json -> object.set(String.valueOf(k), json)));
            return Optional.of(object);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            list.forEach(item -> toJson(item).ifPresent(array::add));
            return Optional.of(array);
        }
        if (value instanceof CharSequence text) {
            return Optional.of(TextNode.valueOf(text.toString()));
        }
        if (value instanceof Boolean b) {
            return Optional.of(BooleanNode.valueOf(b));
        }
        if (value instanceof Number number) {
            return Optional.of(number(number));
        }
        throw new JsonataException("returned " + value.getClass().getSimpleName() + " (such as a function), which is not a JSON value");
    }

    private static JsonNode number(Number number) {
        if (number instanceof BigDecimal d) {
            BigDecimal stripped = d.stripTrailingZeros();
            return stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? LongNode.valueOf(stripped.longValue()) : DecimalNode.valueOf(d);
        }
        if (number instanceof BigInteger i) {
            return BigIntegerNode.valueOf(i);
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new JsonataException("returned " + d + ", which is not a JSON number");
            }
            return d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER ? LongNode.valueOf((long) d) : DoubleNode.valueOf(d);
        }
        return LongNode.valueOf(number.longValue());
    }
}
