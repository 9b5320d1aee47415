package dev.ferry.postgres.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one key range of a table a page at a time, in primary-key order (keyset pagination: each page starts
 * after the last key of the one before, so no page is read twice and memory holds one page), inside one
 * REPEATABLE READ, READ ONLY transaction: a consistent snapshot that never locks writers out.
 */
final class KeysetReader implements AutoCloseable {
    static final int PAGE_ROWS = 1000;

    private final Connection connection;
    private final ResolvedTable table;
    private final Unit unit;
    private final String since;
    private final int pageRows;

    /** @param since read only rows whose watermark is at or after this instant (incremental), or null */
    KeysetReader(Connection connection, ResolvedTable table, Unit unit, String since, int pageRows) throws SQLException {
        this.connection = connection;
        this.table = table;
        this.unit = unit;
        this.since = since;
        this.pageRows = pageRows;
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
    }

    /** The rows after {@code after} (null: from the range's start), at most a page. */
    List<ResolvedTable.Row> page(List<String> after) throws SQLException {
        List<String> lower = after != null ? after : unit.range() > 0 ? table.boundaries().get(unit.range() - 1) : null;
        List<String> upper = unit.range() < table.boundaries().size() ? table.boundaries().get(unit.range()) : null;
        StringBuilder sql = new StringBuilder("SELECT ").append(table.selectList()).append(" FROM ").append(table.qualified());
        List<String> where = new ArrayList<>();
        if (lower != null) {
            where.add(table.keyRow() + " > " + table.keyParameters());
        }
        if (upper != null) {
            where.add(table.keyRow() + " <= " + table.keyParameters());
        }
        if (since != null && table.watermarkColumn() != null) {
            where.add(ResolvedTable.quote(table.watermarkColumn()) + " >= ?::timestamptz");
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY ").append(String.join(", ", table.keyColumns().stream().map(ResolvedTable::quote).toList()))
                .append(" LIMIT ").append(pageRows);
        try (PreparedStatement p = connection.prepareStatement(sql.toString())) {
            int i = 1;
            if (lower != null) {
                for (String v : lower) {
                    p.setString(i++, v);
                }
            }
            if (upper != null) {
                for (String v : upper) {
                    p.setString(i++, v);
                }
            }
            if (since != null && table.watermarkColumn() != null) {
                p.setString(i, since);
            }
            List<ResolvedTable.Row> rows = new ArrayList<>(pageRows);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(table.read(rs));
                }
            }
            return rows;
        }
    }

    /** Whether a page this long is the range's last. */
    boolean last(List<ResolvedTable.Row> page) {
        return page.size() < pageRows;
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
