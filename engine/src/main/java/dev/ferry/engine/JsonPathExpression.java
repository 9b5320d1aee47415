package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The value of a {@code "key.$"} field (and of ErrorPath, CausePath ...) in a JSONPath state:
 * a path or an intrinsic function call such as {@code States.Format('Hi {}', $.name)}.
 */
interface JsonPathExpression {
    /**
     * Compiles a path or intrinsic function call.
     *
     * @throws IllegalArgumentException when the text is neither, saying why
     */
    static JsonPathExpression compile(String text) {
        if (text != null && text.startsWith("States.")) {
            return IntrinsicParser.parse(text);
        }
        if (text != null && text.startsWith("$")) {
            Path path = Path.compile(text);
            return new JsonPathExpression() {
                @Override
                public JsonNode evaluate(PathScope scope) {
                    return path.read(scope);
                }

                @Override
                public String text() {
                    return text;
                }
            };
        }
        throw new IllegalArgumentException("'" + text + "' is neither a path (starting with $) nor an intrinsic function (starting with States.)");
    }

    /**
     * Computes the value.
     *
     * @throws PathException when a path matches nothing
     * @throws IntrinsicException when an intrinsic function cannot compute its value
     */
    JsonNode evaluate(PathScope scope);

    String text();
}
