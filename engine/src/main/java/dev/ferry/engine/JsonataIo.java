package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * Input and output processing of a JSONata state: Arguments (default: the state input) feeds the
 * work; Output (default: the result, or the input for states without one) and Assign read
 * {@code $states.input} and {@code $states.result}, and both see the variables as they were when
 * the state was entered.
 */
final class JsonataIo implements StateIo {
    private final JsonataTemplate arguments;
    private final JsonataTemplate output;
    private final String outputField;
    private final JsonataTemplate assign;
    private final String assignField;

    JsonataIo(JsonataTemplate arguments, JsonataTemplate output, JsonataTemplate assign) {
        this(arguments, output, "Output", assign, "Assign");
    }

    private JsonataIo(JsonataTemplate arguments, JsonataTemplate output, String outputField, JsonataTemplate assign, String assignField) {
        this.arguments = arguments;
        this.output = output;
        this.outputField = outputField;
        this.assign = assign;
        this.assignField = assignField;
    }

    /** The same processing with a Choice rule's own Output and Assign (the state's where the rule has none). */
    JsonataIo forRule(String rulePrefix, JsonataTemplate ruleOutput, JsonataTemplate ruleAssign) {
        return new JsonataIo(arguments,
                ruleOutput != null ? ruleOutput : output, ruleOutput != null ? rulePrefix + "Output" : outputField,
                ruleAssign != null ? ruleAssign : assign, ruleAssign != null ? rulePrefix + "Assign" : assignField);
    }

    @Override
    public JsonNode effectiveInput(StateRun run) {
        return arguments == null ? run.input() : arguments.evaluate(run.bindings(null, null), "Arguments");
    }

    @Override
    public Completion complete(StateRun run, JsonNode effectiveInput, JsonNode result) {
        JsonataBindings bindings = run.bindings(result, null);
        Map<String, JsonNode> assignments = assign == null ? Map.of() : StateIo.fields(assign.evaluate(bindings, assignField));
        JsonNode out = output != null ? output.evaluate(bindings, outputField) : result != null ? result : run.input();
        return new Completion(out, assignments);
    }

    @Override
    public Set<String> assignedVariables() {
        return assign == null ? Set.of() : assign.keys();
    }
}
