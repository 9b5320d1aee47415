package dev.ferry.dynamodb.transform;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.codec.ItemCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plain-JSON view of a DynamoDB item that transform expressions work on, and the way back from
 * what they return to DynamoDB values (docs/dynamodb-transform.md, "The JSON view").
 *
 * <h2>Item to view</h2>
 * S: string; N: number, exact (a {@link BigDecimal} holding every digit); BOOL: true/false; NULL:
 * null; M: object; L: array; SS, NS: array of strings / numbers and BS: array of base64 strings, each
 * remembering that it is a set ({@link SetValue}); B: base64 string.
 *
 * <h2>View to item</h2>
 * A value of the result is converted by the first rule that applies:
 * <ol>
 *   <li>it is a value of the item, unchanged, wherever it was put: the item's own value (a set stays a
 *       set, binary stays binary, a 38-digit number keeps its digits);</li>
 *   <li>it equals, as JSONata sees values, the item's value at the same place: the item's own value
 *       (this is what keeps attributes that went through JSONata's transform operator, which works on
 *       a copy of the item in which numbers are doubles and sets plain arrays, exactly as they were);</li>
 *   <li>it is a set made by {@code $toStringSet}, {@code $toNumberSet} or {@code $toBinarySet}: that set;</li>
 *   <li>it equals, as JSONata sees values, exactly one distinct value anywhere in the item, and that
 *       value is binary, a set or a number with more digits than a double holds: that value (so a
 *       value moved within a copied item keeps its type and digits);</li>
 *   <li>otherwise by its JSON type: string S, number N, true/false BOOL, null NULL, object M, array L.</li>
 * </ol>
 * Not thread-safe: a view belongs to one evaluation.
 */
final class PlainJson {
    /** DynamoDB nests M and L values at most 32 levels deep. */
    static final int MAX_DEPTH = 32;
    private static final BigDecimal MAX_NUMBER = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_NUMBER = new BigDecimal("1E-130");
    private static final Object AMBIGUOUS = new Object();

    private PlainJson() {
    }

    /** The DynamoDB set types. */
    enum SetType { SS, NS, BS }

    /** A DynamoDB set in the view: a JSON array to JSONata that remembers its set type. */
    static final class SetValue extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
        final SetType type;

