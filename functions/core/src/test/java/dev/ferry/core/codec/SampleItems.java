package dev.ferry.core.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items for the codec and digest tests. */
final class SampleItems {
    /** 38 significant digits, DynamoDB's maximum precision. */
    static final String DIGITS_38 = "12345678901234567890123456789012345678";

    private SampleItems() {
    }

    /** Every byte value 0..255 once. */
    static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static SdkBytes bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return SdkBytes.fromByteArray(b);
    }

    /**
     * One attribute of every DynamoDB type, plus the empty and extreme values DynamoDB allows.
     * Numbers are in the normal form DynamoDB hands back, and set members in the order
     * {@link ItemCodec#toJson} writes them, so the item survives both a DynamoDB round trip and a
     * JSON round trip unchanged, member for member.
     */
    static Map<String, AttributeValue> everyType(String pk) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("s", AttributeValue.fromS("h\u00e9llo, w\u00f6rld \"\u20ac\" \uD83D\uDE00\n\ttab"));
        item.put("emptyS", AttributeValue.fromS(""));
        item.put("n", AttributeValue.fromN("12.5"));
        item.put("n38", AttributeValue.fromN(DIGITS_38));
        item.put("n38neg", AttributeValue.fromN("-0.000" + DIGITS_38));
        item.put("zero", AttributeValue.fromN("0"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(allBytes())));
        item.put("emptyB", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])));
        item.put("ss", AttributeValue.fromSs(List.of("", "Zed", "alpha", "\uFFFD", "\uD83D\uDE00")));
        item.put("ns", AttributeValue.fromNs(List.of("-" + DIGITS_38, "-1", "0.5", "9", "10")));
        item.put("bs", AttributeValue.fromBs(List.of(bytes(0), bytes(0, 0), bytes(1), bytes(0x7f), bytes(0x80), bytes(0xff))));
        item.put("t", AttributeValue.fromBool(true));
        item.put("f", AttributeValue.fromBool(false));
        item.put("z", AttributeValue.fromNul(true));
        item.put("emptyL", AttributeValue.fromL(List.of()));
        item.put("emptyM", AttributeValue.fromM(Map.of()));
        Map<String, AttributeValue> inner = new LinkedHashMap<>();
        inner.put("s", AttributeValue.fromS("inner"));
        inner.put("n", AttributeValue.fromN("-3.25"));
        inner.put("b", AttributeValue.fromB(bytes(0, 1, 2, 0xfe, 0xff)));
        inner.put("ss", AttributeValue.fromSs(List.of("x", "y")));
        inner.put("l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("1"), AttributeValue.fromNul(true))));
        inner.put("key with spaces & \u00fcml\u00e4uts", AttributeValue.fromBool(false));
        item.put("m", AttributeValue.fromM(inner));
        item.put("l", AttributeValue.fromL(List.of(
                AttributeValue.fromS("a"),
                AttributeValue.fromN("2"),
                AttributeValue.fromB(bytes(3)),
                AttributeValue.fromSs(List.of("p", "q")),
                AttributeValue.fromNs(List.of("1", "2")),
                AttributeValue.fromBs(List.of(bytes(1), bytes(2))),
                AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))),
                AttributeValue.fromL(List.of(AttributeValue.fromBool(true))),
                AttributeValue.fromBool(false),
                AttributeValue.fromNul(true))));
        return item;
    }

    /**
     * {@code containers} M and L values nested inside each other (alternating, outermost M)
     * around a string leaf.
     */
    static AttributeValue nested(int containers) {
        AttributeValue v = AttributeValue.fromS("leaf");
        for (int i = containers - 1; i >= 0; i--) {
            v = i % 2 == 0 ? AttributeValue.fromM(Map.of("level" + i, v)) : AttributeValue.fromL(List.of(AttributeValue.fromN(String.valueOf(i)), v));
        }
        return v;
    }

    /** Counts the M/L containers on the path from {@code v} down to its string leaf. */
    static int depth(AttributeValue v) {
        int depth = 0;
        while (v.s() == null) {
            depth++;
            v = v.m() != null && !v.m().isEmpty() ? v.m().values().iterator().next() : v.l().get(v.l().size() - 1);
        }
        return depth;
    }

    /**
     * An item of about {@code kb} KB: a long multi-byte string, a large binary, and many small
     * attributes in a map and a list.
     */
    static Map<String, AttributeValue> large(String pk, int kb) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        int quarter = kb * 1024 / 4;
        item.put("text", AttributeValue.fromS("\u00e9".repeat(quarter / 2)));   // 2 bytes a char
        byte[] blob = new byte[quarter];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 31 + 7);
        }
        item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(blob)));
        Map<String, AttributeValue> many = new LinkedHashMap<>();
        List<AttributeValue> list = new ArrayList<>();
        long size = ItemCodec.itemSizeBytes(item) + "many".length() + 3 + "list".length() + 3;
        for (int i = 0; size < kb * 1024L - 64; i++) {
            String name = "attr" + i;
            String element = "element-" + i;
            many.put(name, AttributeValue.fromN(i + ".25"));
            list.add(AttributeValue.fromS(element));
            size += name.length() + 5 + 1 + element.length() + 1;   // a number like 1234.25 takes about 5 bytes
        }
        item.put("many", AttributeValue.fromM(many));
        item.put("list", AttributeValue.fromL(list));
        return item;
    }
}
