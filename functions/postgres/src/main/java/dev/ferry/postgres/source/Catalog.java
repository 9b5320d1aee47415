package dev.ferry.postgres.source;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database's catalog ({@code pg_catalog}) says about the tables of a run: columns and their types,
 * primary and unique keys, foreign keys, and the planner's row estimate.
 */
public final class Catalog {
    private Catalog() {
    }

    /**
     * A column.
     *
     * @param name the column's name
     * @param notNull whether it is NOT NULL
     * @param formatType the type as SQL writes it ({@code character varying(64)}, {@code uuid}), to cast values to
     * @param typeName the type's name ({@code varchar}, {@code _text} for {@code text[]}); a domain's base type
     * @param category the type's category ({@code S} string, {@code N} numeric, {@code A} array, {@code E} enum ...)
     * @param elementType the element type's name of an array ({@code text}), else null
     */
    public record Column(String name, boolean notNull, String formatType, String typeName, String category, String elementType) {
    }

    /** A foreign key: {@code columns} of {@code table} reference {@code refColumns} of {@code refTable}. */
    public record ForeignKey(String name, String table, List<String> columns, String refTable, List<String> refColumns) {
    }

    /**
     * A table.
     *
     * @param name the table's name
     * @param estimatedRows the planner's estimate ({@code reltuples}), -1 when never analysed
     * @param columns its columns in order
     * @param primaryKey the primary key's columns (empty: none)
     * @param uniqueKeys unique constraints' columns
     * @param foreignKeys its foreign keys (to any table of the schema)
     */
    public record Table(String name, long estimatedRows, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueKeys,
                        List<ForeignKey> foreignKeys) {
        public Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }
    }

    /** Whether the schema exists. */
    public static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The named tables (and partitioned tables) of {@code schema} that exist, by name. */
    public static Map<String, Table> read(Connection c, String schema, List<String> names) throws SQLException {
        Map<String, Long> oids = new LinkedHashMap<>();
        Map<String, Long> estimates = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT c.oid, c.relname, c.reltuples::bigint FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname = ANY (?)")) {
            p.setString(1, schema);
            p.setArray(2, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    oids.put(rs.getString(2), rs.getLong(1));
                    estimates.put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        Map<String, Table> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> t : oids.entrySet()) {
            out.put(t.getKey(), new Table(t.getKey(), estimates.get(t.getKey()), columns(c, t.getValue()),
                    constraintColumns(c, t.getValue(), "p").stream().findFirst().orElse(List.of()),
                    constraintColumns(c, t.getValue(), "u"), foreignKeys(c, t.getValue(), t.getKey())));
        }
        return out;
    }

    private static List<Column> columns(Connection c, long oid) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT a.attname, a.attnotnull, format_type(a.atttypid, a.atttypmod),
                       coalesce(bt.typname, t.typname), coalesce(bt.typcategory, t.typcategory)::text,
                       et.typname
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
                LEFT JOIN pg_type et ON et.oid = coalesce(bt.typelem, t.typelem) AND coalesce(bt.typcategory, t.typcategory) = 'A'
                WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            p.setLong(1, oid);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Column(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    private static List<List<String>> constraintColumns(Connection c, long oid, String type) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(num, ord)
                             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.ord)
                FROM pg_constraint k WHERE k.conrelid = ? AND k.contype = ? ORDER BY k.conname""")) {
            p.setLong(1, oid);
            p.setString(2, type);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(strings(rs.getArray(1)));
                }
            }
        }
        return out;
    }

    private static List<ForeignKey> foreignKeys(Connection c, long oid, String table) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT k.conname, r.relname,
                       array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(num, ord)
                             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.ord),
                       array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS u(num, ord)
                             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.ord)
                FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid
                WHERE k.conrelid = ? AND k.contype = 'f' ORDER BY k.conname""")) {
            p.setLong(1, oid);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new ForeignKey(rs.getString(1), table, strings(rs.getArray(3)), rs.getString(2), strings(rs.getArray(4))));
                }
            }
        }
        return out;
    }

    private static List<String> strings(Array array) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add((String) o);
        }
        return out;
    }
}