        SetValue(SetType type, Collection<?> members) {
            super(members);
            this.type = type;
        }
    }

    /** A result that cannot become a DynamoDB value; the message says where and why, without item data. */
    static final class ConversionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message);
        }
    }

    /** The view of {@code item}. */
    static View view(Map<String, AttributeValue> item) {
        return new View(item);
    }

    /** A JSON value (the input's variables) as the plain Java values JSONata works on; numbers exact. */
    static Object fromJson(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(e -> map.put(e.getKey(), fromJson(e.getValue())));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(fromJson(element)));
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.decimalValue();
            case NULL -> Jsonata.NULL_VALUE;
            default -> node.asText();
        };
    }

    /** One item's view, and the way back for the results computed from it. */
    static final class View {
        private final Map<String, AttributeValue> item;
        private final Map<String, Object> root;
        private final IdentityHashMap<Object, AttributeValue> origins = new IdentityHashMap<>();
        private boolean hasBinary;
        private boolean hasSets;
        private boolean hasLongNumbers;
        private Map<String, Object> index;
        /** Lookup keys of the item's binary values, sets and long numbers: a result value can only come from these (rule 4). */
        private final java.util.Set<String> specialKeys = new java.util.HashSet<>();

        private View(Map<String, AttributeValue> item) {
            this.item = item;
            this.root = new LinkedHashMap<>();
            for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
                root.put(e.getKey(), toView(e.getValue()));
            }
        }

        /** What JSONata reads: the item as plain Java values. */
        Map<String, Object> root() {
            return root;
        }

        /**
         * The item an expression returned, each top-level attribute converted with the item's value of the
         * same name as its hint (rule 2).
         *
         * @param what how to name the result in an error ("update")
         * @throws ConversionException when the result is not an object or holds a value DynamoDB cannot store
         */
        Map<String, AttributeValue> toItem(Object result, String what) {
            return toItem(result, what, true);
        }

        /** A record an expression returned (rules 1, 3, 4, 5: it has no place in the item). */
        Map<String, AttributeValue> toRecord(Object result, String what) {
            return toItem(result, what, false);
        }

        private Map<String, AttributeValue> toItem(Object result, String what, boolean hinted) {
            if (!(result instanceof Map<?, ?> map)) {
                throw new ConversionException(what + " returned " + describe(result) + ", not an object of attributes");
            }
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (name.isEmpty()) {
                    throw new ConversionException(what + " returned an attribute with an empty name");
                }
                // JSONata's object constructors leave undefined values out; a null kept under a key is JSON null
                // (the transform operator's copy of the item turns null into that)
                AttributeValue hint = hinted ? item.get(name) : null;
                out.put(name, toAttribute(e.getValue(), hint, hint == null ? null : root.get(name), what + " attribute " + name, 1));
            }
            return out;
        }

        private AttributeValue toAttribute(Object value, AttributeValue hint, Object hintView, String where, int depth) {
            Object v = value == null ? Jsonata.NULL_VALUE : value;
            AttributeValue origin = origins.get(v);
            if (origin != null) {
                return origin;
            }
            if (v instanceof SetValue set) {
                return builtSet(set, where);
            }
            if (hint != null && viewEquals(v, hintView)) {
                return hint;
            }
            AttributeValue found = provenance(v);
            if (found != null) {
                return found;
            }
            if (depth > MAX_DEPTH) {
                throw new ConversionException(where + " nests objects and arrays more than " + MAX_DEPTH
                        + " levels deep, DynamoDB's limit");
            }
            if (v instanceof Map<?, ?> map) {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                Map<?, ?> hintMap = hint != null && hint.hasM() && hintView instanceof Map<?, ?> hv ? hv : null;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    AttributeValue childHint = hintMap == null ? null : hint.m().get(key);
                    m.put(key, toAttribute(e.getValue(), childHint, childHint == null ? null : hintMap.get(key), where, depth + 1));
                }
                return AttributeValue.fromM(m);
            }
            if (v instanceof List<?> list) {
                List<AttributeValue> l = new ArrayList<>(list.size());
                List<?> hintList = hint != null && hint.hasL() && hintView instanceof List<?> hv ? hv : null;
                for (int i = 0; i < list.size(); i++) {
                    Object element = list.get(i);
                    AttributeValue childHint = hintList != null && i < hint.l().size() ? hint.l().get(i) : null;
                    l.add(toAttribute(element, childHint, childHint == null ? null : hintList.get(i), where, depth + 1));
                }
                return AttributeValue.fromL(l);
            }
            if (v instanceof String s) {
                return AttributeValue.fromS(s);
            }
            if (v instanceof Boolean b) {
                return AttributeValue.fromBool(b);
            }
            if (v == Jsonata.NULL_VALUE) {
                return AttributeValue.fromNul(true);
            }
            if (v instanceof Number n) {
                return AttributeValue.fromN(numberText(n, where));
            }
            throw new ConversionException(where + " is " + describe(v) + ", which DynamoDB cannot store");
        }

        /** Rule 4: the one distinct value of the item (binary, a set, a long number) the result equals. */
        private AttributeValue provenance(Object v) {
            boolean worth = v instanceof String ? hasBinary
                    : v instanceof Number ? hasLongNumbers
                    : v instanceof List<?> && hasSets;
            if (!worth) {
                return null;
            }
            String key = key(v);
            if (key == null || !specialKeys.contains(key)) {
                return null; // equal to no binary, set or long number of the item: nothing to look up
            }
            Object found = index().get(key);
            return found instanceof AttributeValue av && special(av) ? av : null;
        }

        private static boolean special(AttributeValue av) {
            return av.b() != null || av.hasSs() || av.hasNs() || av.hasBs()
                    || (av.n() != null && !exactAsDouble(new BigDecimal(av.n())));
        }

        private Map<String, Object> index() {
            if (index == null) {
                index = new HashMap<>();
                for (AttributeValue v : item.values()) {
                    addToIndex(v);
                }
            }
            return index;
        }

        private void addToIndex(AttributeValue v) {
            switch (v.type()) {
                case S -> put("s:" + v.s(), v);
                case B -> put("s:" + base64(v.b()), v);
                case N -> put("n:" + doubleKey(new BigDecimal(v.n()).doubleValue()), v);
                case SS, NS, BS -> put(key(toView(v, false)), v);
                case L -> {
                    String key = key(toView(v, false));
                    if (key != null) {
                        put(key, v);
                    }
                    v.l().forEach(this::addToIndex);
                }
                case M -> v.m().values().forEach(this::addToIndex);
                default -> {
                    // BOOL and NULL convert back exactly by their JSON type
                }
            }
        }

        private void put(String key, AttributeValue v) {
            Object previous = index.get(key);
            if (previous == null) {
                index.put(key, v);
            } else if (previous != AMBIGUOUS && !sameValue((AttributeValue) previous, v)) {
                index.put(key, AMBIGUOUS);
            }
        }

        private Object toView(AttributeValue v) {
            return toView(v, true);
        }

        private Object toView(AttributeValue v, boolean register) {
            Object out = switch (v.type()) {
                case S -> v.s();
                case N -> {
                    BigDecimal n = new BigDecimal(v.n());
                    if (register && !exactAsDouble(n)) {
                        hasLongNumbers = true;
                        specialKeys.add("n:" + doubleKey(n.doubleValue()));
                    }
                    yield n;
                }
                case B -> {
                    String text = base64(v.b());
                    if (register) {
                        hasBinary = true;
                        specialKeys.add("s:" + text);
                    }
                    yield text;
                }
                case BOOL -> v.bool();
                case NUL -> Jsonata.NULL_VALUE;
                case M -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    v.m().forEach((k, value) -> m.put(k, toView(value, register)));
                    yield m;
                }
                case L -> {
                    List<Object> l = new ArrayList<>(v.l().size());
                    v.l().forEach(value -> l.add(toView(value, register)));
                    yield l;
                }
                case SS -> set(new SetValue(SetType.SS, members(ItemCodec.toJson(v).get("SS"), false, SetType.SS, register)), register);
                case NS -> set(new SetValue(SetType.NS, members(ItemCodec.toJson(v).get("NS"), true, SetType.NS, register)), register);
                case BS -> set(new SetValue(SetType.BS, members(ItemCodec.toJson(v).get("BS"), false, SetType.BS, register)), register);
                default -> throw new ConversionException("the item holds a value of the unsupported type " + v.type());
            };
            if (register && !(out instanceof Boolean) && out != Jsonata.NULL_VALUE) {
                origins.put(out, v);
            }
            return out;
        }

        private SetValue set(SetValue set, boolean register) {
            if (register) {
                hasSets = true;
                String key = key(set);
                if (key != null) {
                    specialKeys.add(key);
                }
            }
            return set;
        }

        /** Set members in ItemCodec's canonical order; each registered as a value of its own (an element moved alone). */
        private List<Object> members(JsonNode sorted, boolean numbers, SetType type, boolean register) {
            List<Object> out = new ArrayList<>(sorted.size());
            for (JsonNode m : sorted) {
                Object member = numbers ? new BigDecimal(m.textValue()) : new String(m.textValue());
                if (register) {
                    if (type == SetType.BS) {
                        hasBinary = true;
                        specialKeys.add("s:" + m.textValue());
                    } else if (type == SetType.NS && !exactAsDouble((BigDecimal) member)) {
                        hasLongNumbers = true;
                        specialKeys.add("n:" + doubleKey(((BigDecimal) member).doubleValue()));
                    }
                    origins.put(member, switch (type) {
                        case SS -> AttributeValue.fromS(m.textValue());
                        case NS -> AttributeValue.fromN(m.textValue());
                        case BS -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(m.textValue())));
                    });
                }
                out.add(member);
            }
            return out;
        }
    }

    /** A set made by $toStringSet / $toNumberSet / $toBinarySet: members checked, duplicates dropped. */
    private static AttributeValue builtSet(SetValue set, String where) {
        if (set.isEmpty()) {
            throw new ConversionException(where + " is an empty set; DynamoDB does not store empty sets (leave the "
                    + "attribute out instead)");
        }
        switch (set.type) {
            case SS -> {
                Set<String> members = new LinkedHashSet<>();
                for (Object m : set) {
                    if (!(m instanceof String s)) {
                        throw new ConversionException(where + ": a string set can hold only strings, not " + describe(m));
                    }
                    members.add(s);
                }
                return AttributeValue.fromSs(new ArrayList<>(members));
            }
            case NS -> {
                Map<BigDecimal, String> members = new LinkedHashMap<>();
                for (Object m : set) {
                    if (!(m instanceof Number n)) {
                        throw new ConversionException(where + ": a number set can hold only numbers, not " + describe(m));
                    }
                    String text = numberText(n, where);
                    members.putIfAbsent(new BigDecimal(text).stripTrailingZeros(), text);
                }
                return AttributeValue.fromNs(new ArrayList<>(members.values()));
            }
            default -> {
                Map<String, SdkBytes> members = new LinkedHashMap<>();
                for (Object m : set) {
                    if (!(m instanceof String s)) {
                        throw new ConversionException(where + ": a binary set can hold only base64 strings, not " + describe(m));
                    }
                    try {
                        byte[] bytes = Base64.getDecoder().decode(s);
                        members.putIfAbsent(Base64.getEncoder().encodeToString(bytes), SdkBytes.fromByteArray(bytes));
                    } catch (IllegalArgumentException e) {
                        throw new ConversionException(where + ": a binary set member is not valid base64");
                    }
                }
                return AttributeValue.fromBs(new ArrayList<>(members.values()));
            }
        }
    }

    /**
     * A number's DynamoDB text: exact for integers and BigDecimals; for a double, its shortest decimal form.
     *
     * @throws ConversionException for NaN, infinity, more than 38 significant digits, or a magnitude DynamoDB cannot store
     */
    static String numberText(Number n, String where) {
        BigDecimal value;
        if (n instanceof BigDecimal d) {
            value = d;
        } else if (n instanceof BigInteger i) {
            value = new BigDecimal(i);
        } else if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ConversionException(where + " is " + d + ", which is not a number DynamoDB can store");
            }
            value = BigDecimal.valueOf(d);
        } else {
            value = BigDecimal.valueOf(n.longValue());
        }
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.precision() > 38) {
            throw new ConversionException(where + " has " + stripped.precision() + " significant digits; DynamoDB numbers "
                    + "have at most 38");
        }
        BigDecimal abs = stripped.abs();
        if (abs.signum() != 0 && (abs.compareTo(MAX_NUMBER) > 0 || abs.compareTo(MIN_NUMBER) < 0)) {
            throw new ConversionException(where + " is a number outside DynamoDB's range (1E-130 to 9.99E+125 in "
                    + "magnitude)");
        }
        if (n instanceof BigDecimal) {
            return value.toString();
        }
        int exponent = stripped.precision() - stripped.scale() - 1;
        return exponent >= -20 && exponent <= 40 ? stripped.toPlainString() : stripped.toString();
    }

    /** Equality as JSONata sees values: numbers by value (at double precision when one is a double), arrays in order. */
    static boolean viewEquals(Object x0, Object y0) {
        Object a = x0 == null ? Jsonata.NULL_VALUE : x0;
        Object b = y0 == null ? Jsonata.NULL_VALUE : y0;
        if (a == b) {
            return true;
        }
        if (a instanceof Number x && b instanceof Number y) {
            if ((x instanceof BigDecimal || isIntegral(x)) && (y instanceof BigDecimal || isIntegral(y))) {
                return decimal(x).compareTo(decimal(y)) == 0;
            }
            return Double.compare(x.doubleValue() == 0 ? 0 : x.doubleValue(), y.doubleValue() == 0 ? 0 : y.doubleValue()) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!viewEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !viewEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Equal as DynamoDB values (sets as sets, numbers by value). */
    static boolean sameValue(AttributeValue a, AttributeValue b) {
        if (a == b || a.equals(b)) {
            return true; // the same value written the same way (the usual case: an attribute left as it was)
        }
        return Arrays.equals(ItemCodec.canonicalBytes(Map.of("v", a)), ItemCodec.canonicalBytes(Map.of("v", b)));
    }

    /** Equal as DynamoDB items. */
    static boolean sameItem(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.equals(b)) {
            return true;
        }
        return Arrays.equals(ItemCodec.canonicalBytes(a), ItemCodec.canonicalBytes(b));
    }

    /** A lookup key of a primitive or an array of primitives, as JSONata sees it; null for anything else. */
    private static String key(Object v) {
        if (v instanceof String s) {
            return "s:" + s;
        }
        if (v instanceof Number n) {
            return "n:" + doubleKey(n.doubleValue());
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object element : list) {
                String k = element instanceof String || element instanceof Number ? key(element) : null;
                if (k == null) {
                    return null;
                }
                b.append(k.length()).append(':').append(k);
            }
            return b.append(']').toString();
        }
        return null;
    }

    private static String doubleKey(double d) {
        return Double.toString(d == 0 ? 0.0 : d);
    }

    private static boolean exactAsDouble(BigDecimal n) {
        double d = n.doubleValue();
        return !Double.isInfinite(d) && new BigDecimal(Double.toString(d)).compareTo(n) == 0;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static String base64(SdkBytes bytes) {
        return new String(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()));
    }

    /** What a value is, for messages: its JSON type, never its content. */
    static String describe(Object v) {
        if (v == null) {
            return "nothing (undefined)";
        }
        if (v == Jsonata.NULL_VALUE) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        return "a function or another non-JSON value";
    }
}
