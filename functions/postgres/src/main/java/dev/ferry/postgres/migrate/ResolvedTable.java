package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.postgres.convert.ColumnKind;
import dev.ferry.postgres.convert.Uuid5;
import dev.ferry.postgres.convert.Values;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One table as Prepare resolved it against the catalog, kept in the run ledger for every later step: the
 * columns read and how each converts, the keyset key, the item keys, id mapping and foreign-key rewrites, and
 * the key ranges. Turns a row into its item ({@link #item}), the same way for the load and the verification.
 *
 * @param index position in the input's tables
 * @param source the table's name
 * @param schema its schema
 * @param target the DynamoDB table (null for a secret table)
 * @param columns the columns read, in SELECT order
 * @param keyColumns the primary key, the keyset pagination's order
 * @param keyTypes the key columns' SQL types (to cast resume keys back)
 * @param partitionKey the items' partition key
 * @param sortKey the items' sort key (null: none)
 * @param indexes the global secondary indexes (of a table the run creates)
 * @param idColumn the primary key column whose values get new ids (uuid5), or null
 * @param idNamespace the uuid5 namespace of {@code idColumn}
 * @param rewrites foreign-key columns rewritten to their parent's new ids: column -> the parent's namespace
 * @param references foreign keys whose parent is a table of the run: checked by verification
 * @param tenantColumn the column per-tenant counts use, or null
 * @param watermarkColumn the column incremental runs read changes by, or null
 * @param secret set when rows become secrets
 * @param estimatedRows the row count Prepare found
 * @param segments key ranges
 * @param boundaries the upper key (text, one value per key column) of each range but the last
 * @param action what the run did with the target ({@code CREATED}, {@code REUSED}, {@code SECRETS}, ...)
 * @param targetHadItems whether a reused target held items before the run
 * @param warnings what a person should know
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolvedTable(int index, String source, String schema, String target, List<Col> columns, List<String> keyColumns,
                            List<String> keyTypes, KeyAttr partitionKey, KeyAttr sortKey, List<PgPlan.IndexSpec> indexes,
                            String idColumn, String idNamespace, Map<String, String> rewrites, List<Reference> references,
                            String tenantColumn, String watermarkColumn, PgPlan.SecretSpec secret, long estimatedRows, int segments,
                            List<List<String>> boundaries, String action, Boolean targetHadItems, List<String> warnings) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    /**
     * A column read.
     *
     * @param name the column
     * @param attribute its attribute in the item (null: read for keys, templates or checks only)
     * @param kind how it converts
     * @param elementKind an array's element conversion
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Col(String name, String attribute, ColumnKind kind, ColumnKind elementKind) {
    }

    /**
     * A key attribute.
     *
     * @param attribute its name
     * @param column the column feeding it (its converted value), or null for a template
     * @param template e.g. {@code TENANT#{tenant_id}}, or null
     * @param type S, N or B
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyAttr(String attribute, String column, String template, String type) {
    }

    /**
     * A foreign key to a table of the run: the child's attribute must equal an existing parent item's key.
     *
     * @param column the child's column
     * @param attribute the child's attribute holding the reference
     * @param parentTable the parent's source table
     * @param parentTarget the parent's DynamoDB table
     * @param parentKey the parent's key attribute
     */
    public record Reference(String column, String attribute, String parentTable, String parentTarget, String parentKey) {
    }

    @JsonIgnore
    public boolean isSecret() {
        return secret != null;
    }

    /** {@code "schema"."table"}. */
    @JsonIgnore
    public String qualified() {
        return quote(schema) + "." + quote(source);
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The SELECT list: every column (cast as its conversion needs), then the key columns as text. */
    @JsonIgnore
    public String selectList() {
        List<String> out = new ArrayList<>();
        for (Col c : columns) {
            String q = quote(c.name());
            out.add(switch (c.kind()) {
                case TEXT_FORM, JSON_TEXT -> q + "::text";
                case NUMERIC_CAST -> q + "::numeric";
                default -> q;
            });
        }
        for (int k = 0; k < keyColumns.size(); k++) {
            out.add(quote(keyColumns.get(k)) + "::text AS ferry_key_" + k);
        }
        return String.join(", ", out);
    }

    /** {@code ("a", "b")}: the keyset's row value. */
    @JsonIgnore
    public String keyRow() {
        return "(" + String.join(", ", keyColumns.stream().map(ResolvedTable::quote).toList()) + ")";
    }

    /** {@code (?::uuid, ?::bigint)}: a key bound back from text. */
    @JsonIgnore
    public String keyParameters() {
        return "(" + String.join(", ", keyTypes.stream().map(t -> "?::" + t).toList()) + ")";
    }

    /** One row read, converted, with new ids in place. */
    public record Row(Map<String, Object> values, List<String> key) {
        /** The primary key as {@code col=value, ...}, for reports (ids only, never other columns). */
        public String describeKey(List<String> keyColumns) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < keyColumns.size(); i++) {
                parts.add(keyColumns.get(i) + "=" + key.get(i));
            }
            return String.join(", ", parts);
        }
    }

    /** Reads the current row of a SELECT made with {@link #selectList()}. */
    public Row read(ResultSet rs) throws SQLException {
        Map<String, Object> values = new HashMap<>();
        int i = 1;
        for (Col c : columns) {
            Object v;
            try {
                v = Values.read(rs, i, c.kind(), c.elementKind());
            } catch (Values.ConversionException e) {
                throw new Values.ConversionException("column " + c.name() + ": " + e.getMessage());
            }
            values.put(c.name(), v);
            i++;
        }
        List<String> key = new ArrayList<>(keyColumns.size());
        for (int k = 0; k < keyColumns.size(); k++) {
            key.add(rs.getString(i++));
        }
        if (idColumn != null && values.get(idColumn) != null) {
            values.put(idColumn, Uuid5.of(UUID.fromString(idNamespace), Values.text(values.get(idColumn))).toString());
        }
        for (Map.Entry<String, String> r : rewrites.entrySet()) {
            Object v = values.get(r.getKey());
            if (v != null) {
                values.put(r.getKey(), Uuid5.of(UUID.fromString(r.getValue()), Values.text(v)).toString());
            }
        }
        return new Row(values, key);
    }

    /**
     * The row's item: every mapped column as its attribute (a NULL column omitted, or NULL with
     * {@code keepNulls}), and template keys.
     *
     * @throws Values.ConversionException naming the column, never the value
     */
    public Map<String, AttributeValue> item(Row row, boolean keepNulls) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Col c : columns) {
            if (c.attribute() == null) {
                continue;
            }
            AttributeValue a;
            try {
                a = Values.attribute(row.values().get(c.name()));
            } catch (Values.ConversionException e) {
                throw new Values.ConversionException("column " + c.name() + ": " + e.getMessage());
            }
            if (a != null) {
                item.put(c.attribute(), a);
            } else if (keepNulls) {
                item.put(c.attribute(), AttributeValue.fromNul(true));
            }
        }
        for (KeyAttr k : keys()) {
            if (k.template() != null) {
                item.put(k.attribute(), AttributeValue.fromS(fill(k.template(), row)));
            } else {
                AttributeValue a = item.get(k.attribute());
                if (a == null || a.nul() != null || isEmptyKey(a)) {
                    throw new Values.ConversionException("column " + k.column() + " is NULL or empty, and it feeds the key attribute "
                            + k.attribute());
                }
            }
        }
        return item;
    }

    private static boolean isEmptyKey(AttributeValue a) {
        return (a.s() != null && a.s().isEmpty()) || (a.b() != null && a.b().asByteArray().length == 0);
    }

    /** The item's key attributes. */
    public Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (KeyAttr k : keys()) {
            key.put(k.attribute(), item.get(k.attribute()));
        }
        return key;
    }

    /** The key attributes, partition key first. */
    @JsonIgnore
    public List<KeyAttr> keys() {
        return sortKey == null ? List.of(partitionKey) : List.of(partitionKey, sortKey);
    }

    /** A template with every {@code {column}} replaced by the row's (mapped) value as text. */
    public static String fill(String template, Row row) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Values.text(row.values().get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The columns a template names. */
    public static List<String> placeholders(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The text before a template's first placeholder (its constant key space). */
    public static String constantPrefix(String template) {
        int brace = template.indexOf('{');
        return brace < 0 ? template : template.substring(0, brace);
    }

    /** Whether the row changed after {@code since} by its watermark column (false without one). */
    public boolean changedAfter(Row row, Instant since) {
        if (watermarkColumn == null || since == null) {
            return false;
        }
        Object v = row.values().get(watermarkColumn);
        if (!(v instanceof String s)) {
            return false;
        }
        try {
            return Instant.parse(s.length() == 10 ? s + "T00:00:00Z" : s).isAfter(since);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** The row's tenant (mapped), or null. */
    public String tenant(Row row) {
        return tenantColumn == null ? null : Values.text(row.values().get(tenantColumn));
    }
}
