package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Choice: goes to the Next of the first rule that holds (a JSONPath condition, or a JSONata
 * Condition), else to Default, else fails with States.NoChoiceMatched. A rule's own Assign (and
 * Output in JSONata) replaces the state's when that rule is taken.
 */
final class ChoiceState extends State {
    /** One top-level rule. Exactly one of {@code condition} and {@code jsonataCondition} is set. */
    private record Rule(ChoiceCondition condition, JsonataTemplate jsonataCondition, String field, String next, StateIo io) {
        boolean holds(StateRun run, JsonNode effectiveInput) {
            if (condition != null) {
                return condition.test(run.pathScope(effectiveInput));
            }
            JsonNode value = jsonataCondition.evaluate(run.bindings(null, null), field + "/Condition");
            if (!value.isBoolean()) {
                throw run.badValue("The JSONata expression specified for the field '" + field + "/Condition' returned " + value + ", not a boolean.");
            }
            return value.booleanValue();
        }
    }

    private final StateIo io;
    private final List<Rule> rules;
    private final String defaultNext;

    private ChoiceState(Header header, StateIo io, List<Rule> rules, String defaultNext) {
        super(header);
        this.io = io;
        this.rules = rules;
        this.defaultNext = defaultNext;
    }

    static ChoiceState parse(Header header, FieldReader r) {
        StateIo io = StateIoParser.parse(r, StateIoParser.FLOW);
        ArrayNode choices = r.array("Choices");
        if (choices == null || choices.isEmpty()) {
            throw r.invalid("'Choices' must be a non-empty array of rules");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            String field = "Choices[" + i + "]";
            FieldReader rule = new FieldReader(choices.get(i), field + " of state '" + header.name() + "'", r.language());
            rules.add(r.language() == QueryLanguage.JSONATA ? jsonataRule(rule, field, io) : jsonPathRule(rule, field, io));
        }
        return new ChoiceState(header, io, List.copyOf(rules), r.string("Default"));
    }

    private static Rule jsonPathRule(FieldReader rule, String field, StateIo stateIo) {
        ChoiceCondition condition = ChoiceCondition.parse(rule);
        String next = rule.requiredString("Next");
        PayloadTemplate assign = rule.assignObject() != null ? rule.payload("Assign") : null;
        rule.string("Comment");
        rule.finish("a Choice rule");
        return new Rule(condition, null, field, next, assign == null ? stateIo : ((JsonPathIo) stateIo).withAssign(assign));
    }

    private static Rule jsonataRule(FieldReader rule, String field, StateIo stateIo) {
        JsonNode conditionNode = rule.required("Condition");
        if (!JsonataTemplate.isExpression(conditionNode) && !conditionNode.isBoolean()) {
            throw rule.invalid("'Condition' must be a {% %} expression that returns true or false");
        }
        JsonataTemplate condition = rule.jsonata("Condition");
        String next = rule.requiredString("Next");
        JsonataTemplate output = rule.jsonata("Output");
        JsonataTemplate assign = rule.assignObject() != null ? rule.jsonata("Assign") : null;
        rule.string("Comment");
        rule.finish("a Choice rule");
        return new Rule(null, condition, field, next, ((JsonataIo) stateIo).forRule(field + "/", output, assign));
    }

    @Override
    Outcome execute(StateRun run) {
        JsonNode effective = io.effectiveInput(run);
        for (Rule rule : rules) {
            if (rule.holds(run, effective)) {
                return rule.io().complete(run, effective, null).to(rule.next());
            }
        }
        if (defaultNext == null) {
            throw new StatesError(ErrorNames.NO_CHOICE_MATCHED, StatesError.inState(run.state().name(),
                    "No Choice rule matched the input and the state has no Default: add a Default or a rule for this input."));
        }
        return io.complete(run, effective, null).to(defaultNext);
    }

    @Override
    Set<String> transitions() {
        Set<String> targets = super.transitions();
        rules.forEach(rule -> targets.add(rule.next()));
        if (defaultNext != null) {
            targets.add(defaultNext);
        }
        return targets;
    }

    @Override
    Set<String> assignedVariables() {
        Set<String> names = super.assignedVariables();
        names.addAll(io.assignedVariables());
        rules.forEach(rule -> names.addAll(rule.io().assignedVariables()));
        return names;
    }
}
