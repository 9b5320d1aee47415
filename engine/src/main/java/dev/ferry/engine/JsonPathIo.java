package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * Input and output processing of a JSONPath state, in the specification's order: InputPath,
 * Parameters, (the work), ResultSelector, Assign (reading the selected result), ResultPath, OutputPath.
 * A null InputPath or OutputPath gives {@code {}}; a null ResultPath keeps the state input.
 */
final class JsonPathIo implements StateIo {
    /** A path field: absent ({@code $}), JSON null (discard), or a path. */
    record PathField(Path path, boolean discard) {
        static final PathField ALL = new PathField(null, false);
    }

    private final PathField inputPath;
    private final PayloadTemplate parameters;
    private final PayloadTemplate resultSelector;
    private final ReferencePath resultPath;
    private final boolean discardResult;
    private final PathField outputPath;
    private final PayloadTemplate assign;

    JsonPathIo(PathField inputPath, PayloadTemplate parameters, PayloadTemplate resultSelector, ReferencePath resultPath,
               boolean discardResult, PathField outputPath, PayloadTemplate assign) {
        this.inputPath = inputPath;
        this.parameters = parameters;
        this.resultSelector = resultSelector;
        this.resultPath = resultPath;
        this.discardResult = discardResult;
        this.outputPath = outputPath;
        this.assign = assign;
    }

    /** The same processing with a Choice rule's own Assign. */
    JsonPathIo withAssign(PayloadTemplate ruleAssign) {
        return new JsonPathIo(inputPath, parameters, resultSelector, resultPath, discardResult, outputPath, ruleAssign);
    }

    @Override
    public JsonNode effectiveInput(StateRun run) {
        JsonNode selected = select(run, inputPath, run.input(), "InputPath");
        return parameters == null ? selected : parameters.evaluate(run.pathScope(selected));
    }

    @Override
    public Completion complete(StateRun run, JsonNode effectiveInput, JsonNode result) {
        JsonNode selected = result == null ? effectiveInput
                : resultSelector == null ? result : resultSelector.evaluate(run.pathScope(result));
        Map<String, JsonNode> assignments = assign == null ? Map.of() : StateIo.fields(assign.evaluate(run.pathScope(selected)));
        JsonNode merged = discardResult ? run.input() : resultPath == null ? selected : resultPath.apply(run.input(), selected);
        return new Completion(select(run, outputPath, merged, "OutputPath"), assignments);
    }

    @Override
    public Set<String> assignedVariables() {
        return assign == null ? Set.of() : assign.outputKeys();
    }

    private static JsonNode select(StateRun run, PathField field, JsonNode data, String name) {
        if (field.discard()) {
            return Json.MAPPER.createObjectNode();
        }
        if (field.path() == null) {
            return data;
        }
        try {
            return field.path().read(run.pathScope(data));
        } catch (PathException e) {
            throw new PathException("Invalid path '" + field.path().text() + "' : " + e.getMessage() + " (" + name + ")");
        }
    }
}
