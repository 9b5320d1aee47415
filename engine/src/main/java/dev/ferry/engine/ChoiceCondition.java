package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/** The boolean expression of a JSONPath Choice rule: And, Or, Not, or a comparison of a Variable. */
sealed interface ChoiceCondition permits ChoiceCondition.All, ChoiceCondition.Any, ChoiceCondition.Not, ChoiceCondition.Compare {
    boolean test(PathScope scope);

    record All(List<ChoiceCondition> conditions) implements ChoiceCondition {
        @Override
        public boolean test(PathScope scope) {
            return conditions.stream().allMatch(c -> c.test(scope));
        }
    }

    record Any(List<ChoiceCondition> conditions) implements ChoiceCondition {
        @Override
        public boolean test(PathScope scope) {
            return conditions.stream().anyMatch(c -> c.test(scope));
        }
    }

    record Not(ChoiceCondition condition) implements ChoiceCondition {
        @Override
        public boolean test(PathScope scope) {
            return !condition.test(scope);
        }
    }

    /** {@code Variable} compared with a literal or, for {@code ...Path} operators, another path's value. */
    record Compare(Path variable, Comparison comparison, JsonNode operand, Path operandPath) implements ChoiceCondition {
        @Override
        public boolean test(PathScope scope) {
            if (comparison == Comparison.IS_PRESENT) {
                return variable.find(scope).isPresent() == operand.booleanValue();
            }
            JsonNode value = read(variable, scope);
            return comparison.test(value, operandPath == null ? operand : read(operandPath, scope));
        }

        private static JsonNode read(Path path, PathScope scope) {
            try {
                return path.read(scope);
            } catch (PathException e) {
                throw new PathException("Invalid path '" + path.text() + "': The choice state's condition path references an invalid value.");
            }
        }
    }

    /**
     * Reads a rule's condition; the caller reads and checks Next, Assign and Comment.
     *
     * @throws DefinitionException when the rule is not one of the States Language's rule forms
     */
    static ChoiceCondition parse(FieldReader r) {
        if (r.has("And") || r.has("Or")) {
            String field = r.has("And") ? "And" : "Or";
            ArrayNode items = r.array(field);
            if (items == null || items.isEmpty()) {
                throw r.invalid("'" + field + "' must be a non-empty array of rules");
            }
            List<ChoiceCondition> conditions = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                conditions.add(nested(items.get(i), r.where() + " > " + field + "[" + i + "]", r.language()));
            }
            return field.equals("And") ? new All(List.copyOf(conditions)) : new Any(List.copyOf(conditions));
        }
        if (r.has("Not")) {
            return new Not(nested(r.get("Not"), r.where() + " > Not", r.language()));
        }
        Path variable = r.path("Variable");
        if (variable == null) {
            throw r.invalid("a Choice rule needs And, Or, Not, or a Variable with a comparison such as StringEquals");
        }
        Comparison found = null;
        String operatorField = null;
        for (String field : r.fieldNames()) {
            var comparison = Comparison.forField(field);
            if (comparison.isPresent()) {
                if (found != null) {
                    throw r.invalid("a rule compares with one operator, but has both " + operatorField + " and " + field);
                }
                found = comparison.get();
                operatorField = field;
            }
        }
        if (found == null) {
            throw r.invalid("the rule on " + variable + " has no comparison operator (StringEquals, NumericGreaterThanPath, IsPresent ...)");
        }
        JsonNode operand = r.get(operatorField);
        if (operatorField.endsWith("Path") && !found.field().equals(operatorField)) {
            return new Compare(variable, found, null, r.path(operatorField));
        }
        if (!found.acceptsOperand(operand)) {
            throw r.invalid("'" + operatorField + "' needs " + switch (found.kind()) {
                case STRING -> "a string";
                case NUMERIC -> "a number";
                case TIMESTAMP -> "an RFC 3339 timestamp such as 2016-03-14T01:59:00Z";
                default -> "true or false";
            } + ", not " + operand);
        }
        return new Compare(variable, found, operand, null);
    }

    private static ChoiceCondition nested(JsonNode node, String where, QueryLanguage language) {
        FieldReader r = new FieldReader(node, where, language);
        ChoiceCondition condition = parse(r);
        r.string("Comment");
        r.finish("a nested Choice rule (nested rules have no Next)");
        return condition;
    }
}
