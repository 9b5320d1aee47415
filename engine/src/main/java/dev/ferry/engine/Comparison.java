package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** The comparison operators of JSONPath Choice rules ({@code StringEquals}, {@code NumericLessThanPath}, {@code IsPresent} ...). */
enum Comparison {
    STRING_EQUALS("StringEquals", Kind.STRING, Relation.EQ),
    STRING_LESS_THAN("StringLessThan", Kind.STRING, Relation.LT),
    STRING_GREATER_THAN("StringGreaterThan", Kind.STRING, Relation.GT),
    STRING_LESS_THAN_EQUALS("StringLessThanEquals", Kind.STRING, Relation.LE),
    STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Kind.STRING, Relation.GE),
    STRING_MATCHES("StringMatches", Kind.STRING, Relation.MATCHES),
    NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC, Relation.EQ),
    NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC, Relation.LT),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC, Relation.GT),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC, Relation.LE),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC, Relation.GE),
    BOOLEAN_EQUALS("BooleanEquals", Kind.BOOLEAN, Relation.EQ),
    TIMESTAMP_EQUALS("TimestampEquals", Kind.TIMESTAMP, Relation.EQ),
    TIMESTAMP_LESS_THAN("TimestampLessThan", Kind.TIMESTAMP, Relation.LT),
    TIMESTAMP_GREATER_THAN("TimestampGreaterThan", Kind.TIMESTAMP, Relation.GT),
    TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals", Kind.TIMESTAMP, Relation.LE),
    TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals", Kind.TIMESTAMP, Relation.GE),
    IS_NULL("IsNull", Kind.TYPE_TEST, Relation.EQ),
    IS_PRESENT("IsPresent", Kind.TYPE_TEST, Relation.EQ),
    IS_NUMERIC("IsNumeric", Kind.TYPE_TEST, Relation.EQ),
    IS_STRING("IsString", Kind.TYPE_TEST, Relation.EQ),
    IS_BOOLEAN("IsBoolean", Kind.TYPE_TEST, Relation.EQ),
    IS_TIMESTAMP("IsTimestamp", Kind.TYPE_TEST, Relation.EQ);

    enum Kind { STRING, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

    private enum Relation { EQ, LT, GT, LE, GE, MATCHES }

    private final String field;
    private final Kind kind;
    private final Relation relation;

    Comparison(String field, Kind kind, Relation relation) {
        this.field = field;
        this.kind = kind;
        this.relation = relation;
    }

    String field() {
        return field;
    }

    Kind kind() {
        return kind;
    }

    /** True for the operators that also have a {@code ...Path} variant. */
    boolean hasPathVariant() {
        return kind != Kind.TYPE_TEST && relation != Relation.MATCHES;
    }

    /** The operator a rule field names, with or without {@code Path}, or empty. */
    static Optional<Comparison> forField(String name) {
        String base = name.endsWith("Path") ? name.substring(0, name.length() - 4) : name;
        for (Comparison c : values()) {
            if (c.field.equals(name) || c.field.equals(base) && c.hasPathVariant()) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether a literal operand has the right type for this operator. */
    boolean acceptsOperand(JsonNode operand) {
        return switch (kind) {
            case STRING -> operand.isTextual();
            case NUMERIC -> operand.isNumber();
            case BOOLEAN, TYPE_TEST -> operand.isBoolean();
            case TIMESTAMP -> operand.isTextual() && Timestamps.parse(operand.textValue()).isPresent();
        };
    }

    /** Compares a present value with the operand; values of another type never match. */
    boolean test(JsonNode value, JsonNode operand) {
        if (kind == Kind.TYPE_TEST) {
            return typeTest(value) == operand.booleanValue();
        }
        return switch (kind) {
            case STRING -> value.isTextual() && operand.isTextual() && (relation == Relation.MATCHES
                    ? wildcard(operand.textValue()).matcher(value.textValue()).matches()
                    : holds(value.textValue().compareTo(operand.textValue())));
            case NUMERIC -> value.isNumber() && operand.isNumber() && holds(value.decimalValue().compareTo(operand.decimalValue()));
            case BOOLEAN -> value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
            case TIMESTAMP -> {
                Optional<Instant> a = value.isTextual() ? Timestamps.parse(value.textValue()) : Optional.empty();
                Optional<Instant> b = operand.isTextual() ? Timestamps.parse(operand.textValue()) : Optional.empty();
                yield a.isPresent() && b.isPresent() && holds(a.get().compareTo(b.get()));
            }
            default -> false;
        };
    }

    private boolean typeTest(JsonNode value) {
        return switch (this) {
            case IS_PRESENT -> value != null;
            case IS_NULL -> value != null && value.isNull();
            case IS_NUMERIC -> value != null && value.isNumber();
            case IS_STRING -> value != null && value.isTextual();
            case IS_BOOLEAN -> value != null && value.isBoolean();
            case IS_TIMESTAMP -> value != null && value.isTextual() && Timestamps.parse(value.textValue()).isPresent();
            default -> false;
        };
    }

    private boolean holds(int order) {
        return switch (relation) {
            case EQ -> order == 0;
            case LT -> order < 0;
            case GT -> order > 0;
            case LE -> order <= 0;
            case GE -> order >= 0;
            case MATCHES -> false;
        };
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are a literal * and \. */
    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
