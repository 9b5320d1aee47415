package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/** Reads a state's Retry and Catch fields. */
final class ErrorHandlingParser {
    private ErrorHandlingParser() {
    }

    static ErrorHandling parse(FieldReader state, String stateName) {
        List<Retrier> retriers = new ArrayList<>();
        ArrayNode retry = state.array("Retry");
        if (retry != null) {
            for (int i = 0; i < retry.size(); i++) {
                retriers.add(retrier(new FieldReader(retry.get(i), "Retry[" + i + "] of state '" + stateName + "'", state.language()), i == retry.size() - 1));
            }
        }
        List<Catcher> catchers = new ArrayList<>();
        ArrayNode katch = state.array("Catch");
        if (katch != null) {
            for (int i = 0; i < katch.size(); i++) {
                catchers.add(catcher(new FieldReader(katch.get(i), "Catch[" + i + "] of state '" + stateName + "'", state.language()),
                        "Catch[" + i + "]", i == katch.size() - 1));
            }
        }
        return retriers.isEmpty() && catchers.isEmpty() ? ErrorHandling.NONE : new ErrorHandling(List.copyOf(retriers), List.copyOf(catchers));
    }

    private static Retrier retrier(FieldReader r, boolean last) {
        List<String> errors = errorEquals(r, last);
        Integer interval = r.integer("IntervalSeconds", 1);
        Integer maxAttempts = r.integer("MaxAttempts", 0);
        Double backoff = r.number("BackoffRate", 1.0, Double.MAX_VALUE);
        Integer maxDelay = r.integer("MaxDelaySeconds", 1);
        String jitter = r.string("JitterStrategy");
        if (jitter != null && !jitter.equals("FULL") && !jitter.equals("NONE")) {
            throw r.invalid("'JitterStrategy' must be FULL or NONE, not " + jitter);
        }
        r.string("Comment");
        r.finish("a retrier");
        return new Retrier(errors,
                interval == null ? Retrier.DEFAULT_INTERVAL_SECONDS : interval,
                maxAttempts == null ? Retrier.DEFAULT_MAX_ATTEMPTS : maxAttempts,
                backoff == null ? Retrier.DEFAULT_BACKOFF_RATE : backoff,
                maxDelay, "FULL".equals(jitter));
    }

    private static Catcher catcher(FieldReader r, String field, boolean last) {
        List<String> errors = errorEquals(r, last);
        String next = r.requiredString("Next");
        r.string("Comment");
        Catcher catcher;
        if (r.language() == QueryLanguage.JSONATA) {
            JsonataTemplate output = r.jsonata("Output");
            JsonataTemplate assign = r.assignObject() != null ? r.jsonata("Assign") : null;
            catcher = new Catcher(errors, next, field, null, false, null, output, assign);
        } else {
            JsonNode resultPath = r.has("ResultPath") ? r.get("ResultPath") : null;
            boolean discard = resultPath != null && resultPath.isNull();
            ReferencePath path = r.referencePath("ResultPath");
            PayloadTemplate assign = r.assignObject() != null ? r.payload("Assign") : null;
            catcher = new Catcher(errors, next, field, path, discard, assign, null, null);
        }
        r.finish("a catcher");
        return catcher;
    }

    private static List<String> errorEquals(FieldReader r, boolean last) {
        List<String> errors = r.strings("ErrorEquals");
        if (errors.contains(ErrorNames.ALL) && (errors.size() > 1 || !last)) {
            throw r.invalid("States.ALL must appear alone in ErrorEquals, in the last entry: move it into a final entry of its own");
        }
        return errors;
    }
}
