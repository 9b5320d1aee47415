package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import dev.ferry.postgres.convert.Values;
import dev.ferry.postgres.crypto.InvalidTokenException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A secret's name and JSON value, made from a row (ids as mapped) and its decrypted column, in memory. The value
 * is returned to be sent to Secrets Manager or compared by digest; it is never logged, kept or put in a message.
 */
public final class SecretValues {
    private SecretValues() {
    }

    /** The columns a value template names. */
    public static List<String> placeholders(JsonNode template) {
        List<String> out = new ArrayList<>();
        collect(template, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.addAll(ResolvedTable.placeholders(node.asText()));
        } else {
            node.forEach(child -> collect(child, out));
        }
    }

    /**
     * The secret's value (JSON text).
     *
     * @param plaintext the decrypted column
     * @throws InvalidTokenException (CONTENT) when the template puts the plaintext where it must be JSON and it is not
     */
    public static String value(PgPlan.SecretSpec spec, ResolvedTable.Row row, byte[] plaintext) {
        JsonNode decrypted = parse(plaintext);
        if (spec.value() == null) {
            return decrypted.isTextual() ? decrypted.asText() : Json.write(decrypted);
        }
        return Json.write(fill(spec.value(), row, spec.encryptedColumn(), decrypted));
    }

    private static JsonNode fill(JsonNode template, ResolvedTable.Row row, String encrypted, JsonNode decrypted) {
        if (template.isObject()) {
            ObjectNode out = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), fill(e.getValue(), row, encrypted, decrypted));
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            template.forEach(e -> out.add(fill(e, row, encrypted, decrypted)));
            return out;
        }
        if (!template.isTextual()) {
            return template;
        }
        String text = template.asText();
        List<String> names = ResolvedTable.placeholders(text);
        if (names.size() == 1 && text.equals("{" + names.get(0) + "}")) {
            String column = names.get(0);
            return column.equals(encrypted) ? decrypted : node(row.values().get(column));
        }
        if (names.contains(encrypted)) {
            String replaced = text.replace("{" + encrypted + "}", decrypted.isTextual() ? decrypted.asText() : Json.write(decrypted));
            return JsonNodeFactory.instance.textNode(ResolvedTable.fill(replaced, row));
        }
        return JsonNodeFactory.instance.textNode(ResolvedTable.fill(text, row));
    }

    private static JsonNode node(Object v) {
        if (v == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (v instanceof JsonNode j) {
            return j;
        }
        if (v instanceof BigDecimal n) {
            return JsonNodeFactory.instance.numberNode(n);
        }
        if (v instanceof Boolean b) {
            return JsonNodeFactory.instance.booleanNode(b);
        }
        return JsonNodeFactory.instance.textNode(Values.text(v));
    }

    /** The plaintext as JSON when it is a JSON object or array, else as a string. */
    private static JsonNode parse(byte[] plaintext) {
        String text = new String(plaintext, StandardCharsets.UTF_8);
        String trimmed = text.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return Json.MAPPER.readTree(trimmed);
            } catch (IOException e) {
                throw new InvalidTokenException(InvalidTokenException.Reason.CONTENT,
                        "it decrypts, but to a document that is not valid JSON");
            }
        }
        return JsonNodeFactory.instance.textNode(text);
    }
}
