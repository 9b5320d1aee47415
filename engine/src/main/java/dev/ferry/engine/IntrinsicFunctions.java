package dev.ferry.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The intrinsic functions of the States Language (JSONPath states only). */
final class IntrinsicFunctions {
    private static final int MAX_RANGE = 1000;
    private static final int MAX_STRING = 10_000;

    /** One function: how many arguments it takes and what it computes. */
    interface Function {
        int minArgs();

        int maxArgs();

        String name();

        JsonNode apply(List<JsonNode> args, String formatTemplate);

        default void checkArity(int count) {
            if (count < minArgs() || count > maxArgs()) {
                String expected = minArgs() == maxArgs() ? String.valueOf(minArgs())
                        : maxArgs() == Integer.MAX_VALUE ? "at least " + minArgs() : minArgs() + " to " + maxArgs();
                throw new IllegalArgumentException(name() + " takes " + expected + " argument(s), not " + count);
            }
        }
    }

    private record Fn(String name, int minArgs, int maxArgs, Body body) implements Function {
        @Override
        public JsonNode apply(List<JsonNode> args, String formatTemplate) {
            return body.apply(args, formatTemplate);
        }
    }

    @FunctionalInterface
    private interface Body {
        JsonNode apply(List<JsonNode> args, String formatTemplate);
    }

    private static final Map<String, Function> FUNCTIONS = new TreeMap<>();

    static {
        add("States.Format", 1, Integer.MAX_VALUE, IntrinsicFunctions::format);
        add("States.StringToJson", 1, 1, (a, f) -> parse(text(a, 0)));
        add("States.JsonToString", 1, 1, (a, f) -> TextNode.valueOf(Json.write(a.get(0))));
        add("States.Array", 0, Integer.MAX_VALUE, (a, f) -> Json.MAPPER.createArrayNode().addAll(a));
        add("States.ArrayPartition", 2, 2, IntrinsicFunctions::partition);
        add("States.ArrayContains", 2, 2, (a, f) -> BooleanNode.valueOf(contains(array(a, 0), a.get(1))));
        add("States.ArrayRange", 3, 3, IntrinsicFunctions::range);
        add("States.ArrayGetItem", 2, 2, IntrinsicFunctions::getItem);
        add("States.ArrayLength", 1, 1, (a, f) -> IntNode.valueOf(array(a, 0).size()));
        add("States.ArrayUnique", 1, 1, IntrinsicFunctions::unique);
        add("States.Base64Encode", 1, 1, (a, f) -> TextNode.valueOf(Base64.getEncoder().encodeToString(limited(a, 0).getBytes(StandardCharsets.UTF_8))));
        add("States.Base64Decode", 1, 1, IntrinsicFunctions::base64Decode);
        add("States.Hash", 2, 2, IntrinsicFunctions::hash);
        add("States.JsonMerge", 3, 3, IntrinsicFunctions::jsonMerge);
        add("States.MathRandom", 2, 3, IntrinsicFunctions::random);
        add("States.MathAdd", 2, 2, (a, f) -> number(integer(a, 0).add(integer(a, 1))));
        add("States.StringSplit", 2, 2, IntrinsicFunctions::split);
        add("States.UUID", 0, 0, (a, f) -> TextNode.valueOf(UUID.randomUUID().toString()));
    }

    private IntrinsicFunctions() {
    }

    private static void add(String name, int min, int max, Body body) {
        FUNCTIONS.put(name, new Fn(name, min, max, body));
    }

    static Optional<Function> find(String name) {
        return Optional.ofNullable(FUNCTIONS.get(name));
    }

    static Set<String> names() {
        return FUNCTIONS.keySet();
    }

