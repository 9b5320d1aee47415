package dev.ferry.postgres.migrate;

import dev.ferry.postgres.source.SourceDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The keys of the items a table's rows make, as they are now: 8 bytes per row (a sorted array of 64-bit
 * digests of each item key), read in one snapshot. Finding an item's row by its key this way works for every
 * id strategy, uuid5 included, whose new ids cannot be turned back into the old ones.
 */
final class SourceKeys {
    private final long[] sorted;

    private SourceKeys(long[] sorted) {
        this.sorted = sorted;
    }

    static SourceKeys read(SourceDatabase db, ResolvedTable table, boolean keepNulls) throws SQLException {
        long[] keys = new long[1024];
        int n = 0;
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            try (PreparedStatement p = c.prepareStatement("SELECT " + table.selectList() + " FROM " + table.qualified())) {
                p.setFetchSize(2000);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ResolvedTable.Row row = table.read(rs);
                        if (n == keys.length) {
                            keys = Arrays.copyOf(keys, n * 2);
                        }
                        keys[n++] = hash(ItemReads.id(table.key(table.item(row, keepNulls))));
                    }
                }
            } finally {
                c.rollback();
            }
        }
        long[] sorted = Arrays.copyOf(keys, n);
        Arrays.sort(sorted);
        return new SourceKeys(sorted);
    }

    boolean contains(String id) {
        return Arrays.binarySearch(sorted, hash(id)) >= 0;
    }

    int size() {
        return sorted.length;
    }

    private static long hash(String id) {
        return Long.parseUnsignedLong(id.substring(0, 16), 16);
    }
}
