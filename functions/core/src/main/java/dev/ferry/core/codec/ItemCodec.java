package dev.ferry.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB items to and from DynamoDB JSON, their canonical encoding, and their size as DynamoDB
 * counts it.
 *
 * <h2>DynamoDB JSON</h2>
 * The format of the DynamoDB API, the AWS CLI and S3 exports: an item is a JSON object of
 * attribute name to typed value, a typed value an object with exactly one type key:
 * <pre>
 * {"name":{"S":"x"}, "n":{"N":"12.50"}, "b":{"B":"AAEC/w=="}, "ss":{"SS":["a","b"]}, "ns":{"NS":["1","2.5"]},
 *  "bs":{"BS":["AA=="]}, "m":{"M":{"k":{"S":"v"}}}, "l":{"L":[{"N":"1"}]}, "t":{"BOOL":true}, "z":{"NULL":true}}
 * </pre>
 * The conversion is lossless both ways: a number keeps its exact text ({@code "12.50"} stays
 * {@code "12.50"}, 38 digits stay 38 digits), binary is standard base64 of the exact bytes, and
 * empty strings, binaries, lists, maps and sets convert as they are (DynamoDB itself rejects empty
 * sets; that is its check, not this codec's). Set members are written in canonical order
 * (SS by UTF-8 bytes, NS by numeric value then text, BS by unsigned bytes), since DynamoDB sets are
 * unordered and hand their members back in any order; this makes {@code toJson} of two equal items
 * equal {@link JsonNode}s. Maps keep their order ({@link ObjectNode#equals} ignores it).
 * {@link #fromJson} also takes an unquoted JSON number when it is exact (an integer, or a
 * {@code BigDecimal} as {@link Json#MAPPER} reads decimals); it refuses a floating-point one, which
 * may already have lost digits.
 *
 * <h2>Canonical bytes</h2>
 * {@link #canonicalBytes} encodes an item so that two items DynamoDB considers equal encode to the
 * same bytes and two it considers different never do; see {@link ItemDigest} for its use.
 *
 * <h2>Limits</h2>
 * DynamoDB nests M and L values at most 32 levels deep. The JSON conversions recurse and refuse
 * more than {@value #MAX_JSON_DEPTH} levels (a clear error instead of a {@link StackOverflowError});
 * {@link #canonicalBytes} and {@link #itemSizeBytes} do not recurse at all.
 *
 * <p>Every method is stateless and thread-safe. Errors are {@link IllegalArgumentException}s that
 * name the JSON path of the bad value and say how to fix it; they never quote item data.
 */
public final class ItemCodec {
    /** Deepest nesting of M/L values the JSON conversions accept (DynamoDB's own limit is 32). */
    public static final int MAX_JSON_DEPTH = 64;
    /** DynamoDB's largest item, in the bytes {@link #itemSizeBytes} counts. */
    public static final long MAX_ITEM_SIZE_BYTES = 400L * 1024;
    /** DynamoDB's largest BatchWriteItem request, in item bytes as {@link #itemSizeBytes} counts them. */
    public static final long MAX_BATCH_WRITE_BYTES = 16L * 1024 * 1024;

    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    private static final String TYPE_KEYS = "S, N, B, SS, NS, BS, M, L, BOOL or NULL";
    private static final Set<String> TYPE_KEY_SET = Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL", "NULL");

    private ItemCodec() {
    }

    // =========================================================================================
    // item -> JSON
    // =========================================================================================

    /**
     * An item as DynamoDB JSON.
     *
     * @throws IllegalArgumentException if a value is null, has no type, holds invalid number text,
     *     or nests deeper than {@value #MAX_JSON_DEPTH}; the message names its path
     */
    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        Objects.requireNonNull(item, "item");
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String name = requireName(e.getKey(), AttributePath.ROOT);
            out.set(name, valueToJson(e.getValue(), AttributePath.ROOT.child(name), 1));
        }
        return out;
    }

    /** One value as DynamoDB JSON, e.g. {@code {"N":"12.50"}}; errors as {@link #toJson(Map)}. */
    public static ObjectNode toJson(AttributeValue value) {
        return valueToJson(value, AttributePath.ROOT, 1);
    }

    private static ObjectNode valueToJson(AttributeValue v, AttributePath path, int depth) {
        ObjectNode node = NODES.objectNode();
        switch (typeOf(v, path)) {
            case S -> node.put("S", notNull(v.s(), path.child("S"), "a null string. Fix: use \"\" for an empty string"));
            case N -> node.put("N", checkedNumber(v.n(), path.child("N")).text());
            case B -> node.put("B", base64(v.b(), path.child("B")));
            case SS -> {
                AttributePath p = path.child("SS");
                String[] members = v.ss().toArray(new String[0]);
                for (int i = 0; i < members.length; i++) {
                    notNull(members[i], p.element(i), "a null set member. Fix: remove it");
                }
                Arrays.sort(members, Utf8.ORDER);
                ArrayNode arr = node.putArray("SS");
                for (String m : members) {
                    arr.add(m);
                }
            }
            case NS -> {
                AttributePath p = path.child("NS");
                List<ParsedNumber> members = new ArrayList<>(v.ns().size());
                int i = 0;
                for (String m : v.ns()) {
                    members.add(checkedNumber(m, p.element(i++)));
                }
                members.sort(ParsedNumber.ORDER);
                ArrayNode arr = node.putArray("NS");
                for (ParsedNumber m : members) {
                    arr.add(m.text());
                }
            }
            case BS -> {
                AttributePath p = path.child("BS");
                byte[][] members = new byte[v.bs().size()][];
                int i = 0;
                for (SdkBytes m : v.bs()) {
                    if (m == null) {
                        throw bad(p.element(i), "is a null set member. Fix: remove it");
                    }
                    members[i++] = m.asByteArrayUnsafe();
                }
                Arrays.sort(members, Arrays::compareUnsigned);
                ArrayNode arr = node.putArray("BS");
                Base64.Encoder enc = Base64.getEncoder();
                for (byte[] m : members) {
                    arr.add(enc.encodeToString(m));
                }
            }
            case M -> {
                AttributePath p = path.child("M");
                checkDepth(depth, p);
                ObjectNode m = node.putObject("M");
                for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                    String name = requireName(e.getKey(), p);
                    m.set(name, valueToJson(e.getValue(), p.child(name), depth + 1));
                }
            }
            case L -> {
                AttributePath p = path.child("L");
                checkDepth(depth, p);
                ArrayNode arr = node.putArray("L");
                int i = 0;
                for (AttributeValue e : v.l()) {
                    arr.add(valueToJson(e, p.element(i++), depth + 1));
                }
            }
            case BOOL -> node.put("BOOL", v.bool().booleanValue());
            case NUL -> node.put("NULL", v.nul().booleanValue());
            default -> throw bad(path, "has the unsupported type " + v.type()
                    + ". Fix: upgrade Ferry's codec for this DynamoDB type");
        }
        return node;
    }

    // =========================================================================================
    // JSON -> item
    // =========================================================================================

    /**
     * An item from DynamoDB JSON. Returns a mutable map in the JSON's member order.
     *
     * @throws IllegalArgumentException naming the JSON path of the first bad value (for example
     *     {@code $.price.N}) and how to fix it: not an object, no or several type keys, an unknown
     *     type key, a value of the wrong JSON type, number text that is not a number, invalid
     *     base64, {@code {"NULL":false}}, or nesting deeper than {@value #MAX_JSON_DEPTH}
     */
    public static Map<String, AttributeValue> fromJson(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw bad(AttributePath.ROOT, "must be a JSON object of attribute name to typed value, e.g. "
                    + "{\"id\":{\"S\":\"a1\"}}, but is " + describe(item) + ". Fix: pass the item's DynamoDB JSON");
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>(Math.max(4, item.size() * 4 / 3 + 1));
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            out.put(e.getKey(), attributeFromJson(e.getValue(), AttributePath.ROOT.child(e.getKey()), 1));
        }
        return out;
    }

    /** One value from DynamoDB JSON, e.g. {@code {"N":"12.50"}}; errors as {@link #fromJson}. */
    public static AttributeValue attributeFromJson(JsonNode value) {
        return attributeFromJson(value, AttributePath.ROOT, 1);
    }

    private static AttributeValue attributeFromJson(JsonNode node, AttributePath path, int depth) {
        if (node == null || !node.isObject()) {
            throw bad(path, "must be a typed value: an object with one type key (" + TYPE_KEYS + "), e.g. "
                    + "{\"S\":\"text\"} or {\"N\":\"12.5\"}, but is " + describe(node)
                    + ". Fix: wrap the value in an object naming its type");
        }
        if (node.size() != 1) {
            throw bad(path, "must have exactly one type key (" + TYPE_KEYS + "), but has " + node.size()
                    + (node.size() == 0 ? "" : ": " + String.join(", ", fieldNames(node)))
                    + ". Fix: keep only the key of the value's type");
        }
        Map.Entry<String, JsonNode> only = node.properties().iterator().next();
        String tag = only.getKey();
        JsonNode v = only.getValue();
        AttributePath p = path.child(tag);
        switch (tag) {
            case "S":
                return AttributeValue.fromS(text(v, p, "a JSON string, e.g. {\"S\":\"text\"}"));
            case "N":
                return AttributeValue.fromN(numberText(v, p));
            case "B":
                return AttributeValue.fromB(binary(v, p));
            case "SS": {
                List<String> members = new ArrayList<>(array(v, p, "[\"a\",\"b\"]").size());
                for (int i = 0; i < v.size(); i++) {
                    members.add(text(v.get(i), p.element(i), "a JSON string"));
                }
                return AttributeValue.fromSs(members);
            }
            case "NS": {
                List<String> members = new ArrayList<>(array(v, p, "[\"1\",\"2.5\"]").size());
                for (int i = 0; i < v.size(); i++) {
                    members.add(numberText(v.get(i), p.element(i)));
                }
                return AttributeValue.fromNs(members);
            }
            case "BS": {
                List<SdkBytes> members = new ArrayList<>(array(v, p, "[\"AAE=\"]").size());
                for (int i = 0; i < v.size(); i++) {
                    members.add(binary(v.get(i), p.element(i)));
                }
                return AttributeValue.fromBs(members);
            }
            case "M": {
                if (v == null || !v.isObject()) {
                    throw bad(p, "must be a JSON object of name to typed value, but is " + describe(v)
                            + ". Fix: write the map as e.g. {\"M\":{\"k\":{\"S\":\"v\"}}}");
                }
                checkDepth(depth, p);
                Map<String, AttributeValue> members = new LinkedHashMap<>(Math.max(4, v.size() * 4 / 3 + 1));
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    members.put(e.getKey(), attributeFromJson(e.getValue(), p.child(e.getKey()), depth + 1));
                }
                return AttributeValue.fromM(members);
            }
            case "L": {
                array(v, p, "[{\"S\":\"a\"},{\"N\":\"1\"}]");
                checkDepth(depth, p);
                List<AttributeValue> members = new ArrayList<>(v.size());
                for (int i = 0; i < v.size(); i++) {
                    members.add(attributeFromJson(v.get(i), p.element(i), depth + 1));
                }
                return AttributeValue.fromL(members);
            }
            case "BOOL":
                if (v == null || !v.isBoolean()) {
                    throw bad(p, "must be true or false, but is " + describe(v) + ". Fix: write {\"BOOL\":true} or "
                            + "{\"BOOL\":false}, without quotes");
                }
                return AttributeValue.fromBool(v.booleanValue());
            case "NULL":
                if (v == null || !v.isBoolean() || !v.booleanValue()) {
                    throw bad(p, "must be true (DynamoDB accepts only {\"NULL\":true}), but is " + describe(v)
                            + ". Fix: write {\"NULL\":true}, or {\"BOOL\":false} for a false flag");
                }
                return AttributeValue.fromNul(true);
            default:
                String upper = tag.toUpperCase(Locale.ROOT);
                String hint = !upper.equals(tag) && TYPE_KEY_SET.contains(upper)
                        ? " Fix: type keys are upper case; write \"" + upper + "\""
                        : " Fix: use one of " + TYPE_KEYS;
                throw bad(path, "has the unknown type key '" + tag + "'." + hint);
        }
    }

    private static String text(JsonNode v, AttributePath p, String expected) {
        if (v == null || !v.isTextual()) {
            throw bad(p, "must be " + expected + ", but is " + describe(v) + ". Fix: give it as " + expected);
        }
        return v.textValue();
    }

    private static String numberText(JsonNode v, AttributePath p) {
        String text;
        if (v != null && v.isTextual()) {
            text = v.textValue();
        } else if (v != null && (v.isIntegralNumber() || v.isBigDecimal())) {
            text = v.asText();  // exact value: integers and BigDecimals keep every digit (Jackson may strip trailing zeros)
        } else {
            throw bad(p, "must be a number written as a JSON string, e.g. {\"N\":\"12.50\"}, but is " + describe(v)
                    + ". Fix: quote the number so no digit is lost");
        }
        checkedNumber(text, p);
        return text;
    }

    private static SdkBytes binary(JsonNode v, AttributePath p) {
        String text = text(v, p, "a base64 JSON string, e.g. {\"B\":\"AAEC\"}");
        try {
            return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw bad(p, "is not valid base64. Fix: encode the bytes as standard base64 (RFC 4648, alphabet "
                    + "A-Z a-z 0-9 + /, '=' padding, no line breaks)");
        }
    }

    private static JsonNode array(JsonNode v, AttributePath p, String example) {
        if (v == null || !v.isArray()) {
            throw bad(p, "must be a JSON array, but is " + describe(v) + ". Fix: write it as an array, e.g. " + example);
        }
        return v;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            names.add(e.getKey());
        }
        return names;
    }

    // =========================================================================================
    // canonical bytes
    // =========================================================================================

    /**
     * A deterministic encoding of {@code item} such that two items DynamoDB considers equal encode
     * to equal bytes, and two it considers different never do:
     * <ul>
     *   <li>attribute names and map keys sorted by their UTF-8 bytes;</li>
     *   <li>set members sorted (SS by UTF-8 bytes, NS by numeric value, BS by unsigned bytes), and a
     *       member given twice counted once, as a set holds it once;</li>
     *   <li>numbers by value: {@code "1.50"}, {@code "1.5"} and {@code "15E-1"} encode equally, as
     *       do {@code "-0"} and {@code "0"}, and {@code "1E+2"} and {@code "100"};</li>
     *   <li>every value tagged with its type and every string, binary and collection prefixed with
     *       its length or count, so that {@code S "1"} and {@code N "1"}, or {@code ["ab"]} and
     *       {@code ["a","b"]}, never collide.</li>
     * </ul>
     * List order matters, as it does to DynamoDB. The format is versioned by its first byte
     * (see {@code CanonicalEncoder}); it must not change without a new version, because digests of
     * it are kept in run ledgers. Nesting depth uses no Java stack, and the only copy made is the
     * returned array ({@link ItemDigest} streams the encoding into SHA-256 without even that).
     *
     * @throws IllegalArgumentException if a value is null or has no type, or a number is not a
     *     number; the message names the path
     */
    public static byte[] canonicalBytes(Map<String, AttributeValue> item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        new CanonicalEncoder().encode(item, out::write);
        return out.toByteArray();
    }

    // =========================================================================================
    // size
    // =========================================================================================

    /**
     * The item's size as DynamoDB counts it for its 400 KB item limit, the 16 MB BatchWriteItem
     * limit and capacity units: the sum over attributes of the name's UTF-8 length plus the value's
     * size, where a value's size is
     * <ul>
     *   <li>S: its UTF-8 length; B: its byte length; BOOL, NULL: 1;</li>
     *   <li>N: 1 byte per two significant digits (base 100, aligned on the decimal point) + 1,
     *       +1 if negative, at most 21; zero is 1;</li>
     *   <li>SS, NS, BS: the sum of the members' sizes;</li>
     *   <li>M: 3 + for each member (key UTF-8 length + value size + 1); L: 3 + for each element
     *       (value size + 1).</li>
     * </ul>
     * DynamoDB documents these as approximations; they agree with it to within a few bytes.
     * Iterative: nesting uses no Java stack.
     *
     * @throws IllegalArgumentException if a value is null or has no type, or a number is not a number
     */
    public static long itemSizeBytes(Map<String, AttributeValue> item) {
        Objects.requireNonNull(item, "item");
        long size = 0;
        ArrayDeque<AttributeValue> pending = new ArrayDeque<>();
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            String name = requireName(attribute.getKey(), AttributePath.ROOT);
            AttributePath at = AttributePath.ROOT.child(name);
            size += Utf8.length(name);
            try {
                push(pending, attribute.getValue(), at);
                size += valueSizes(pending, at);
            } catch (IllegalArgumentException e) {
                // this loop only knows the top-level attribute; the canonical encoder tracks the exact path
                new CanonicalEncoder().encode(Collections.singletonMap(name, attribute.getValue()), (b, off, len) -> { });
                throw e;
            }
        }
        return size;
    }

    /** Sums the sizes of {@code pending} and everything nested in it, emptying it. */
    private static long valueSizes(ArrayDeque<AttributeValue> pending, AttributePath at) {
        long size = 0;
        while (!pending.isEmpty()) {
            AttributeValue v = pending.pop();
            switch (typeOf(v, at)) {
                case S -> size += Utf8.length(notNull(v.s(), at, "a null string. Fix: use \"\" for an empty string"));
                case N -> size += numberSize(v.n(), at);
                case B -> size += v.b().asByteArrayUnsafe().length;
                case SS -> {
                    for (String s : v.ss()) {
                        size += Utf8.length(notNull(s, at, "a null set member. Fix: remove it"));
                    }
                }
                case NS -> {
                    for (String n : v.ns()) {
                        size += numberSize(n, at);
                    }
                }
                case BS -> {
                    for (SdkBytes b : v.bs()) {
                        size += notNull(b, at, "a null set member. Fix: remove it").asByteArrayUnsafe().length;
                    }
                }
                case M -> {
                    size += 3;
                    for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                        size += Utf8.length(requireName(e.getKey(), at)) + 1;
                        push(pending, e.getValue(), at);
                    }
                }
                case L -> {
                    size += 3;
                    for (AttributeValue e : v.l()) {
                        size += 1;
                        push(pending, e, at);
                    }
                }
                case BOOL, NUL -> size += 1;
                default -> throw bad(at, "holds a value of the unsupported type " + v.type()
                        + ". Fix: upgrade Ferry's codec for this DynamoDB type");
            }
        }
        return size;
    }

    /** Write capacity units of one write of an item of {@code itemSizeBytes}: 1 per started KB, at least 1. */
    public static long writeCapacityUnits(long itemSizeBytes) {
        return Math.max(1, ceilDiv(itemSizeBytes, 1024));
    }

    /**
     * Read capacity units of reading {@code sizeBytes} (one item, or the summed sizes a Query or
     * Scan page returns): 1 per started 4 KB, at least 1, halved for eventually consistent reads.
     */
    public static double readCapacityUnits(long sizeBytes, boolean consistentRead) {
        long units = Math.max(1, ceilDiv(sizeBytes, 4096));
        return consistentRead ? units : units / 2.0;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static void push(ArrayDeque<AttributeValue> pending, AttributeValue v, AttributePath attribute) {
        if (v == null) {
            throw bad(attribute, "is or contains a null value. Fix: give every value a "
                    + "type, e.g. AttributeValue.fromNul(true)");
        }
        pending.push(v);
    }

    // =========================================================================================
    // shared checks
    // =========================================================================================

    private static AttributeValue.Type typeOf(AttributeValue v, AttributePath path) {
        if (v == null) {
            throw bad(path, "is null. Fix: give every value a type, e.g. AttributeValue.fromNul(true) for a null");
        }
        AttributeValue.Type t = v.type();
        if (t == null || t == AttributeValue.Type.UNKNOWN_TO_SDK_VERSION) {
            throw bad(path, "has no type set. Fix: set exactly one of S, N, B, SS, NS, BS, M, L, BOOL or NUL");
        }
        return t;
    }

    private static void checkDepth(int depth, AttributePath path) {
        if (depth > MAX_JSON_DEPTH) {
            throw bad(path, "nests M/L values more than " + MAX_JSON_DEPTH
                    + " levels deep. Fix: flatten the value; DynamoDB allows at most 32 levels");
        }
    }

    private static String requireName(String name, AttributePath parent) {
        if (name == null) {
            throw bad(parent, "has a null attribute name. Fix: remove it");
        }
        return name;
    }

    private static <T> T notNull(T value, AttributePath path, String what) {
        if (value == null) {
            throw bad(path, "is " + what);
        }
        return value;
    }

    private static String base64(SdkBytes bytes, AttributePath path) {
        return Base64.getEncoder().encodeToString(
                notNull(bytes, path, "a null binary. Fix: use SdkBytes.fromByteArray(new byte[0])").asByteArrayUnsafe());
    }

    /** The stored size of number text: plain text (what DynamoDB returns) without a BigDecimal. */
    private static int numberSize(String text, AttributePath path) {
        Numbers.Plain plain = text == null ? null : Numbers.plain(text);
        return plain != null ? Numbers.storedSize(plain) : Numbers.storedSize(checkedNumber(text, path).value());
    }

    private static ParsedNumber checkedNumber(String text, AttributePath path) {
        BigDecimal value = Numbers.parse(text);
        if (value == null) {
            throw bad(path, "is not a valid number. Fix: write decimal digits with an optional sign, point and "
                    + "exponent, as a JSON string, e.g. \"12.50\" or \"-1E+3\"");
        }
        return new ParsedNumber(text, value);
    }

    private static IllegalArgumentException bad(AttributePath path, String problem) {
        return new IllegalArgumentException("value at " + path + " " + problem);
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() || node.isBigDecimal() ? "a number" : "a floating-point number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BINARY -> "binary";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private record ParsedNumber(String text, BigDecimal value) {
        static final Comparator<ParsedNumber> ORDER = Comparator.comparing(ParsedNumber::value)
                .thenComparing(ParsedNumber::text, Utf8.ORDER);
    }
}
