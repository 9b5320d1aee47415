package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Catch entry: the errors it handles, the state to go to, and what that state gets. In
 * JSONPath, ResultPath places the error output ({@code {"Error", "Cause"}}) in the state's input
 * (default {@code $}: the error output replaces it); in JSONata, Output (default
 * {@code $states.errorOutput}) and Assign read {@code $states.errorOutput}.
 */
final class Catcher {
    private final List<String> errorEquals;
    private final String next;
    private final String field;
    private final ReferencePath resultPath;
    private final boolean discardResult;
    private final PayloadTemplate jsonPathAssign;
    private final JsonataTemplate output;
    private final JsonataTemplate jsonataAssign;

    Catcher(List<String> errorEquals, String next, String field, ReferencePath resultPath, boolean discardResult,
            PayloadTemplate jsonPathAssign, JsonataTemplate output, JsonataTemplate jsonataAssign) {
        this.errorEquals = errorEquals;
        this.next = next;
        this.field = field;
        this.resultPath = resultPath;
        this.discardResult = discardResult;
        this.jsonPathAssign = jsonPathAssign;
        this.output = output;
        this.jsonataAssign = jsonataAssign;
    }

    boolean matches(String error) {
        return ErrorNames.matches(errorEquals, error);
    }

    String next() {
        return next;
    }

    Set<String> assignedVariables() {
        Set<String> names = new LinkedHashSet<>();
        if (jsonPathAssign != null) {
            names.addAll(jsonPathAssign.outputKeys());
        }
        if (jsonataAssign != null) {
            names.addAll(jsonataAssign.keys());
        }
        return names;
    }

    /** The transition to Next, with the state input and error as this catcher shapes them. */
    Outcome handle(StateRun run, StatesError error) {
        ObjectNode errorOutput = Json.MAPPER.createObjectNode();
        if (error.error() != null) {
            errorOutput.put("Error", error.error());
        }
        if (error.cause() != null) {
            errorOutput.put("Cause", error.cause());
        }
        if (run.state().language() == QueryLanguage.JSONATA) {
            var bindings = run.bindings(null, errorOutput);
            Map<String, JsonNode> assignments = jsonataAssign == null ? Map.of()
                    : StateIo.fields(jsonataAssign.evaluate(bindings, field + "/Assign"));
            JsonNode out = output == null ? errorOutput : output.evaluate(bindings, field + "/Output");
            return new Outcome(next, out, assignments);
        }
        Map<String, JsonNode> assignments = jsonPathAssign == null ? Map.of()
                : StateIo.fields(jsonPathAssign.evaluate(run.pathScope(errorOutput)));
        JsonNode out = discardResult ? run.input() : resultPath == null ? errorOutput : resultPath.apply(run.input(), errorOutput);
        return new Outcome(next, out, assignments);
    }
}
