package dev.ferry.postgres.migrate;

import dev.ferry.core.errors.Problem;
import dev.ferry.postgres.convert.ColumnKind;
import dev.ferry.postgres.convert.Uuid5;
import dev.ferry.postgres.source.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Resolves the input's tables against the catalog: which columns are read and how each converts, the item keys,
 * ids and foreign-key rewrites. Every problem found is added with its JSON path and a fix; Validate reports them
 * all, Prepare (after Validate passed) stores the result.
 */
final class Resolver {
    private final PgPlan plan;
    private final Map<String, Catalog.Table> catalog;
    private final List<Problem> problems;

    Resolver(PgPlan plan, Map<String, Catalog.Table> catalog, List<Problem> problems) {
        this.plan = plan;
        this.catalog = catalog;
        this.problems = problems;
    }

    /** The tables that exist, resolved (a table with problems is still returned when it can be). */
    List<ResolvedTable> resolve() {
        Map<String, PgPlan.TableSpec> bySource = new HashMap<>();
        plan.tables().forEach(t -> bySource.put(t.source(), t));
        List<ResolvedTable> out = new ArrayList<>();
        for (int i = 0; i < plan.tables().size(); i++) {
            PgPlan.TableSpec spec = plan.tables().get(i);
            Catalog.Table table = catalog.get(spec.source());
            String path = "$.tables[" + i + "]";
            if (table == null) {
                problems.add(new Problem(path + ".source", "Table " + plan.source().schema() + "." + spec.source()
                        + " does not exist in the database (or the user cannot see it).",
                        "Check the name and source.schema, and grant the user USAGE on the schema and SELECT on the table."));
                continue;
            }
            ResolvedTable r = resolve(i, path, spec, table, bySource);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private ResolvedTable resolve(int index, String path, PgPlan.TableSpec spec, Catalog.Table table, Map<String, PgPlan.TableSpec> bySource) {
        int before = problems.size();
        if (table.primaryKey().isEmpty()) {
            problems.add(new Problem(path + ".source", "Table " + spec.source() + " has no primary key: Ferry reads tables in key "
                    + "order (keyset pagination) and needs one to resume and to compare rows with items.",
                    "Add a primary key to the table (ALTER TABLE ... ADD PRIMARY KEY), or leave the table out."));
            return null;
        }
        Map<String, PgPlan.ColumnSpec> mapping = spec.columns() == null ? Map.of() : spec.columns();
        Set<String> excluded = new LinkedHashSet<>(spec.exclude() == null ? List.of() : spec.exclude());
        for (String c : mapping.keySet()) {
            if (table.column(c) == null) {
                problems.add(new Problem(path + ".columns." + c, "Table " + spec.source() + " has no column " + c + ".",
                        "Use one of its columns: " + names(table) + "."));
            }
        }
        for (String c : excluded) {
            if (table.column(c) == null) {
                problems.add(new Problem(path + ".exclude", "Table " + spec.source() + " has no column " + c + " to exclude.",
                        "Use one of its columns: " + names(table) + "."));
            }
        }
        // ids: the primary key of a uuid5 table gets new ids; references to it are rewritten
        String idColumn = null;
        String namespace = null;
        if ("uuid5".equals(spec.idStrategy())) {
            if (table.primaryKey().size() != 1) {
                problems.add(new Problem(path + ".idStrategy", "idStrategy uuid5 gives one column new ids, but the primary key of "
                        + spec.source() + " has " + table.primaryKey().size() + " columns " + table.primaryKey() + ".",
                        "Use idStrategy \"keep\" for this table."));
            } else {
                idColumn = table.primaryKey().get(0);
                namespace = namespaceOf(spec);
            }
        }
        Map<String, String> rewrites = new LinkedHashMap<>();
        List<ResolvedTable.Reference> references = new ArrayList<>();
        // columns: every column not excluded, plus whatever keys, templates and checks need
        List<ResolvedTable.Col> cols = new ArrayList<>();
        Set<String> attributes = new LinkedHashSet<>();
        for (Catalog.Column c : table.columns()) {
            PgPlan.ColumnSpec m = mapping.get(c.name());
            boolean skip = excluded.contains(c.name()) || (m != null && "skip".equals(m.as()));
            String attribute = skip || spec.isSecret() ? null : (m != null && m.attribute() != null ? m.attribute() : c.name());
            ColumnKind kind = m != null && m.as() != null && !"skip".equals(m.as()) ? ColumnKind.forConversion(m.as())
                    : ColumnKind.of(c.typeName(), c.category());
            ColumnKind element = kind == ColumnKind.ARRAY ? ColumnKind.of(c.elementType(), "") : null;
            boolean needed = !skip || table.primaryKey().contains(c.name());
            if (!needed) {
                continue;
            }
            if (kind == ColumnKind.UNSUPPORTED || element == ColumnKind.UNSUPPORTED || element == ColumnKind.ARRAY) {
                problems.add(new Problem(path + ".columns." + c.name(), "Column " + spec.source() + "." + c.name() + " has type "
                        + c.formatType() + ", which has no natural DynamoDB type.",
                        "Choose its conversion: {\"as\": \"string\"} (its PostgreSQL text form), {\"as\": \"number\"} (numeric), "
                                + "{\"as\": \"json\"} (its text parsed as JSON), or {\"as\": \"skip\"} (leave it out)."));
                continue;
            }
            if (attribute != null && !attributes.add(attribute)) {
                problems.add(new Problem(path + ".columns." + c.name(), "Two columns of " + spec.source() + " map to attribute "
                        + attribute + ".", "Give each column its own attribute name."));
            }
            cols.add(new ResolvedTable.Col(c.name(), attribute, kind, element));
        }
        Map<String, String> attributeOf = new HashMap<>();
        cols.forEach(c -> {
            if (c.attribute() != null) {
                attributeOf.put(c.name(), c.attribute());
            }
        });
        for (Catalog.ForeignKey fk : table.foreignKeys()) {
            PgPlan.TableSpec parent = bySource.get(fk.refTable());
            Catalog.Table parentTable = catalog.get(fk.refTable());
            if (parent == null || parentTable == null || fk.columns().size() != 1) {
                continue;
            }
            String column = fk.columns().get(0);
            boolean toParentId = parentTable.primaryKey().equals(fk.refColumns());
            if (toParentId && "uuid5".equals(parent.idStrategy()) && parentTable.primaryKey().size() == 1) {
                rewrites.put(column, namespaceOf(parent));
            }
            String parentKey = parent.partitionKey() == null && parent.sortKey() == null && parentTable.primaryKey().size() == 1
                    && parent.target() != null && !parent.isSecret() ? attributeName(parent, parentTable.primaryKey().get(0)) : null;
            if (toParentId && parentKey != null && attributeOf.containsKey(column)) {
                references.add(new ResolvedTable.Reference(column, attributeOf.get(column), fk.refTable(), parent.target(), parentKey));
            }
        }
        // item keys
        ResolvedTable.KeyAttr pk = null;
        ResolvedTable.KeyAttr sk = null;
        if (!spec.isSecret()) {
            pk = key(path + ".partitionKey", spec, spec.partitionKey(), table, cols, 0);
            sk = spec.partitionKey() == null && spec.sortKey() == null && table.primaryKey().size() > 1
                    ? key(path + ".sortKey", spec, null, table, cols, 1)
                    : spec.sortKey() == null ? null : key(path + ".sortKey", spec, spec.sortKey(), table, cols, 1);
            if (spec.partitionKey() == null && table.primaryKey().size() > 2) {
                problems.add(new Problem(path + ".partitionKey", "The primary key of " + spec.source() + " has "
                        + table.primaryKey().size() + " columns; DynamoDB keys have at most two attributes.",
                        "Give partitionKey and sortKey as templates, e.g. {\"attribute\": \"sk\", \"template\": \"{b}#{c}\"}."));
            }
            if (spec.indexes() != null) {
                for (int x = 0; x < spec.indexes().size(); x++) {
                    PgPlan.IndexSpec ix = spec.indexes().get(x);
                    for (String attr : java.util.Arrays.asList(ix.partitionKey(), ix.sortKey())) {
                        if (attr != null && attributeOf.values().stream().noneMatch(attr::equals)) {
                            problems.add(new Problem(path + ".indexes[" + x + "]", "Index " + ix.name() + " names attribute " + attr
                                    + ", which no column of " + spec.source() + " becomes.",
                                    "Use one of the item's attributes: " + attributeOf.values() + "."));
                        }
                    }
                }
            }
        } else {
            checkSecret(path + ".secret", spec, table, cols);
        }
        String tenant = plan.options().tenantColumn() != null && table.column(plan.options().tenantColumn()) != null
                && cols.stream().anyMatch(c -> c.name().equals(plan.options().tenantColumn())) ? plan.options().tenantColumn() : null;
        String watermark = spec.watermark() != null ? spec.watermark()
                : table.column(plan.options().watermarkColumn()) != null ? plan.options().watermarkColumn() : null;
        if (spec.watermark() != null && table.column(spec.watermark()) == null) {
            problems.add(new Problem(path + ".watermark", "Table " + spec.source() + " has no column " + spec.watermark() + ".",
                    "Name its last-modified column (timestamptz), e.g. updated_at."));
            watermark = null;
        } else if (watermark != null) {
            Catalog.Column w = table.column(watermark);
            ColumnKind wk = ColumnKind.of(w.typeName(), w.category());
            if (wk != ColumnKind.TIMESTAMPTZ && wk != ColumnKind.TIMESTAMP && wk != ColumnKind.DATE) {
                problems.add(new Problem(path + ".watermark", "Watermark column " + spec.source() + "." + watermark + " has type "
                        + w.formatType() + "; it must be a timestamp.", "Name a timestamptz column that every write updates."));
                watermark = null;
            } else if (cols.stream().noneMatch(c -> c.name().equals(w.name()))) {
                cols.add(new ResolvedTable.Col(w.name(), null, wk, null));
            }
        }
        if (plan.incremental() && watermark == null && spec.watermark() == null) {
            problems.add(new Problem(path + ".watermark", "An incremental run reads the rows changed since the last run by a "
                    + "timestamp column, and table " + spec.source() + " has no " + plan.options().watermarkColumn() + ".",
                    "Name its last-modified column in tables[].watermark, or set options.watermarkColumn."));
        }
        if (problems.size() > before) {
            return null;
        }
        List<String> keyTypes = table.primaryKey().stream().map(k -> table.column(k).formatType()).toList();
        return new ResolvedTable(index, spec.source(), plan.source().schema(), spec.target(), cols, table.primaryKey(), keyTypes,
                pk, sk, spec.indexes() == null ? List.of() : spec.indexes(), idColumn, namespace, rewrites, references, tenant,
                watermark, spec.secret(), Math.max(0, table.estimatedRows()), 0, List.of(), null, null, List.of());
    }

    private ResolvedTable.KeyAttr key(String path, PgPlan.TableSpec spec, PgPlan.KeySpec given, Catalog.Table table,
                                      List<ResolvedTable.Col> cols, int position) {
        if (given != null && given.template() != null) {
            for (String column : ResolvedTable.placeholders(given.template())) {
                if (cols.stream().noneMatch(c -> c.name().equals(column))) {
                    problems.add(new Problem(path + ".template", "The key template " + given.template() + " names column " + column
                            + ", which table " + spec.source() + " does not have (or excludes).",
                            "Use its columns in {braces}: " + names(table) + "."));
                }
            }
            return new ResolvedTable.KeyAttr(given.attribute(), null, given.template(), "S");
        }
        String attribute = given != null ? given.attribute() : attributeName(spec, table.primaryKey().get(Math.min(position, table.primaryKey().size() - 1)));
        ResolvedTable.Col col = cols.stream().filter(c -> attribute.equals(c.attribute())).findFirst().orElse(null);
        if (col == null) {
            problems.add(new Problem(path, "The key attribute " + attribute + " is no attribute of the items of " + spec.source() + ".",
                    "Name an attribute a column becomes (" + cols.stream().map(ResolvedTable.Col::attribute)
                            .filter(java.util.Objects::nonNull).toList() + "), or give {\"attribute\", \"template\"}."));
            return null;
        }
        String type = col.name().equals(table.primaryKey().size() == 1 ? table.primaryKey().get(0) : "") && "uuid5".equals(spec.idStrategy())
                ? "S" : col.kind().dynamoType();
        if (!type.equals("S") && !type.equals("N") && !type.equals("B")) {
            problems.add(new Problem(path, "Column " + col.name() + " of " + spec.source() + " converts to " + type
                    + ", and DynamoDB keys must be strings, numbers or binary.", "Choose another key column, or a template."));
            return null;
        }
        if (!table.column(col.name()).notNull() && !table.primaryKey().contains(col.name())) {
            problems.add(new Problem(path, "Column " + col.name() + " of " + spec.source() + " may be NULL, and a key attribute cannot be.",
                    "Choose a NOT NULL column, or a template."));
        }
        return new ResolvedTable.KeyAttr(attribute, col.name(), null, type);
    }

    private void checkSecret(String path, PgPlan.TableSpec spec, Catalog.Table table, List<ResolvedTable.Col> cols) {
        PgPlan.SecretSpec s = spec.secret();
        if (table.column(s.encryptedColumn()) == null) {
            problems.add(new Problem(path + ".encryptedColumn", "Table " + spec.source() + " has no column " + s.encryptedColumn() + ".",
                    "Name the column holding the encrypted credentials: one of " + names(table) + "."));
        }
        for (String column : ResolvedTable.placeholders(s.name())) {
            if (cols.stream().noneMatch(c -> c.name().equals(column))) {
                problems.add(new Problem(path + ".name", "The secret name template " + s.name() + " names column " + column
                        + ", which table " + spec.source() + " does not have.", "Use its columns in {braces}: " + names(table) + "."));
            }
        }
        if (s.value() != null) {
            for (String column : SecretValues.placeholders(s.value())) {
                if (cols.stream().noneMatch(c -> c.name().equals(column))) {
                    problems.add(new Problem(path + ".value", "The secret value template names column " + column + ", which table "
                            + spec.source() + " does not have.", "Use its columns in {braces}: " + names(table) + "."));
                }
            }
        }
    }

    /** The attribute a column becomes in a table's items. */
    static String attributeName(PgPlan.TableSpec spec, String column) {
        PgPlan.ColumnSpec m = spec.columns() == null ? null : spec.columns().get(column);
        return m != null && m.attribute() != null ? m.attribute() : column;
    }

    static String namespaceOf(PgPlan.TableSpec spec) {
        return spec.idNamespace() != null ? UUID.fromString(spec.idNamespace()).toString() : Uuid5.defaultNamespace(spec.source()).toString();
    }

    private static String names(Catalog.Table table) {
        return String.join(", ", table.columns().stream().map(Catalog.Column::name).toList());
    }
}
