package dev.ferry.core.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

/**
 * Reads what a person wrote (a workflow's input, whether from a file, the console or a Lambda payload)
 * the one way every entry point shares: a UTF-8 byte-order mark is accepted, a key given twice in one
 * object is rejected with its path, and every problem is an {@link InvalidInputException} with a JSON
 * path and a fix.
 */
public final class JsonInput {
    private static final char BOM = '\uFEFF';

    private JsonInput() {
    }

    /** The JSON value of {@code text}; throws {@link InvalidInputException} naming the path of what is wrong. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(withoutBom(text));
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(new Problem("$", "The input is empty.", "Give one JSON object, e.g. {}."));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(problem(e));
        }
    }

    /** {@link #parse(String)} of UTF-8 bytes. */
    public static JsonNode parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    /** Binds {@code text} to {@code type}, with the same rules as {@link #parse(String)}. */
    public static <T> T read(String text, Class<T> type) {
        try {
            return Json.MAPPER.readValue(withoutBom(text), type);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(problem(e));
        }
    }

    /** The text without a leading UTF-8 byte-order mark (editors on Windows write one). */
    public static String withoutBom(String text) {
        return text != null && !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    }

    /** The problem a parse or binding error describes, with the JSON path where it happened. */
    public static Problem problem(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String path = "$" + m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining());
            return new Problem(path, "Has the wrong shape: " + e.getOriginalMessage() + ".",
                    "Correct the value; the workflow's schema (events/schemas) gives its type.");
        }
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonParseException p && message.startsWith("Duplicate field '") && p.getProcessor() != null) {
            JsonParser parser = p.getProcessor();
            String field = message.substring("Duplicate field '".length(), message.indexOf('\'', "Duplicate field '".length()));
            return new Problem(path(parser.getParsingContext()) + "." + field, "Is given twice in the same object" + where
                    + "; JSON keeps only one of them, so one would be silently ignored.",
                    "Keep one \"" + field + "\" and merge what the other held into it.");
        }
        return new Problem("$", "Is not valid JSON" + where + ": " + firstLine(message) + ".",
                "Fix the JSON syntax (a missing comma, quote or brace is the usual cause).");
    }

    /** The JSON path of the object or array the parser is in. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        JsonStreamContext c = context == null ? null : context.getParent(); // the object holding the duplicate key
        while (c != null && !c.inRoot()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject()) {
                parts.push("." + c.getCurrentName());
            }
            c = c.getParent();
        }
        return "$" + String.join("", parts);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
