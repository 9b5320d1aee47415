package dev.ferry.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item in DynamoDB's JSON, as bytes, with its size as DynamoDB counts it ({@link ItemCodec#itemSizeBytes}).
 * The copy reads a Scan answer's items this way and writes them back byte for byte in BatchWriteItem's body, the
 * same wire format: no item becomes objects on its way through, and a page in flight is one array of bytes, not a
 * hundred thousand small objects for the collector to trace.
 *
 * <p>The bytes are a slice of a buffer that may hold other items too (the answer they were read from); they are
 * never changed.
 */
public final class ItemJson {
    private final byte[] buffer;
    private final int offset;
    private final int length;
    private final long size;

    private ItemJson(byte[] buffer, int offset, int length, long size) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.size = size;
    }

    /** An item the SDK holds (an answer left to the SDK), in the same form. */
    public static ItemJson of(Map<String, AttributeValue> item) {
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(ItemCodec.toJson(item));
            return new ItemJson(json, 0, json.length, ItemCodec.itemSizeBytes(item));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the item the parser is at (its START_OBJECT; the parser reads {@code source} from offset 0) and leaves
     * the parser at its END_OBJECT. It checks the item's structure as DynamoDB writes it (every value an object of
     * one known type holding what that type holds) while it sizes it.
     *
     * @throws IOException if the item is not DynamoDB JSON
     */
    public static ItemJson read(JsonParser p, byte[] source) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        long size = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            size += Utf8.length(p.currentName());
            expect(p.nextToken(), JsonToken.START_OBJECT);
            size += valueSize(p);
        }
        expect(p.currentToken(), JsonToken.END_OBJECT);
        long end = p.currentTokenLocation().getByteOffset() + 1;
        if (start < 0 || end > source.length || source[(int) start] != '{' || source[(int) end - 1] != '}') {
            throw new IOException("an item's bytes could not be located in its answer");
        }
        return new ItemJson(source, (int) start, (int) (end - start), size);
    }

    /** One typed value (the parser at its START_OBJECT), as {@link ItemCodec#itemSizeBytes} sizes it; ends at its END_OBJECT. */
    private static long valueSize(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.FIELD_NAME);
        String type = p.currentName();
        JsonToken token = p.nextToken();
        long size = 0;
        switch (type) {
            case "S" -> size = textSize(p, token);
            case "N" -> size = numberSize(p, token);
            case "B" -> size = binarySize(p, token);
            case "SS", "NS", "BS" -> {
                expect(token, JsonToken.START_ARRAY);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    size += type.equals("SS") ? textSize(p, t) : type.equals("NS") ? numberSize(p, t) : binarySize(p, t);
                }
            }
            case "M" -> {
                expect(token, JsonToken.START_OBJECT);
                size = 3;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    size += Utf8.length(p.currentName()) + 1;
                    expect(p.nextToken(), JsonToken.START_OBJECT);
                    size += valueSize(p);
                }
                expect(p.currentToken(), JsonToken.END_OBJECT);
            }
            case "L" -> {
                expect(token, JsonToken.START_ARRAY);
                size = 3;
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    expect(t, JsonToken.START_OBJECT);
                    size += 1 + valueSize(p);
                }
            }
            case "BOOL", "NULL" -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw new IOException("BOOL and NULL are JSON booleans");
                }
                size = 1;
            }
            default -> throw new IOException("unknown attribute type " + type);
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw new IOException("an attribute value has one type");
        }
        return size;
    }

    /** The UTF-8 length of a string (as {@link Utf8#length(String)}), from the parser's characters without a String. */
    private static long textSize(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.VALUE_STRING);
        char[] chars = p.getTextCharacters();
        int from = p.getTextOffset();
        int to = from + p.getTextLength();
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(chars[i + 1])) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static long numberSize(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.VALUE_STRING);
        String text = p.getText();
        Numbers.Plain plain = Numbers.plain(text);
        if (plain != null) {
            return Numbers.storedSize(plain);
        }
        BigDecimal value = Numbers.parse(text);
        if (value == null) {
            throw new IOException("a number that is not a number");
        }
        return Numbers.storedSize(value);
    }

    /** The length of the bytes a base64 text decodes to. */
    private static long binarySize(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.VALUE_STRING);
        char[] chars = p.getTextCharacters();
        int from = p.getTextOffset();
        int length = p.getTextLength();
        if (length % 4 != 0) {
            throw new IOException("binary is base64 in groups of 4 characters");
        }
        int padding = length == 0 ? 0 : chars[from + length - 1] != '=' ? 0 : chars[from + length - 2] != '=' ? 1 : 2;
        return length / 4 * 3L - padding;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }

    /** DynamoDB's size of the item, in bytes. */
    public long size() {
        return size;
    }

    /** The JSON's length in bytes. */
    public int length() {
        return length;
    }

    /** Copies the item's JSON into {@code target} at {@code at}. */
    public void copyTo(byte[] target, int at) {
        System.arraycopy(buffer, offset, target, at, length);
    }

    /** The item as the SDK's values (a retry through the SDK, tests). */
    public Map<String, AttributeValue> item() {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(buffer, offset, length)) {
            return ItemCodec.fromJson(Json.MAPPER.readTree(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ItemJson[" + length + " bytes, size " + size + "]";   // never the item's data
    }
}
