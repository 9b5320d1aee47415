package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.json.Json;
import dev.ferry.core.testing.FakeLambdaContext;
import dev.ferry.dynamodb.rollback.RollbackHandler;
import dev.ferry.dynamodb.support.Dependencies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drives the copy handlers in the order and with the payloads of the dynamodb-table-copy state
 * machine (Validate, Prepare, CopySegment loop per unit, VerifySegment loop per unit, Report;
 * Catch -> Rollback), each call going through JSON as in Lambda, with Retry on
 * TransientException. The state machine itself is tested by the local engine's workflow tests.
 */
final class CopyDriver {
    private final ValidateCopyHandler validate;
    private final PrepareCopyHandler prepare;
    private final CopySegmentHandler copy;
    private final VerifySegmentHandler verify;
    private final ReportCopyHandler report;
    private final RollbackHandler rollback;
    private Supplier<Context> segmentContext = FakeLambdaContext::plenty;
    int copyInvocations;
    /** Called after Prepare, before any copy: a place to inject a failure. */
    Runnable afterPrepare = () -> { };
    /** Called after every segment is copied, before verification. */
    Runnable beforeVerify = () -> { };

    CopyDriver(Dependencies deps) {
        validate = new ValidateCopyHandler(deps);
        prepare = new PrepareCopyHandler(deps);
        copy = new CopySegmentHandler(deps);
        verify = new VerifySegmentHandler(deps);
        report = new ReportCopyHandler(deps);
        rollback = new RollbackHandler(deps);
    }

    CopyDriver segmentContext(Supplier<Context> contexts) {
        this.segmentContext = contexts;
        return this;
    }

    /** What the execution ended with. */
    record Outcome(JsonNode output, RuntimeException error, JsonNode rollback) {
        boolean succeeded() {
            return error == null;
        }
    }

    Outcome run(String inputJson, String executionName) {
        ObjectNode validateIn = Json.object();
        validateIn.set("input", Json.parse(inputJson));
        validateIn.put("executionName", executionName);
        JsonNode plan;
        try {
            plan = call(validate, validateIn, FakeLambdaContext.plenty());
        } catch (RuntimeException e) {
            return new Outcome(null, e, null); // InputRejected: no rollback
        }
        try {
            JsonNode prepared = call(prepare, plan, FakeLambdaContext.plenty());
            if (!plan.get("dryRun").asBoolean()) {
                afterPrepare.run();
                for (JsonNode unit : prepared.get("units")) {
                    loop(copy, segmentInput(plan, unit, true), "done");
                }
                beforeVerify.run();
                for (JsonNode unit : prepared.get("units")) {
                    loop(verify, segmentInput(plan, unit, false), "done");
                }
            }
            ObjectNode reportIn = Json.object();
            reportIn.put("runId", plan.get("runId").asText());
            reportIn.set("plan", plan);
            return new Outcome(call(report, reportIn, FakeLambdaContext.plenty()), null, null);
        } catch (RuntimeException e) {
            ObjectNode rollbackIn = Json.object();
            rollbackIn.put("runId", plan.get("runId").asText());
            rollbackIn.put("error", e.getClass().getName());
            rollbackIn.put("cause", String.valueOf(e.getMessage()));
            return new Outcome(null, e, call(rollback, rollbackIn, FakeLambdaContext.plenty()));
        }
    }

    private ObjectNode segmentInput(JsonNode plan, JsonNode unit, boolean withSource) {
        ObjectNode in = Json.object();
        in.put("runId", plan.get("runId").asText());
        in.set("unit", unit);
        if (withSource) {
            in.set("source", plan.get("source"));
        }
        in.set("destination", plan.get("destination"));
        in.set("options", plan.get("options"));
        return in;
    }

    private void loop(RequestStreamHandler handler, ObjectNode input, String doneField) {
        for (int i = 0; i < 100_000; i++) {
            if (handler == copy) {
                copyInvocations++;
            }
            JsonNode result = call(handler, input, segmentContext.get());
            input.setAll((ObjectNode) result); // Output: $merge([$states.input, $states.result.Payload])
            if (result.get(doneField).asBoolean()) {
                return;
            }
        }
        throw new AssertionError("segment never finished");
    }

    /** One Task with Retry on TransientException (8 attempts, as the state machine). */
    static JsonNode call(RequestStreamHandler handler, JsonNode payload, Context context) {
        List<TransientException> transients = new ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(Json.bytes(payload)), out, context);
                return Json.MAPPER.readTree(out.toByteArray());
            } catch (TransientException e) {
                transients.add(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw transients.get(transients.size() - 1);
    }
}
