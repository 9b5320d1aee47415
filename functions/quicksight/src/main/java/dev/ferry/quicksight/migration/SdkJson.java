package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * An SDK model object (a QuickSight {@code DataSet}, a {@code DataSource} ...) as JSON with the API's own
 * member names ({@code PhysicalTableMap}, {@code DataSourceArn}), and back: how definitions are saved
 * before they are changed (to be restored by rollback), exported for audit, and compared field by field.
 * Works from the model's own field metadata, so every member, present or future, travels.
 */
final class SdkJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SdkJson() {
    }

    /** The object as JSON; members that are not set are left out. */
    static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode out = NODES.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            JsonNode json = value(field, value);
            if (json != null) {
                out.set(field.memberName(), json);
            }
        }
        return out;
    }

    private static JsonNode value(SdkField<?> field, Object value) {
        if (value == null) {
            return null;
        }
        MarshallingKnownType type = field.marshallingType().getKnownType();
        if (type == null) {
            return NODES.textNode(value.toString());
        }
        switch (type) {
            case SDK_POJO:
                return toJson((SdkPojo) value);
            case LIST: {
                if (value instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>) {
                    return null;
                }
                SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
                ArrayNode array = NODES.arrayNode();
                for (Object element : (List<?>) value) {
                    JsonNode e = value(member, element);
                    array.add(e == null ? NODES.nullNode() : e);
                }
                return array;
            }
            case MAP: {
                if (value instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>) {
                    return null;
                }
                SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> e : new java.util.TreeMap<>((Map<?, ?>) value).entrySet()) {
                    JsonNode v = value(member, e.getValue());
                    map.set(e.getKey().toString(), v == null ? NODES.nullNode() : v);
                }
                return map;
            }
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INTEGER:
            case LONG:
            case SHORT:
            case BYTE:
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT:
            case DOUBLE:
                return NODES.numberNode(new BigDecimal(value.toString()));
            case BIG_DECIMAL:
                return NODES.numberNode((BigDecimal) value);
            case INSTANT:
                return NODES.textNode(value.toString());
            default:
                return NODES.textNode(value.toString());
        }
    }

    /** Builds a model object of the builder's type from JSON written by {@link #toJson}. */
    @SuppressWarnings("unchecked")
    static <T> T fromJson(JsonNode json, Supplier<? extends SdkPojo> builder) {
        SdkPojo b = builder.get();
        fill(b, json);
        return (T) ((SdkBuilder<?, ?>) b).build();
    }

    private static void fill(SdkPojo builder, JsonNode json) {
        for (SdkField<?> field : builder.sdkFields()) {
            JsonNode v = json.get(field.memberName());
            if (v != null && !v.isNull()) {
                field.set(builder, read(field, v));
            }
        }
    }

    private static Object read(SdkField<?> field, JsonNode v) {
        MarshallingKnownType type = field.marshallingType().getKnownType();
        if (type == null) {
            return v.asText();
        }
        switch (type) {
            case SDK_POJO:
                return fromJson(v, field.constructor());
            case LIST: {
                SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> out = new ArrayList<>();
                v.forEach(e -> out.add(e.isNull() ? null : read(member, e)));
                return out;
            }
            case MAP: {
                SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
                Map<String, Object> out = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), e.getValue().isNull() ? null : read(member, e.getValue()));
                }
                return out;
            }
            case BOOLEAN:
                return v.asBoolean();
            case INTEGER:
                return v.asInt();
            case LONG:
                return v.asLong();
            case SHORT:
                return (short) v.asInt();
            case BYTE:
                return (byte) v.asInt();
            case FLOAT:
                return (float) v.asDouble();
            case DOUBLE:
                return v.asDouble();
            case BIG_DECIMAL:
                return v.decimalValue();
            case INSTANT:
                return Instant.parse(v.asText());
            default:
                return v.asText();
        }
    }
}
