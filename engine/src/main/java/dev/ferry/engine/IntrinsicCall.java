package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A parsed intrinsic function call, evaluated against a {@link PathScope}. */
final class IntrinsicCall implements JsonPathExpression, IntrinsicArgument {
    private final IntrinsicFunctions.Function function;
    private final List<IntrinsicArgument> arguments;
    private final String text;

    private IntrinsicCall(IntrinsicFunctions.Function function, List<IntrinsicArgument> arguments, String text) {
        this.function = function;
        this.arguments = arguments;
        this.text = text;
    }

    static IntrinsicCall of(String name, List<IntrinsicArgument> arguments, String text) {
        IntrinsicFunctions.Function function = IntrinsicFunctions.find(name).orElseThrow(() -> new IllegalArgumentException(
                "'" + name + "' is not an intrinsic function; the States Language has " + IntrinsicFunctions.names()));
        function.checkArity(arguments.size());
        return new IntrinsicCall(function, List.copyOf(arguments), text);
    }

    @Override
    public JsonNode evaluate(PathScope scope) {
        List<JsonNode> values = new ArrayList<>(arguments.size());
        for (IntrinsicArgument argument : arguments) {
            values.add(argument.evaluate(scope));
        }
        String formatTemplate = !arguments.isEmpty() && arguments.get(0) instanceof IntrinsicArgument.Literal literal ? literal.raw() : null;
        try {
            return function.apply(values, formatTemplate);
        } catch (IntrinsicException e) {
            throw new IntrinsicException("Invalid arguments in " + text + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String text() {
        return text;
    }
}