    private static JsonNode format(List<JsonNode> args, String rawTemplate) {
        String template = rawTemplate != null ? rawTemplate : text(args, 0).replace("\\", "\\\\");
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw new IntrinsicException("the template has more {} placeholders than there are arguments (" + (args.size() - 1) + ")");
                }
                JsonNode value = args.get(next++);
                if (value.isContainerNode()) {
                    throw new IntrinsicException("argument " + next + " is " + value.getNodeType().name().toLowerCase()
                            + "; States.Format takes only strings, numbers, booleans and null (use States.JsonToString first)");
                }
                out.append(value.isTextual() ? value.textValue() : Json.write(value));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw new IntrinsicException("the template has " + (next - 1) + " {} placeholder(s) but " + (args.size() - 1) + " arguments follow it");
        }
        return TextNode.valueOf(out.toString());
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IntrinsicException("the string is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode partition(List<JsonNode> args, String unused) {
        ArrayNode source = array(args, 0);
        int size = integer(args, 1).intValueExact();
        if (size <= 0) {
            throw new IntrinsicException("the chunk size must be a positive integer, not " + size);
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        ArrayNode chunk = null;
        for (JsonNode item : source) {
            if (chunk == null || chunk.size() == size) {
                chunk = out.addArray();
            }
            chunk.add(item);
        }
        return out;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (JsonValues.equal(item, value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode range(List<JsonNode> args, String unused) {
        BigDecimal start = integer(args, 0);
        BigDecimal end = integer(args, 1);
        BigDecimal step = integer(args, 2);
        if (step.signum() == 0) {
            throw new IntrinsicException("the step must not be 0");
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (BigDecimal v = start; step.signum() > 0 ? v.compareTo(end) <= 0 : v.compareTo(end) >= 0; v = v.add(step)) {
            if (out.size() == MAX_RANGE) {
                throw new IntrinsicException("the range has more than " + MAX_RANGE + " items");
            }
            out.add(number(v));
        }
        return out;
    }

    private static JsonNode getItem(List<JsonNode> args, String unused) {
        ArrayNode array = array(args, 0);
        int index = integer(args, 1).intValueExact();
        if (index < 0 || index >= array.size()) {
            throw new IntrinsicException("index " + index + " is outside an array of " + array.size() + " item(s)");
        }
        return array.get(index);
    }

    private static JsonNode unique(List<JsonNode> args, String unused) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode item : array(args, 0)) {
            if (!contains(out, item)) {
                out.add(item);
            }
        }
        return out;
    }

    private static JsonNode base64Decode(List<JsonNode> args, String unused) {
        try {
            return TextNode.valueOf(new String(Base64.getDecoder().decode(limited(args, 0)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IntrinsicException("the string is not valid Base64: " + e.getMessage());
        }
    }

    private static JsonNode hash(List<JsonNode> args, String unused) {
        JsonNode data = args.get(0);
        String input = data.isTextual() ? data.textValue() : Json.write(data);
        if (input.length() > MAX_STRING) {
            throw new IntrinsicException("the data to hash is longer than " + MAX_STRING + " characters");
        }
        String algorithm = text(args, 1);
        if (!Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
            throw new IntrinsicException("'" + algorithm + "' is not a supported algorithm; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
            return TextNode.valueOf(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IntrinsicException("the JVM has no " + algorithm + " implementation", e);
        }
    }

    private static JsonNode jsonMerge(List<JsonNode> args, String unused) {
        if (!args.get(0).isObject() || !args.get(1).isObject()) {
            throw new IntrinsicException("both values to merge must be JSON objects");
        }
        if (!args.get(2).isBoolean() || args.get(2).booleanValue()) {
            throw new IntrinsicException("the third argument must be false: only a shallow merge is supported by the States Language");
        }
        ObjectNode merged = args.get(0).deepCopy();
        merged.setAll((ObjectNode) args.get(1).deepCopy());
        return merged;
    }

    private static JsonNode random(List<JsonNode> args, String unused) {
        long start = integer(args, 0).longValueExact();
        long end = integer(args, 1).longValueExact();
        if (end <= start) {
            throw new IntrinsicException("the end (" + end + ") must be greater than the start (" + start + ")");
        }
        Random random = args.size() == 3 ? new Random(integer(args, 2).longValue()) : ThreadLocalRandom.current();
        return LongNode.valueOf(start + (long) Math.floor(random.nextDouble() * (end - start)));
    }

    private static JsonNode split(List<JsonNode> args, String unused) {
        StringTokenizer tokens = new StringTokenizer(text(args, 0), text(args, 1));
        ArrayNode out = Json.MAPPER.createArrayNode();
        while (tokens.hasMoreTokens()) {
            out.add(tokens.nextToken());
        }
        return out;
    }

    private static String text(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isTextual()) {
            throw new IntrinsicException("argument " + (index + 1) + " must be a string, not " + Json.write(value));
        }
        return value.textValue();
    }

    private static String limited(List<JsonNode> args, int index) {
        String value = text(args, index);
        if (value.length() > MAX_STRING) {
            throw new IntrinsicException("argument " + (index + 1) + " is longer than " + MAX_STRING + " characters");
        }
        return value;
    }

    private static ArrayNode array(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isArray()) {
            throw new IntrinsicException("argument " + (index + 1) + " must be an array, not " + Json.write(value));
        }
        return (ArrayNode) value;
    }

    private static BigDecimal integer(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isNumber() || value.decimalValue().stripTrailingZeros().scale() > 0) {
            throw new IntrinsicException("argument " + (index + 1) + " must be an integer, not " + Json.write(value));
        }
        return value.decimalValue();
    }

    private static JsonNode number(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() <= 0 ? LongNode.valueOf(v.longValue()) : DecimalNode.valueOf(v);
    }
}
