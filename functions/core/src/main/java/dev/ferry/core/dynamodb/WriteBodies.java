package dev.ferry.core.dynamodb;

import dev.ferry.core.codec.ItemJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/**
 * Sends a BatchWriteItem whose body Ferry wrote itself: the items' JSON as DynamoDB returned it from a Scan
 * ({@link ItemJson}), put together byte for byte, where the SDK would marshal every attribute of every item again.
 * The call is otherwise the SDK's own: endpoint, credentials, SigV4 signature (of this body; signing comes after
 * this interceptor), retries, and the answer's unmarshalling (unprocessed items come back as the SDK's objects).
 * Installed on every DynamoDB client ({@code ClientFactory}); it acts only on a BatchWriteItem that carries a body
 * ({@link #BODY}), whose own request items are an empty placeholder.
 */
public final class WriteBodies implements ExecutionInterceptor {
    /** The one instance every DynamoDB client carries. */
    public static final WriteBodies INSTANCE = new WriteBodies();

    static final ExecutionAttribute<byte[]> BODY = new ExecutionAttribute<>("ferry.batchWriteBody");

    private static final byte[] PUT_OPEN = "{\"PutRequest\":{\"Item\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUT_CLOSE = "}}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "]}}".getBytes(StandardCharsets.US_ASCII);

    private WriteBodies() {
    }

    /** True when {@code ddb} carries this interceptor (a client built by {@code ClientFactory}). */
    public static boolean installedOn(DynamoDbClient ddb) {
        try {
            return ddb.serviceClientConfiguration().overrideConfiguration().executionInterceptors().contains(INSTANCE);
        } catch (RuntimeException e) {
            return false;   // a client without a configuration to ask (a test double): the SDK's own marshalling
        }
    }

    /** BatchWriteItem's body putting {@code items} into {@code table}, as the SDK would have marshalled it. */
    static byte[] body(String table, List<ItemJson> items) {
        byte[] start = ("{\"RequestItems\":{" + jsonString(table) + ":[").getBytes(StandardCharsets.UTF_8);
        int length = start.length + END.length + Math.max(0, items.size() - 1);
        for (ItemJson item : items) {
            length += PUT_OPEN.length + item.length() + PUT_CLOSE.length;
        }
        byte[] body = new byte[length];
        int at = put(body, 0, start);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = put(body, at, PUT_OPEN);
            items.get(i).copyTo(body, at);
            at += items.get(i).length();
            at = put(body, at, PUT_CLOSE);
        }
        put(body, at, END);
        return body;
    }

    private static int put(byte[] target, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, target, at, bytes.length);
        return at + bytes.length;
    }

    /** A table name as a JSON string (DynamoDB's names need no escaping: [a-zA-Z0-9_.-]; escaped anyway). */
    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static byte[] bodyOf(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = attributes.getAttribute(BODY);
        return body != null && context.request() instanceof BatchWriteItemRequest ? body : null;
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = bodyOf(context, attributes);
        return body == null ? context.httpRequest()
                : context.httpRequest().toBuilder().putHeader("Content-Length", Integer.toString(body.length)).build();
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = bodyOf(context, attributes);
        return body == null ? context.requestBody()
                : Optional.of(RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(body), body.length,
                        "application/x-amz-json-1.0"));
    }
}
