package dev.ferry.core.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * How many parallel-scan segments a table gets.
 *
 * <p>Automatic: from the table's size in bytes AND its item count, whichever gives more: one segment
 * per {@value #BYTES_PER_SEGMENT_MIB} MiB or per 250,000 items, at least 4 for a table of 10,000 items
 * or more (and one per 1,000 items up to 4 below that), at most 1,000. So a table of a few hundred MB of large items is read by several segments in
 * parallel (up to the Map's concurrency), not one. Each segment is one Map iteration (copy, then verify:
 * 5 state transitions, plus 2 for each further Lambda invocation), and a segment of 32 MiB costs about
 * $0.02 in on-demand writes against $0.000125 of transitions: 0.6% (docs/performance.md has the arithmetic
 * for 1 GB, 100 GB and 1 TB tables).
 */
public final class Segments {
    static final int BYTES_PER_SEGMENT_MIB = 32;
    static final long BYTES_PER_SEGMENT = (long) BYTES_PER_SEGMENT_MIB << 20;
    static final long ITEMS_PER_SEGMENT = 250_000;
    static final long MANY_ITEMS = 10_000;
    /** Below {@link #MANY_ITEMS}, a segment per this many items (up to 4): a few thousand items copy and verify in parallel too. */
    static final long SMALL_TABLE_ITEMS_PER_SEGMENT = 1_000;
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
        } else {
            n = Math.max(n, Math.min(4, (items + SMALL_TABLE_ITEMS_PER_SEGMENT - 1) / SMALL_TABLE_ITEMS_PER_SEGMENT));
        }
        return (int) Math.min(MAX, n);
    }
}
