package dev.ferry.core.errors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A failed step's Cause as a person reads it. When a Lambda function throws, Step Functions' Cause is the
 * runtime's error document ({@code {"errorMessage": ..., "errorType": ..., "stackTrace": [...], "cause": {...}}}),
 * and a Cause built from other Causes (the rollback's "Rollback incomplete ... Original cause: ...") holds such
 * documents inside its text. Reports and the CLI show each document as its {@code errorMessage}; the stack traces
 * stay available ({@link #errorDocuments}) for {@code --verbose}.
 */
public final class ErrorCauses {
    private static final String DOCUMENT_START = "{\"errorMessage\"";

    private ErrorCauses() {
    }

    /**
     * {@code cause} with every Lambda error document in it replaced by its {@code errorMessage}; a cause with
     * none is returned as it is, and {@code null} stays {@code null}.
     */
    public static String readable(String cause) {
        if (cause == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(cause.length());
        int from = 0;
        for (Found f : find(cause)) {
            out.append(cause, from, f.start()).append(f.document().path("errorMessage").asText());
            from = f.end();
        }
        return from == 0 ? cause : out.append(cause, from, cause.length()).toString();
    }

    /** The Lambda error documents in {@code cause}, in order: the whole cause if it is one, else those inside its text. */
    public static List<JsonNode> errorDocuments(String cause) {
        List<JsonNode> out = new ArrayList<>();
        if (cause != null) {
            find(cause).forEach(f -> out.add(f.document()));
        }
        return out;
    }

    private record Found(int start, int end, JsonNode document) {
    }

    private static List<Found> find(String cause) {
        List<Found> found = new ArrayList<>();
        if (cause.startsWith("{")) {
            JsonNode whole = objectAt(cause, 0, cause.length());
            if (whole != null && whole.hasNonNull("errorMessage")) {
                found.add(new Found(0, cause.length(), whole));
                return found;
            }
        }
        int at = cause.indexOf(DOCUMENT_START);
        while (at >= 0) {
            int end = endOf(cause, at);
            JsonNode document = end < 0 ? null : objectAt(cause, at, end);
            if (document == null) {
                at = cause.indexOf(DOCUMENT_START, at + 1);
                continue;
            }
            found.add(new Found(at, end, document));
            at = cause.indexOf(DOCUMENT_START, end);
        }
        return found;
    }

    /** The JSON object that is exactly {@code text[from, to)}, or null. */
    private static JsonNode objectAt(String text, int from, int to) {
        try {
            JsonNode node = Json.MAPPER.readTree(text.substring(from, to));
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Where the JSON object starting at {@code at} ends (exclusive), or -1 if none starts there. */
    private static int endOf(String text, int at) {
        try (JsonParser p = Json.MAPPER.createParser(text.substring(at))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            p.skipChildren();
            return at + (int) p.currentLocation().getCharOffset();
        } catch (IOException notJson) {
            return -1;
        }
    }
}
