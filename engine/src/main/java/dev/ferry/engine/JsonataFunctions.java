package dev.ferry.engine;

import com.dashjoin.jsonata.Jsonata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The functions Step Functions adds to JSONata: {@code $partition}, {@code $range}, {@code $hash},
 * {@code $random}, {@code $uuid} and {@code $parse}.
 */
final class JsonataFunctions {
    private static final int MAX_RANGE = 1000;
    private static final Set<String> ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    static final Map<String, Jsonata.JFunction> ALL = Map.of(
            "partition", function("partition", JsonataFunctions::partition),
            "range", function("range", JsonataFunctions::range),
            "hash", function("hash", JsonataFunctions::hash),
            "random", function("random", JsonataFunctions::random),
            "uuid", function("uuid", args -> UUID.randomUUID().toString()),
            "parse", function("parse", JsonataFunctions::parse));

    private JsonataFunctions() {
    }

    private static Jsonata.JFunction function(String name, Jsonata.FnVarArgs<Object> body) {
        return Jsonata.function(name, body, null);
    }

    private static Object partition(List<?> args) {
        List<?> array = list(args, 0, "partition");
        long size = integer(args, 1, "partition");
        if (size <= 0) {
            throw new IllegalArgumentException("$partition: the chunk size must be a positive integer, not " + size);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i += (int) size) {
            out.add(new ArrayList<>(array.subList(i, (int) Math.min(array.size(), i + size))));
        }
        return out;
    }

    private static Object range(List<?> args) {
        long start = integer(args, 0, "range");
        long end = integer(args, 1, "range");
        long step = args.size() > 2 && args.get(2) != null ? integer(args, 2, "range") : 1;
        if (step == 0) {
            throw new IllegalArgumentException("$range: the step must not be 0");
        }
        List<Object> out = new ArrayList<>();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            if (out.size() == MAX_RANGE) {
                throw new IllegalArgumentException("$range: the range has more than " + MAX_RANGE + " items");
            }
            out.add(v);
        }
        return out;
    }

    private static Object hash(List<?> args) {
        Object data = args.isEmpty() ? null : args.get(0);
        if (data == null) {
            throw new IllegalArgumentException("$hash: the first argument is the value to hash");
        }
        String text = data instanceof String s ? s : Json.write(JsonataValues.toJson(data).orElseThrow());
        String algorithm = args.size() > 1 && args.get(1) != null ? String.valueOf(args.get(1)) : "SHA-256";
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("$hash: '" + algorithm + "' is not one of " + ALGORITHMS);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no " + algorithm + " implementation", e);
        }
    }

    private static Object random(List<?> args) {
        if (!args.isEmpty() && args.get(0) != null) {
            return new Random(integer(args, 0, "random")).nextDouble();
        }
        return ThreadLocalRandom.current().nextDouble();
    }

    private static Object parse(List<?> args) {
        if (args.isEmpty() || !(args.get(0) instanceof String json)) {
            throw new IllegalArgumentException("$parse: the argument must be a string of JSON");
        }
        return JsonataValues.toJava(Json.parse(json));
    }

    private static List<?> list(List<?> args, int index, String fn) {
        Object value = args.size() > index ? args.get(index) : null;
        if (value instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("$" + fn + ": argument " + (index + 1) + " must be an array");
    }

    private static long integer(List<?> args, int index, String fn) {
        Object value = args.size() > index ? args.get(index) : null;
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException("$" + fn + ": argument " + (index + 1) + " must be an integer, not " + value);
    }
}
