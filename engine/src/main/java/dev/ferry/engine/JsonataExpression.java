package dev.ferry.engine;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** One compiled JSONata expression (the text between {@code {%} and {@code %}}). */
final class JsonataExpression {
    private final String text;
    private final Jsonata compiled;

    private JsonataExpression(String text, Jsonata compiled) {
        this.text = text;
        this.compiled = compiled;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException with JSONata's error code and message when the text does not parse
     */
    public static JsonataExpression compile(String text) {
        try {
            Jsonata compiled = Jsonata.jsonata(text);
            compiled.setOutputConvertNulls(false);
            return new JsonataExpression(text, compiled);
        } catch (JException e) {
            throw new IllegalArgumentException("the JSONata expression '" + text + "' does not parse: " + describe(e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the JSONata expression '" + text + "' does not parse: " + e.getMessage(), e);
        }
    }

    public String text() {
        return text;
    }

    /**
     * Evaluates the expression.
     *
     * @return the value, or empty when the expression returns nothing (undefined)
     * @throws JsonataException when evaluation fails; the message is JSONata's ("T0410: ...")
     */
    public Optional<JsonNode> evaluate(JsonataBindings bindings) {
        Jsonata.Frame frame = compiled.createFrame();
        JsonataFunctions.ALL.forEach(frame::bind);
        bindings.variables().forEach(frame::bind);
        frame.bind("states", bindings.states());
        Object result;
        try {
            result = compiled.evaluate(null, frame);
        } catch (JException e) {
            throw new JsonataException(describe(e), e);
        } catch (StackOverflowError e) {
            throw new JsonataException("the expression recursed too deeply");
        } catch (RuntimeException e) {
            throw new JsonataException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        return JsonataValues.toJson(result);
    }

    private static String describe(JException e) {
        return e.getError() == null ? e.getMessage() : e.getError() + ": " + e.getMessage();
    }

    @Override
    public String toString() {
        return text;
    }
}
