package dev.ferry.core.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.core.codec.ItemDigest;
import dev.ferry.core.codec.ItemJson;
import dev.ferry.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the items of a Scan page straight from the response's JSON. Through the SDK every item of a 1 MB page
 * becomes builders, maps and two copies of the item list (a third of Ferry's CPU on its reads); here each item is
 * read once, as it streams by, by the request's {@link PageSink}: verification reads it into plain {@link AttributeValue}s
 * (as the SDK would have unmarshalled them), digests it and drops it ({@link PageDigest}); the copy keeps each item's
 * JSON as DynamoDB wrote it, with its size, to write it back byte for byte ({@link PageJson}). The SDK is handed
 * the page without its items. Installed on every
 * DynamoDB client ({@code ClientFactory}), it acts only on a request that carries a sink
 * ({@link Scanner#page(Map, PageSink)}), only on a successful, uncompressed answer whose CRC32 (DynamoDB's
 * {@code x-amz-crc32}) matches; anything else (an error, an answer it cannot read) passes through as it came,
 * the sink stays unfilled and the caller takes {@code page.items()} as before.
 */
public final class ScanPages implements ExecutionInterceptor {
    /** The one instance every DynamoDB client carries. */
    public static final ScanPages INSTANCE = new ScanPages();

    static final ExecutionAttribute<PageSink> PAGE = new ExecutionAttribute<>("ferry.scanPage");
    private static final String CRC32_HEADER = "x-amz-crc32";
    private static final JsonFactory JSON = Json.MAPPER.getFactory();

    private ScanPages() {
    }

    /** Where a page's items go as its answer is read; unfilled when the answer was left to the SDK. */
    public abstract static class PageSink {
        private boolean filled;
        private long items;
        /** The answer this attempt hands the SDK in place of the one it read (null: the stream as it came). */
        private byte[] body;

        /** Starts a page afresh (each attempt of a call: only the answer the call ends with counts). */
        abstract void start();

        /** Takes the item the parser is at (its START_OBJECT) in {@code answer}, leaving the parser at its END_OBJECT. */
        abstract void read(JsonParser p, byte[] answer) throws IOException;

        /** True when the page's items came through this sink (then the response carries none). */
        public boolean filled() {
            return filled;
        }

        /** How many items came through; only when {@link #filled()}. */
        public long items() {
            return items;
        }
    }

    /** A page's items digested as they are read, for verification. */
    public static final class PageDigest extends PageSink {
        private ItemDigest digest;

        @Override
        void start() {
            digest = new ItemDigest();
        }

        @Override
        void read(JsonParser p, byte[] answer) throws IOException {
            digest.add(readItem(p));
        }

        /** The digest of the page's items; only when {@link #filled()}. */
        public ItemDigest digest() {
            return digest;
        }
    }

    /**
     * A page's items as DynamoDB wrote them, for the copy: each item's JSON (a slice of the answer) and its size,
     * to be written back byte for byte ({@link BatchWriter#writeAllJson}).
     */
    public static final class PageJson extends PageSink {
        private List<ItemJson> list;

        @Override
        void start() {
            list = new ArrayList<>();
        }

        @Override
        void read(JsonParser p, byte[] answer) throws IOException {
            list.add(ItemJson.read(p, answer));
        }

        /** The page's items; only when {@link #filled()}. */
        public List<ItemJson> list() {
            return list;
        }
    }

    /** Reads one item of an answer (the parser at its START_OBJECT), leaving the parser at its END_OBJECT. */
    @FunctionalInterface
    interface ItemReader {
        void read(JsonParser p, byte[] answer) throws IOException;
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        PageSink page = attributes.getAttribute(PAGE);
        SdkHttpResponse response = context.httpResponse();
        if (page != null) {   // each attempt starts afresh: only the answer the call ends with counts
            page.filled = false;
            page.items = 0;
            page.body = null;
        }
        if (page == null || !response.isSuccessful() || context.responseBody().isEmpty()
                || response.firstMatchingHeader("Content-Encoding").filter(e -> !e.equalsIgnoreCase("identity")).isPresent()) {
            return response;
        }
        byte[] original;
        try (InputStream in = context.responseBody().get()) {
            original = in.readAllBytes();
        } catch (IOException e) {
            // what the SDK itself throws for an answer cut short, so that AwsCalls retries it as it would have
            throw SdkClientException.create("Unable to read the Scan answer: " + e.getMessage(), e);
        }
        page.body = original;
        Optional<String> crc = response.firstMatchingHeader(CRC32_HEADER);
        if (crc.isPresent() && !crc.get().equals(Long.toString(crc32(original)))) {
            return response;   // the SDK's own check fails it, as it would have
        }
        byte[] rest;
        page.start();
        try {
            rest = withoutItems(original, (p, answer) -> {
                page.read(p, answer);
                page.items++;
            });
        } catch (IOException | RuntimeException unreadable) {
            page.items = 0;
            return response;   // passed on as it came: the SDK reads it (or reports it) and the caller takes its items
        }
        page.filled = true;
        page.body = rest;
        return crc.isPresent() ? response.toBuilder().putHeader(CRC32_HEADER, Long.toString(crc32(rest))).build() : response;
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        PageSink page = attributes.getAttribute(PAGE);
        return page != null && page.body != null ? Optional.of(new ByteArrayInputStream(page.body)) : context.responseBody();
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length);
        return crc.getValue();
    }

    /** Hands each item of a Scan answer to {@code sink}; returns the answer without {@code Items}, every other field as it was. */
    static byte[] withoutItems(byte[] answer, ItemReader sink) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonParser p = JSON.createParser(answer); JsonGenerator g = JSON.createGenerator(out)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a Scan answer is a JSON object");
            }
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("Items")) {
                    if (p.currentToken() != JsonToken.START_ARRAY) {
                        throw new IOException("Items is a JSON array");
                    }
                    JsonToken t;
                    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                        sink.read(p, answer);
                    }
                    expect(t, JsonToken.END_ARRAY);
                } else {
                    g.writeFieldName(field);
                    g.copyCurrentStructure(p);
                }
            }
            if (p.nextToken() != null) {
                throw new IOException("text after a Scan answer");
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** An item in DynamoDB's JSON (the parser at its START_OBJECT), as the SDK would have unmarshalled it. */
    static Map<String, AttributeValue> readItem(JsonParser p) throws IOException {
        Map<String, AttributeValue> item = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an attribute value is a JSON object");
            }
            item.put(name, readValue(p));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("an item is a JSON object");
        }
        return item;
    }

    /** One typed value ({@code {"S": "x"}}, the parser at its START_OBJECT); leaves the parser at its END_OBJECT. */
    private static AttributeValue readValue(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw new IOException("an attribute value has one type");
        }
        String type = p.currentName();
        JsonToken token = p.nextToken();
        AttributeValue value = switch (type) {
            case "S" -> AttributeValue.fromS(text(p, token));
            case "N" -> AttributeValue.fromN(text(p, token));
            case "B" -> AttributeValue.fromB(binary(p, token));
            case "SS" -> AttributeValue.fromSs(texts(p, token));
            case "NS" -> AttributeValue.fromNs(texts(p, token));
            case "BS" -> {
                List<SdkBytes> set = new ArrayList<>();
                expect(token, JsonToken.START_ARRAY);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    set.add(binary(p, t));
                }
                yield AttributeValue.fromBs(set);
            }
            case "M" -> {
                expect(token, JsonToken.START_OBJECT);
                yield AttributeValue.fromM(readItem(p));
            }
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                expect(token, JsonToken.START_ARRAY);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    expect(t, JsonToken.START_OBJECT);
                    list.add(readValue(p));
                }
                yield AttributeValue.fromL(list);
            }
            case "BOOL" -> AttributeValue.fromBool(bool(p, token));
            case "NULL" -> AttributeValue.fromNul(bool(p, token));
            default -> throw new IOException("unknown attribute type " + type);
        };
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw new IOException("an attribute value has one type");
        }
        return value;
    }

    private static String text(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static SdkBytes binary(JsonParser p, JsonToken token) throws IOException {
        return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(text(p, token)));
    }

    private static List<String> texts(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.START_ARRAY);
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            out.add(text(p, t));
        }
        return out;
    }

    private static boolean bool(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw new IOException("BOOL and NULL are JSON booleans");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
