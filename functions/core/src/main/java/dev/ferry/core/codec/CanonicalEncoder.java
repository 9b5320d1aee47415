package dev.ferry.core.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes the canonical encoding of an item (see {@link ItemCodec#canonicalBytes}) to a byte sink,
 * through a small reusable buffer and with an explicit stack instead of recursion, so that the
 * depth of nesting costs no Java stack and a 400 KB item needs no 400 KB copy when the sink is a
 * {@link java.security.MessageDigest}.
 *
 * <p>Format, version 1 (every integer 4 bytes big-endian; every string UTF-8, lone surrogates as
 * WTF-8, prefixed by its byte length):
 * <pre>
 * item   = 0x01 count (name value)*          names sorted by UTF-8 bytes
 * value  = 0x01 string                       S
 *        | 0x02 string                       N in normal form: digits "e" exponent, or "0"
 *        | 0x03 length bytes                 B
 *        | 0x04 count string*                SS, sorted by UTF-8 bytes, duplicates dropped
 *        | 0x05 count string*                NS, sorted by numeric value, normal form, duplicates dropped
 *        | 0x06 count (length bytes)*        BS, sorted by unsigned bytes, duplicates dropped
 *        | 0x07 count (string value)*        M, keys sorted by UTF-8 bytes
 *        | 0x08 count value*                 L, in order
 *        | 0x09 (0x00 | 0x01)                BOOL
 *        | 0x0A (0x00 | 0x01)                NULL
 * </pre>
 * Each value is self-delimiting, so the encoding is injective: different items (as DynamoDB
 * compares them) never encode equally. Not thread-safe.
 */
final class CanonicalEncoder {
    static final byte FORMAT_VERSION = 1;
    private static final byte T_S = 1;
    private static final byte T_N = 2;
    private static final byte T_B = 3;
    private static final byte T_SS = 4;
    private static final byte T_NS = 5;
    private static final byte T_BS = 6;
    private static final byte T_M = 7;
    private static final byte T_L = 8;
    private static final byte T_BOOL = 9;
    private static final byte T_NULL = 10;

    /** Where the encoded bytes go: a byte array stream, or a message digest. */
    interface Sink {
        void write(byte[] bytes, int offset, int length);
    }

    /** Strings at least this long are encoded in bulk (below it, the allocation costs more than the loop). */
    private static final int BULK_STRING = 32;

    private final byte[] buf = new byte[8192];
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private int pos;
    private Sink sink;

    void encode(Map<String, AttributeValue> item, Sink out) {
        Objects.requireNonNull(item, "item");
        this.sink = Objects.requireNonNull(out, "out");
        this.pos = 0;
        stack.clear();
        try {
            put(FORMAT_VERSION);
            writeInt(item.size());
            stack.push(new MapFrame(null, item, this));
            while (!stack.isEmpty()) {
                Frame top = stack.peek();
                if (top.advance(this)) {
                    writeValue(top.current());
                } else {
                    stack.pop();
                }
            }
            flush();
        } finally {
            stack.clear();
            this.sink = null;
        }
    }

    private void writeValue(AttributeValue v) {
        if (v == null) {
            throw bad("is null. Fix: give every attribute a value, e.g. AttributeValue.fromS(\"\") or fromNul(true)");
        }
        AttributeValue.Type type = v.type();
        if (type == null || type == AttributeValue.Type.UNKNOWN_TO_SDK_VERSION) {
            throw bad("has no type set. Fix: set exactly one of S, N, B, SS, NS, BS, M, L, BOOL or NUL on the AttributeValue");
        }
        switch (type) {
            case S -> {
                put(T_S);
                writeString(v.s());
            }
            case N -> {
                put(T_N);
                writeString(normalForm(v.n()));
            }
            case B -> {
                put(T_B);
                writeBytes(v.b());
            }
            case SS -> writeStringSet(v.ss());
            case NS -> writeNumberSet(v.ns());
            case BS -> writeBinarySet(v.bs());
            case M -> {
                put(T_M);
                writeInt(v.m().size());
                stack.push(new MapFrame("M", v.m(), this));
            }
            case L -> {
                put(T_L);
                writeInt(v.l().size());
                stack.push(new ListFrame(v.l()));
            }
            case BOOL -> {
                put(T_BOOL);
                put((byte) (Boolean.TRUE.equals(v.bool()) ? 1 : 0));
            }
            case NUL -> {
                put(T_NULL);
                put((byte) (Boolean.TRUE.equals(v.nul()) ? 1 : 0));
            }
            default -> throw bad("has the unsupported type " + type + ". Fix: upgrade Ferry's codec for this DynamoDB type");
        }
    }

    private void writeStringSet(List<String> set) {
        String[] members = set.toArray(new String[0]);
        for (String m : members) {
            if (m == null) {
                throw bad("is a string set with a null member. Fix: remove the null");
            }
        }
        Arrays.sort(members, Utf8.ORDER);
        int distinct = 0;
        for (int i = 0; i < members.length; i++) {
            if (i == 0 || !members[i].equals(members[i - 1])) {
                members[distinct++] = members[i];
            }
        }
        put(T_SS);
        writeInt(distinct);
        for (int i = 0; i < distinct; i++) {
            writeString(members[i]);
        }
    }

    private void writeNumberSet(List<String> set) {
        BigDecimal[] members = new BigDecimal[set.size()];
        int n = 0;
        for (String m : set) {
            members[n++] = number(m);
        }
        Arrays.sort(members, BigDecimal::compareTo);
        int distinct = 0;
        for (int i = 0; i < members.length; i++) {
            if (i == 0 || members[i].compareTo(members[i - 1]) != 0) {
                members[distinct++] = members[i];
            }
        }
        put(T_NS);
        writeInt(distinct);
        for (int i = 0; i < distinct; i++) {
            writeString(Numbers.normalForm(members[i]));
        }
    }

    private void writeBinarySet(List<SdkBytes> set) {
        byte[][] members = new byte[set.size()][];
        int n = 0;
        for (SdkBytes m : set) {
            if (m == null) {
                throw bad("is a binary set with a null member. Fix: remove the null");
            }
            members[n++] = m.asByteArrayUnsafe();   // read only, never written: no copy
        }
        Arrays.sort(members, Arrays::compareUnsigned);
        int distinct = 0;
        for (int i = 0; i < members.length; i++) {
            if (i == 0 || !Arrays.equals(members[i], members[i - 1])) {
                members[distinct++] = members[i];
            }
        }
        put(T_BS);
        writeInt(distinct);
        for (int i = 0; i < distinct; i++) {
            writeRaw(members[i]);
        }
    }

    /** The normal form of number text: plain text (what DynamoDB returns) without a BigDecimal. */
    private String normalForm(String text) {
        Numbers.Plain plain = text == null ? null : Numbers.plain(text);
        return plain != null ? Numbers.normalForm(plain) : Numbers.normalForm(number(text));
    }

    private BigDecimal number(String text) {
        BigDecimal value = Numbers.parse(text);
        if (value == null) {
            throw bad("holds a number that is not a valid DynamoDB number. Fix: use decimal digits with an optional sign, "
                    + "point and exponent, e.g. \"12.50\" or \"-1E+3\"");
        }
        return value;
    }

    // ---- low-level writes -------------------------------------------------------------------

    private void put(byte b) {
        if (pos == buf.length) {
            flush();
        }
        buf[pos++] = b;
    }

    private void writeInt(int v) {
        if (buf.length - pos < 4) {
            flush();
        }
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void writeBytes(SdkBytes bytes) {
        if (bytes == null) {
            throw bad("is a binary value with no bytes. Fix: use SdkBytes.fromByteArray(new byte[0]) for empty binary");
        }
        writeRaw(bytes.asByteArrayUnsafe());
    }

    private void writeRaw(byte[] bytes) {
        writeInt(bytes.length);
        if (bytes.length <= buf.length - pos) {
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        } else {
            flush();
            sink.write(bytes, 0, bytes.length);
        }
    }

    private void writeString(String s) {
        if (s == null) {
            throw bad("holds a null string. Fix: use \"\" for an empty string");
        }
        if (s.length() >= BULK_STRING) {
            // the JDK's bulk encoder (a copy for ASCII text) is several times faster than the loop below under C1; it
            // writes a lone surrogate as '?', so its bytes are used only when they hold no '?' at all
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (!contains(utf8, (byte) '?')) {
                writeRaw(utf8);
                return;
            }
        }
        long length = Utf8.length(s);
        if (length > Integer.MAX_VALUE) {
            throw bad("holds a string over 2 GB. Fix: DynamoDB items are at most 400 KB; split the data");
        }
        writeInt((int) length);
        int len = s.length();
        for (int i = 0; i < len; i++) {
            if (buf.length - pos < 4) {
                flush();
            }
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private static boolean contains(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    private void flush() {
        if (pos > 0) {
            sink.write(buf, 0, pos);
            pos = 0;
        }
    }

    // ---- errors name the path of the value being encoded --------------------------------------

    private IllegalArgumentException bad(String problem) {
        StringBuilder path = new StringBuilder("$");
        Iterator<Frame> fromRoot = stack.descendingIterator();
        while (fromRoot.hasNext()) {
            fromRoot.next().appendPosition(path);
        }
        return new IllegalArgumentException("item value at " + path + " " + problem);
    }

    // ---- frames: one per open map or list -----------------------------------------------------

    private abstract static class Frame {
        /** Moves to the next member, writing a map member's key; false when there is none. */
        abstract boolean advance(CanonicalEncoder out);

        abstract AttributeValue current();

        abstract void appendPosition(StringBuilder path);
    }

    private static final class MapFrame extends Frame {
        private final String tag;
        private final Map<String, AttributeValue> map;
        private final String[] keys;
        private int index = -1;

        MapFrame(String tag, Map<String, AttributeValue> map, CanonicalEncoder out) {
            this.tag = tag;
            this.map = map;
            this.keys = map.keySet().toArray(new String[0]);
            for (String k : keys) {
                if (k == null) {
                    throw out.bad("is a map with a null key. Fix: remove the null key");
                }
            }
            Arrays.sort(keys, Utf8.ORDER);
        }

        @Override
        boolean advance(CanonicalEncoder out) {
            if (++index >= keys.length) {
                return false;
            }
            out.writeString(keys[index]);
            return true;
        }

        @Override
        AttributeValue current() {
            return map.get(keys[index]);
        }

        @Override
        void appendPosition(StringBuilder path) {
            if (tag != null) {
                path.append('.').append(tag);
            }
            if (index >= 0 && index < keys.length) {
                AttributePath.appendName(keys[index], path);
            }
        }
    }

    private static final class ListFrame extends Frame {
        private final Iterator<AttributeValue> members;
        private AttributeValue current;
        private int index = -1;

        ListFrame(List<AttributeValue> list) {
            this.members = list.iterator();
        }

        @Override
        boolean advance(CanonicalEncoder out) {
            if (!members.hasNext()) {
                return false;
            }
            current = members.next();
            index++;
            return true;
        }

        @Override
        AttributeValue current() {
            return current;
        }

        @Override
        void appendPosition(StringBuilder path) {
            path.append(".L[").append(index).append(']');
        }
    }
}
