package dev.ferry.testkit;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Injects the faults DynamoDB really produces, through the SDK's interceptor chain so that the
 * code under test sees exactly what it would see from the service:
 * <ul>
 *   <li>throttling: a 400 {@code ProvisionedThroughputExceededException} (or {@code ThrottlingException});</li>
 *   <li>a 500 {@code InternalServerError};</li>
 *   <li>partial batches: some of a BatchWriteItem's items are held back from the server and
 *       returned as {@code UnprocessedItems}.</li>
 * </ul>
 * Error responses replace the server's response after the server has handled the request, as
 * happens when a response is lost; retrying an idempotent write must then lose and duplicate
 * nothing. Thread-safe; seeded for repeatability.
 */
public final class FaultInjector implements ExecutionInterceptor {
    private static final ExecutionAttribute<String> FAULT = new ExecutionAttribute<>("ferry.fault");
    private static final ExecutionAttribute<Map<String, List<WriteRequest>>> HELD_BACK = new ExecutionAttribute<>("ferry.heldBack");

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

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof BatchWriteItemRequest request) || unprocessedRate <= 0) {
            return context.request();
        }
        Map<String, List<WriteRequest>> kept = new HashMap<>();
        Map<String, List<WriteRequest>> held = new HashMap<>();
        request.requestItems().forEach((table, writes) -> {
            for (WriteRequest w : writes) {
                boolean hold = chance(unprocessedRate);
                (hold ? held : kept).computeIfAbsent(table, t -> new ArrayList<>()).add(w);
            }
        });
        if (kept.isEmpty()) {
            // DynamoDB rejects an empty batch; keep one item so the call stays valid
            String table = held.keySet().iterator().next();
            List<WriteRequest> h = held.get(table);
            kept.computeIfAbsent(table, t -> new ArrayList<>()).add(h.remove(h.size() - 1));
            if (h.isEmpty()) {
                held.remove(table);
            }
        }
        if (held.isEmpty()) {
            return request;
        }
        heldBackItems.addAndGet(held.values().stream().mapToLong(List::size).sum());
        attributes.putAttribute(HELD_BACK, held);
        return request.toBuilder().requestItems(kept).build();
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
            return context.httpResponse();
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
        if (fault == null) {
            return context.responseBody();
        }
        String type = fault.equals("throttle") ? "ProvisionedThroughputExceededException" : "InternalServerError";
        String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"injected by FaultInjector\"}";
        return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        Map<String, List<WriteRequest>> held = attributes.getAttribute(HELD_BACK);
        if (held == null || !(context.response() instanceof BatchWriteItemResponse response)) {
            return context.response();
        }
        Map<String, List<WriteRequest>> unprocessed = new HashMap<>();
        response.unprocessedItems().forEach((t, w) -> unprocessed.computeIfAbsent(t, k -> new ArrayList<>()).addAll(w));
        held.forEach((t, w) -> unprocessed.computeIfAbsent(t, k -> new ArrayList<>()).addAll(w));
        return response.toBuilder().unprocessedItems(unprocessed).build();
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
