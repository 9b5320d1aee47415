package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one object of a definition (a state, a retrier, an ItemBatcher ...),
 * remembering which were read, so that {@link #finish} can reject every field nobody read: a typo,
 * a field of another state type or query language, or a feature the engine lacks.
 */
final class FieldReader {
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "ItemReader", "the local engine does not read Map items from S3; put the items in the state input and use ItemsPath or Items",
            "ResultWriter", "the local engine does not write Map results to S3; the Map's output is the array of results",
            "HeartbeatSeconds", "tasks run in process and send no heartbeats; use TimeoutSeconds",
            "HeartbeatSecondsPath", "tasks run in process and send no heartbeats; use TimeoutSecondsPath",
            "Credentials", "tasks run in process with the caller's AWS credentials; remove Credentials for local runs");
    private static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath",
            "ItemsPath", "SecondsPath", "TimestampPath", "TimeoutSecondsPath", "ErrorPath", "CausePath", "MaxConcurrencyPath",
            "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath",
            "Result", "Iterator", "Variable");
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items", "Condition");

    private final JsonNode node;
    private final String where;
    private final QueryLanguage language;
    private final Set<String> read = new HashSet<>();

    FieldReader(JsonNode node, String where, QueryLanguage language) {
        if (node == null || !node.isObject()) {
            throw DefinitionException.invalid(where + " must be a JSON object");
        }
        this.node = node;
        this.where = where;
        this.language = language;
    }

    String where() {
        return where;
    }

    QueryLanguage language() {
        return language;
    }

    /** The names of all fields, read or not. */
    List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** The field's value (JSON null included), or null when absent. */
    JsonNode get(String field) {
        read.add(field);
        return node.get(field);
    }

    JsonNode required(String field) {
        JsonNode value = get(field);
        if (value == null) {
            throw invalid("the field '" + field + "' is required");
        }
        return value;
    }

    String string(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("'" + field + "' must be a string");
        }
        return value.textValue();
    }

    String requiredString(String field) {
        required(field);
        return string(field);
    }

    Integer integer(String field, int min) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min) {
            throw invalid("'" + field + "' must be a whole number of at least " + min + ", not " + value);
        }
        return value.intValue();
    }

    Double number(String field, double min, double max) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            throw invalid("'" + field + "' must be a number from " + min + " to " + max + ", not " + value);
        }
        return value.doubleValue();
    }

    boolean isTrue(String field) {
        JsonNode value = get(field);
        if (value != null && !value.isBoolean()) {
            throw invalid("'" + field + "' must be true or false");
        }
        return value != null && value.booleanValue();
    }

    List<String> strings(String field) {
        JsonNode value = required(field);
        if (!value.isArray() || value.isEmpty()) {
            throw invalid("'" + field + "' must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid("'" + field + "' must hold only strings");
            }
            out.add(item.textValue());
        }
        return List.copyOf(out);
    }

    ArrayNode array(String field) {
        JsonNode value = get(field);
        if (value != null && !value.isArray()) {
            throw invalid("'" + field + "' must be an array");
        }
        return (ArrayNode) value;
    }

    Path path(String field) {
        String text = string(field);
        try {
            return text == null ? null : Path.compile(text);
        } catch (IllegalArgumentException e) {
            throw invalid("'" + field + "': " + e.getMessage(), e);
        }
    }

    /** A path field that may be JSON null (InputPath, OutputPath): absent means {@code $}. */
    JsonPathIo.PathField pathField(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return JsonPathIo.PathField.ALL;
        }
        if (value.isNull()) {
            return new JsonPathIo.PathField(null, true);
        }
        return new JsonPathIo.PathField(path(field), false);
    }

    ReferencePath referencePath(String field) {
        JsonNode value = get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("'" + field + "' must be a reference path string or null");
        }
        try {
            return ReferencePath.compile(value.textValue());
        } catch (IllegalArgumentException e) {
            throw invalid("'" + field + "': " + e.getMessage(), e);
        }
    }

    JsonPathExpression expression(String field) {
        String text = string(field);
        try {
            return text == null ? null : JsonPathExpression.compile(text);
        } catch (IllegalArgumentException e) {
            throw invalid("'" + field + "': " + e.getMessage(), e);
        }
    }

    PayloadTemplate payload(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        try {
            return PayloadTemplate.compile(value);
        } catch (IllegalArgumentException e) {
            throw invalid("'" + field + "': " + e.getMessage(), e);
        }
    }

    JsonataTemplate jsonata(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        try {
            return JsonataTemplate.compile(value);
        } catch (IllegalArgumentException e) {
            throw invalid("'" + field + "': " + e.getMessage(), e);
        }
    }

    /** Assign: an object whose keys are variable names. */
    JsonNode assignObject() {
        JsonNode value = node.get("Assign");
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid("'Assign' must be an object whose keys are the variable names");
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String variable = name.endsWith(".$") && language == QueryLanguage.JSONPATH ? name.substring(0, name.length() - 2) : name;
            if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*") || variable.equals("states")) {
                throw invalid("'" + variable + "' cannot be a variable name: use letters, digits and _ (not starting with a digit), and not 'states'");
            }
        }
        return value;
    }

    DefinitionException invalid(String reason) {
        return DefinitionException.invalid(where + ": " + reason);
    }

    DefinitionException invalid(String reason, Throwable cause) {
        return DefinitionException.invalid(where + ": " + reason, cause);
    }

    /**
     * Rejects every field that was not read.
     *
     * @param owner what the object is, e.g. "a Task state", for the message
     */
    void finish(String owner) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!read.contains(field)) {
                throw new UnsupportedFeatureException("field '" + field + "' in " + where + " (" + reason(field, owner) + ")");
            }
        }
    }

    private String reason(String field, String owner) {
        if (UNSUPPORTED.containsKey(field)) {
            return UNSUPPORTED.get(field);
        }
        if (language == QueryLanguage.JSONATA && JSONPATH_ONLY.contains(field)) {
            return "a JSONPath field, and this uses JSONata: use Arguments, Output and {% %} expressions, or set \"QueryLanguage\": \"JSONPath\"";
        }
        if (language == QueryLanguage.JSONPATH && JSONATA_ONLY.contains(field)) {
            return "a JSONata field, and this uses JSONPath: set \"QueryLanguage\": \"JSONata\" or use the JSONPath fields";
        }
        return "not a field of " + owner + " in the States Language; check its spelling";
    }
}
