package dev.ferry.postgres.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Column values, from JDBC to DynamoDB. A value is read into a plain Java form ({@link #read}): String,
 * BigDecimal (every digit), Boolean, byte[], JsonNode (numbers as BigDecimal), List (arrays) or null; then
 * becomes an attribute ({@link #attribute}) and, for templates and ids, text ({@link #text}).
 */
public final class Values {
    /** DynamoDB numbers hold at most 38 significant digits. */
    static final int MAX_DIGITS = 38;

    private Values() {
    }

    /** A value that cannot become an attribute; the message names no value, only why. */
    public static final class ConversionException extends RuntimeException {
        public ConversionException(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads column {@code i} (1-based) as its kind. */
    public static Object read(ResultSet rs, int i, ColumnKind kind, ColumnKind elementKind) throws SQLException {
        return switch (kind) {
            case STRING, TEXT_FORM -> rs.getString(i);
            case INTEGER, DECIMAL, NUMERIC_CAST -> decimal(rs, i);
            case FLOAT -> floating(rs.getObject(i));
            case BOOL -> rs.getObject(i) == null ? null : rs.getBoolean(i);
            case TIMESTAMPTZ -> instant(rs.getObject(i, OffsetDateTime.class));
            case TIMESTAMP -> local(rs.getObject(i, LocalDateTime.class));
            case DATE -> date(rs.getObject(i, LocalDate.class));
            case JSON, JSON_TEXT -> json(rs.getString(i));
            case BINARY -> rs.getBytes(i);
            case ARRAY -> array(rs.getArray(i), elementKind);
            case UNSUPPORTED -> throw new ConversionException("the column's type has no conversion");
        };
    }

    private static BigDecimal decimal(ResultSet rs, int i) throws SQLException {
        String text = rs.getString(i);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new ConversionException("the value is " + (text.length() < 12 ? text : "not a finite number")
                    + ", which a DynamoDB number cannot hold");
        }
    }

    private static BigDecimal floating(Object v) {
        if (v == null) {
            return null;
        }
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new ConversionException("the value is " + d + ", which a DynamoDB number cannot hold");
        }
        return v instanceof Float f ? new BigDecimal(Float.toString(f)) : new BigDecimal(Double.toString(d));
    }

    private static String instant(OffsetDateTime t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.toInstant());
    }

    private static String local(LocalDateTime t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.toInstant(ZoneOffset.UTC));
    }

    private static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    /** JSON text parsed with exact numbers. */
    public static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ConversionException("the value is not valid JSON");
        }
    }

    private static List<Object> array(Array array, ColumnKind element) throws SQLException {
        if (array == null) {
            return null;
        }
        return elements((Object[]) array.getArray(), element);
    }

    private static List<Object> elements(Object[] values, ColumnKind element) {
        List<Object> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(element(v, element));
        }
        return out;
    }

    private static Object element(Object v, ColumnKind kind) {
        if (v == null) {
            return null;
        }
        if (v instanceof Object[] nested) {
            return elements(nested, kind);
        }
        return switch (kind) {
            case INTEGER, DECIMAL -> new BigDecimal(v.toString());
            case FLOAT -> floating(v);
            case BOOL -> (Boolean) v;
            case TIMESTAMPTZ -> DateTimeFormatter.ISO_INSTANT.format(((Timestamp) v).toInstant());
            case TIMESTAMP -> DateTimeFormatter.ISO_INSTANT.format(((Timestamp) v).toLocalDateTime().toInstant(ZoneOffset.UTC));
            case DATE -> v instanceof java.sql.Date d ? d.toLocalDate().toString() : v.toString();
            case JSON -> json(v.toString());
            case BINARY -> (byte[]) v;
            case STRING, TEXT_FORM -> v.toString();
            default -> throw new ConversionException("the array's element type has no conversion");
        };
    }

    /**
     * The attribute of a value; null stays null (the caller omits it, or writes NULL).
     *
     * @throws ConversionException for a number DynamoDB cannot hold
     */
    public static AttributeValue attribute(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return AttributeValue.fromS(s);
        }
        if (v instanceof BigDecimal n) {
            return AttributeValue.fromN(number(n));
        }
        if (v instanceof Boolean b) {
            return AttributeValue.fromBool(b);
        }
        if (v instanceof byte[] b) {
            return AttributeValue.fromB(SdkBytes.fromByteArray(b));
        }
        if (v instanceof JsonNode j) {
            return fromJson(j);
        }
        if (v instanceof List<?> list) {
            List<AttributeValue> out = new ArrayList<>(list.size());
            for (Object e : list) {
                AttributeValue a = attribute(e);
                out.add(a == null ? AttributeValue.fromNul(true) : a);
            }
            return AttributeValue.fromL(out);
        }
        throw new ConversionException("a value of type " + v.getClass().getSimpleName() + " has no conversion");
    }

    private static AttributeValue fromJson(JsonNode j) {
        if (j.isObject()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            j.fields().forEachRemaining(e -> m.put(e.getKey(), fromJson(e.getValue())));
            return AttributeValue.fromM(m);
        }
        if (j.isArray()) {
            List<AttributeValue> l = new ArrayList<>(j.size());
            j.forEach(e -> l.add(fromJson(e)));
            return AttributeValue.fromL(l);
        }
        if (j.isNumber()) {
            return AttributeValue.fromN(number(j.decimalValue()));
        }
        if (j.isBoolean()) {
            return AttributeValue.fromBool(j.booleanValue());
        }
        if (j.isNull()) {
            return AttributeValue.fromNul(true);
        }
        return AttributeValue.fromS(j.asText());
    }

    private static String number(BigDecimal n) {
        BigDecimal normal = n.stripTrailingZeros();
        if (normal.precision() > MAX_DIGITS) {
            throw new ConversionException("the number has " + normal.precision() + " significant digits; a DynamoDB number holds "
                    + MAX_DIGITS);
        }
        return n.toPlainString();
    }

    /** The value as text, for key templates, secret names and ids: numbers plain, JSON compact, bytes hex. */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal n) {
            return n.toPlainString();
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof JsonNode j) {
            return Json.write(j);
        }
        return v.toString();
    }
}
