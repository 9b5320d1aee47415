package dev.ferry.postgres.convert;

import java.util.Set;

/**
 * How a PostgreSQL type becomes a DynamoDB attribute: uuid/text/varchar/enum -> S; integer/bigint/numeric -> N
 * with every digit; real/double -> N; boolean -> BOOL; timestamptz/timestamp/date -> ISO-8601 S (UTC); time -> S;
 * json/jsonb -> M/L/S/N/BOOL (numbers exact); arrays -> L (empty stays empty); bytea -> B. Anything else has no
 * natural DynamoDB type and must be given a conversion ({@link #STRING} is its text form).
 */
public enum ColumnKind {
    STRING, INTEGER, DECIMAL, FLOAT, BOOL, TIMESTAMPTZ, TIMESTAMP, DATE, JSON, BINARY, ARRAY,
    /** The value's text form ({@code column::text}): a conversion chosen for a type with no natural one. */
    TEXT_FORM,
    /** Parsed from the column's text as JSON ({@code as: json}). */
    JSON_TEXT,
    /** {@code column::numeric} ({@code as: number}). */
    NUMERIC_CAST,
    UNSUPPORTED;

    private static final Set<String> STRINGS = Set.of("text", "varchar", "bpchar", "char", "name", "uuid", "citext", "xml",
            "inet", "cidr", "macaddr", "macaddr8", "time", "timetz");

    /** The natural kind of a type, by its name and category (see {@link dev.ferry.postgres.source.Catalog.Column}). */
    public static ColumnKind of(String typeName, String category) {
        if ("E".equals(category) || STRINGS.contains(typeName)) {
            return STRING;
        }
        return switch (typeName) {
            case "int2", "int4", "int8", "oid" -> INTEGER;
            case "numeric" -> DECIMAL;
            case "float4", "float8" -> FLOAT;
            case "bool" -> BOOL;
            case "timestamptz" -> TIMESTAMPTZ;
            case "timestamp" -> TIMESTAMP;
            case "date" -> DATE;
            case "json", "jsonb" -> JSON;
            case "bytea" -> BINARY;
            default -> "A".equals(category) ? ARRAY : UNSUPPORTED;
        };
    }

    /** The kind a chosen conversion ({@code as}) gives. */
    public static ColumnKind forConversion(String as) {
        return switch (as) {
            case "string" -> TEXT_FORM;
            case "number" -> NUMERIC_CAST;
            case "json" -> JSON_TEXT;
            default -> throw new IllegalArgumentException("unknown conversion " + as);
        };
    }

    /** The DynamoDB type it gives (a key attribute must be S, N or B). */
    public String dynamoType() {
        return switch (this) {
            case INTEGER, DECIMAL, FLOAT, NUMERIC_CAST -> "N";
            case BOOL -> "BOOL";
            case BINARY -> "B";
            case JSON, JSON_TEXT -> "M";
            case ARRAY -> "L";
            default -> "S";
        };
    }
}
