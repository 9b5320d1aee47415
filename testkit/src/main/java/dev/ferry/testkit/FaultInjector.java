package dev.ferry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Injects the faults DynamoDB really produces, through the SDK's interceptor chain so that the
 * code under test sees exactly what it would see from the service:
 * <ul>
 *   <li>throttling: a 400 {@code ProvisionedThroughputExceededException} (or {@code ThrottlingException});</li>
 *   <li>a 500 {@code InternalServerError};</li>
 *   <li>partial batches: some of a BatchWriteItem's items are held back from the server (taken out of the
 *       request's body as it is sent, however it was written) and returned in its answer's
 *       {@code UnprocessedItems}.</li>
 * </ul>
 * Error responses replace the server's response after the server has handled the request, as
 * happens when a response is lost; retrying an idempotent write must then lose and duplicate
 * nothing. Thread-safe; seeded for repeatability.
 */
public final class FaultInjector implements ExecutionInterceptor {
    private static final ExecutionAttribute<String> FAULT = new ExecutionAttribute<>("ferry.fault");
    private static final ExecutionAttribute<ObjectNode> HELD_BACK = new ExecutionAttribute<>("ferry.heldBack");
    private static final ExecutionAttribute<byte[]> HELD_BODY = new ExecutionAttribute<>("ferry.heldBody");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;
    private final Map<String, Double> throttleRate = new ConcurrentHashMap<>();
    private final Map<String, Double> serverErrorRate = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failNext = new ConcurrentHashMap<>();
    private volatile double unprocessedRate;
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong heldBackItems = new AtomicLong();

    public FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    /** Stands for every operation in {@link #throttle} and {@link #serverErrors}: {@code throttle(ALL, 0.1)}. */
    public static final String ALL = "*";

    /** Each call of {@code operation} (e.g. "BatchWriteItem", or {@link #ALL}) is throttled with this probability. */
    public FaultInjector throttle(String operation, double rate) {
        throttleRate.put(operation, rate);
        return this;
    }

    /** Each call of {@code operation} answers HTTP 500 with this probability. */
    public FaultInjector serverErrors(String operation, double rate) {
        serverErrorRate.put(operation, rate);
        return this;
    }

    /** The next {@code count} calls of {@code operation} are throttled, whatever the rates. */
    public FaultInjector throttleNext(String operation, int count) {
        failNext.computeIfAbsent(operation, k -> new AtomicInteger()).addAndGet(count);
        return this;
    }

    /** Each item of a BatchWriteItem is held back and returned unprocessed with this probability. */
    public FaultInjector unprocessed(double rate) {
        this.unprocessedRate = rate;
        return this;
    }

    public FaultInjector clear() {
        throttleRate.clear();
        serverErrorRate.clear();
        failNext.clear();
        unprocessedRate = 0;
        return this;
    }

    /** Error responses injected so far. */
    public long injectedErrors() {
        return injected.get();
    }

    /** Items returned as unprocessed so far. */
    public long heldBackItems() {
        return heldBackItems.get();
    }

    /**
     * Holds some of a BatchWriteItem's items back from the server, in the request's body as it will be sent (marshalled
     * by the SDK or written by the caller), so that they come back in the answer's {@code UnprocessedItems}.
     */
    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (unprocessedRate <= 0 || !"BatchWriteItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                || context.requestBody().isEmpty()) {
            return context.requestBody();
        }
        ObjectNode body;
        try (InputStream in = context.requestBody().get().contentStreamProvider().newStream()) {
            body = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode held = JSON.createObjectNode();
        long heldCount = 0;
        ObjectNode tables = (ObjectNode) body.get("RequestItems");
        for (Map.Entry<String, JsonNode> table : tables.properties()) {
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode write : table.getValue()) {
                if (chance(unprocessedRate)) {
                    held.withArray(table.getKey()).add(write);
                    heldCount++;
                } else {
                    kept.add(write);
                }
            }
            tables.set(table.getKey(), kept);
        }
        if (heldCount == 0) {
            return context.requestBody();
        }
        String first = tables.properties().iterator().next().getKey();
        if (tables.properties().stream().allMatch(t -> t.getValue().isEmpty()) && held.has(first)) {
            // DynamoDB rejects an empty batch; keep one item so the call stays valid
            ArrayNode h = (ArrayNode) held.get(first);
            ((ArrayNode) tables.get(first)).add(h.remove(h.size() - 1));
            heldCount--;
            if (h.isEmpty()) {
                held.remove(first);
            }
        }
        tables.properties().removeIf(t -> t.getValue().isEmpty());
        if (heldCount == 0) {
            return context.requestBody();
        }
        heldBackItems.addAndGet(heldCount);
        attributes.putAttribute(HELD_BACK, held);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        attributes.putAttribute(HELD_BODY, bytes);
        return Optional.of(RequestBody.fromBytes(bytes));
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = attributes.getAttribute(HELD_BODY);   // set just before, by modifyHttpContent of this call
        return body == null ? context.httpRequest()
                : context.httpRequest().toBuilder().putHeader("Content-Length", Integer.toString(body.length)).build();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        AtomicInteger forced = failNext.get(op);
        String fault = null;
        if (forced != null && forced.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            fault = "throttle";
        } else if (chance(throttleRate.getOrDefault(op, throttleRate.getOrDefault(ALL, 0.0)))) {
            fault = "throttle";
        } else if (chance(serverErrorRate.getOrDefault(op, serverErrorRate.getOrDefault(ALL, 0.0)))) {
            fault = "500";
        }
        attributes.putAttribute(FAULT, fault);
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        String fault = attributes.getAttribute(FAULT);
        if (fault == null) {
            return attributes.getAttribute(HELD_BACK) != null && context.httpResponse().isSuccessful()
                    ? context.httpResponse().toBuilder().removeHeader("x-amz-crc32").build() : context.httpResponse();
        }
        injected.incrementAndGet();
        boolean throttle = fault.equals("throttle");
        return context.httpResponse().toBuilder()
                .statusCode(throttle ? 400 : 500)
                .removeHeader("x-amz-crc32")
                .putHeader("x-amzn-ErrorType", throttle ? "ProvisionedThroughputExceededException" : "InternalServerError")
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        String fault = attributes.getAttribute(FAULT);
        ObjectNode held = attributes.getAttribute(HELD_BACK);
        if (fault == null && held != null && context.httpResponse().isSuccessful() && context.responseBody().isPresent()) {
            // the held-back items join what the server itself left unprocessed, as DynamoDB would answer
            try (InputStream in = context.responseBody().get()) {
                ObjectNode answer = (ObjectNode) JSON.readTree(in);
                ObjectNode unprocessed = answer.has("UnprocessedItems") ? (ObjectNode) answer.get("UnprocessedItems")
                        : answer.putObject("UnprocessedItems");
                held.properties().forEach(t -> unprocessed.withArray(t.getKey()).addAll((ArrayNode) t.getValue()));
                return Optional.of(new ByteArrayInputStream(JSON.writeValueAsBytes(answer)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (fault == null) {
            return context.responseBody();
        }
        String type = fault.equals("throttle") ? "ProvisionedThroughputExceededException" : "InternalServerError";
        String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"injected by FaultInjector\"}";
        return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean chance(double rate) {
        if (rate <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }
}
