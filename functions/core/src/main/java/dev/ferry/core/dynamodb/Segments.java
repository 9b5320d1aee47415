package dev.ferry.core.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * How many parallel-scan segments a table gets.
 *
 * <p>Automatic: one segment per GiB or per 250,000 items, whichever gives more, at least 4 for a
 * table of 10,000 items or more, at most 1,000. Each segment is one Map iteration, and one
 * iteration copies about 250,000 items within one Lambda invocation, so a 1M-item table of 1 KB
 * items is copied by 4 segments in one invocation each, and verified by 4 more: about 35 state
 * transitions in all (docs/performance.md).
 */
public final class Segments {
    static final long BYTES_PER_SEGMENT = 1L << 30;
    static final long ITEMS_PER_SEGMENT = 250_000;
    static final long MANY_ITEMS = 10_000;
    public static final int MAX = 1000;

    private Segments() {
    }

    public static int choose(Integer requested, TableDescription table) {
        if (requested != null) {
            return requested;
        }
        long items = table.itemCount() == null ? 0 : table.itemCount();
        long bytes = table.tableSizeBytes() == null ? 0 : table.tableSizeBytes();
        return automatic(items, bytes);
    }

    public static int automatic(long items, long bytes) {
        long bySize = (bytes + BYTES_PER_SEGMENT - 1) / BYTES_PER_SEGMENT;
        long byItems = (items + ITEMS_PER_SEGMENT - 1) / ITEMS_PER_SEGMENT;
        long n = Math.max(1, Math.max(bySize, byItems));
        if (items >= MANY_ITEMS) {
            n = Math.max(n, 4);
        }
        return (int) Math.min(MAX, n);
    }
}
