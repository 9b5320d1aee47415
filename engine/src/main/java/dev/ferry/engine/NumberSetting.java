package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A numeric field that may be given as a number, as a {@code ...Path} field (JSONPath) or as a
 * {@code {% %}} expression (JSONata): MaxConcurrency, ToleratedFailureCount, MaxItemsPerBatch ...
 */
final class NumberSetting {
    private final String field;
    private final Double literal;
    private final Path path;
    private final JsonataTemplate expression;
    private final double min;
    private final double max;
    private final boolean whole;

    private NumberSetting(String field, Double literal, Path path, JsonataTemplate expression, double min, double max, boolean whole) {
        this.field = field;
        this.literal = literal;
        this.path = path;
        this.expression = expression;
        this.min = min;
        this.max = max;
        this.whole = whole;
    }

    /** Reads {@code field} (and {@code fieldPath} in JSONPath); null when neither is given. */
    static NumberSetting parse(FieldReader r, String field, double min, double max, boolean whole) {
        if (r.has(field) && r.has(field + "Path")) {
            throw r.invalid("use either " + field + " or " + field + "Path, not both");
        }
        if (r.language() == QueryLanguage.JSONATA && JsonataTemplate.isExpression(r.has(field) ? r.get(field) : null)) {
            return new NumberSetting(field, null, null, r.jsonata(field), min, max, whole);
        }
        if (r.language() == QueryLanguage.JSONPATH && r.has(field + "Path")) {
            return new NumberSetting(field, null, r.path(field + "Path"), null, min, max, whole);
        }
        Double literal = r.number(field, min, max);
        if (literal == null) {
            return null;
        }
        if (whole && literal != Math.rint(literal)) {
            throw r.invalid("'" + field + "' must be a whole number, not " + literal);
        }
        return new NumberSetting(field, literal, null, null, min, max, whole);
    }

    /** The value for this run: {@code data} is what a path reads. */
    double resolve(StateRun run, JsonNode data) {
        if (literal != null) {
            return literal;
        }
        JsonNode value = path != null ? path.read(run.pathScope(data)) : expression.evaluate(run.bindings(null, null), field);
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max
                || whole && value.doubleValue() != Math.rint(value.doubleValue())) {
            throw run.badValue("'" + field + "' must be " + (whole ? "a whole number" : "a number") + " from " + (long) min
                    + " to " + (long) max + ", not " + value);
        }
        return value.doubleValue();
    }

    static Integer resolveInt(NumberSetting setting, StateRun run, JsonNode data) {
        return setting == null ? null : (int) setting.resolve(run, data);
    }
}
