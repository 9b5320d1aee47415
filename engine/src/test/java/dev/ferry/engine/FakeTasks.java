package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Made-up Task resources for engine tests. Each instance keeps its own call counts, so use a new
 * one per execution.
 */
final class FakeTasks {
    static final String ECHO = "arn:ferry:test:::echo";
    static final String FAIL = "arn:ferry:test:::fail";
    static final String FLAKY = "arn:ferry:test:::flaky";
    static final String SLEEP = "arn:ferry:test:::sleep";
    static final String BIG = "arn:ferry:test:::big";
    static final String CONTEXT = "arn:ferry:test:::context";
    static final String SCRIPT = "arn:ferry:test:::script";

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** Registers every fake resource on the builder. */
    LocalEngine.Builder register(LocalEngine.Builder builder) {
        return builder
                .invoker(ECHO, (resource, args, ctx) -> args)
                .invoker(FAIL, (resource, args, ctx) -> {
                    throw new TaskFailedException(args.path("error").asText("Fake.Error"), args.path("cause").asText(null));
                })
                .invoker(FLAKY, this::flaky)
                .invoker(SCRIPT, this::script)
                .invoker(SLEEP, (resource, args, ctx) -> {
                    ctx.sleep(Duration.ofSeconds(args.path("seconds").asLong()));
                    return args;
                })
                .invoker(BIG, (resource, args, ctx) -> Json.object().put("data", "x".repeat(args.path("bytes").asInt())))
                .invoker(CONTEXT, (resource, args, ctx) -> {
                    ObjectNode out = Json.object();
                    out.put("stateName", ctx.stateName());
                    out.put("retryCount", ctx.retryCount());
                    out.put("executionName", ctx.executionName());
                    out.put("hasDeadline", ctx.deadline().isPresent());
                    return out;
                });
    }

    /** Call n fails with {@code errors[n-1]} while there are errors left, then succeeds. */
    private JsonNode script(String resource, JsonNode args, TaskContext ctx) throws TaskFailedException {
        int call = calls.computeIfAbsent(args.path("key").asText("default"), k -> new AtomicInteger()).incrementAndGet();
        JsonNode errors = args.path("errors");
        if (call <= errors.size()) {
            throw new TaskFailedException(errors.get(call - 1).asText(), "call " + call + " failed");
        }
        return Json.object().put("calls", call);
    }

    /** Fails with {@code error} (default Flaky.Error) for the first {@code failures} calls per {@code key}. */
    private JsonNode flaky(String resource, JsonNode args, TaskContext ctx) throws TaskFailedException {
        int call = calls.computeIfAbsent(args.path("key").asText("default"), k -> new AtomicInteger()).incrementAndGet();
        if (call <= args.path("failures").asInt()) {
            throw new TaskFailedException(args.path("error").asText("Flaky.Error"), "call " + call + " failed");
        }
        return Json.object().put("calls", call);
    }
}
