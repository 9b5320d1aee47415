package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fail: fails its branch (or the execution) with an Error and a Cause, fixed or computed (ErrorPath
 * and CausePath in JSONPath, which may be intrinsic functions; expressions in JSONata).
 */
final class FailState extends State {
    private final String error;
    private final String cause;
    private final JsonPathExpression errorPath;
    private final JsonPathExpression causePath;
    private final JsonataTemplate errorTemplate;
    private final JsonataTemplate causeTemplate;

    private FailState(Header header, String error, String cause, JsonPathExpression errorPath, JsonPathExpression causePath,
                      JsonataTemplate errorTemplate, JsonataTemplate causeTemplate) {
        super(header);
        this.error = error;
        this.cause = cause;
        this.errorPath = errorPath;
        this.causePath = causePath;
        this.errorTemplate = errorTemplate;
        this.causeTemplate = causeTemplate;
    }

    static FailState parse(Header header, FieldReader r) {
        if (r.language() == QueryLanguage.JSONATA) {
            return new FailState(header, null, null, null, null, stringTemplate(r, "Error"), stringTemplate(r, "Cause"));
        }
        if (r.has("Error") && r.has("ErrorPath") || r.has("Cause") && r.has("CausePath")) {
            throw r.invalid("use either Error or ErrorPath, and either Cause or CausePath, not both");
        }
        return new FailState(header, r.string("Error"), r.string("Cause"), r.expression("ErrorPath"), r.expression("CausePath"), null, null);
    }

    private static JsonataTemplate stringTemplate(FieldReader r, String field) {
        JsonNode value = r.has(field) ? r.get(field) : null;
        if (value != null && !value.isTextual()) {
            throw r.invalid("'" + field + "' must be a string or a {% %} expression");
        }
        return r.jsonata(field);
    }

    @Override
    Outcome execute(StateRun run) {
        if (errorTemplate != null || causeTemplate != null) {
            var bindings = run.bindings(null, null);
            throw new StatesError(text(errorTemplate == null ? null : errorTemplate.evaluate(bindings, "Error"), "Error", run),
                    text(causeTemplate == null ? null : causeTemplate.evaluate(bindings, "Cause"), "Cause", run));
        }
        String errorValue = errorPath == null ? error : text(errorPath.evaluate(run.pathScope(run.input())), "ErrorPath", run);
        String causeValue = causePath == null ? cause : text(causePath.evaluate(run.pathScope(run.input())), "CausePath", run);
        throw new StatesError(errorValue, causeValue);
    }

    private static String text(JsonNode value, String field, StateRun run) {
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw run.badValue("The value of the field '" + field + "' must be a string, not " + value);
        }
        return value.textValue();
    }
}
