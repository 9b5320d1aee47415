package dev.ferry.core.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * How many parallel-scan segments a table gets.
 *
 * <p>Automatic: from the table's size in bytes AND its item count, whichever gives more: one segment
 * per {@value #BYTES_PER_SEGMENT_MIB} MiB or per 250,000 items, and at least one per 1,000 items or per
 * {@value #SMALL_SEGMENT_MIB} MiB up to {@value #PARALLEL} (the Map's concurrency), at most 1,000. So any table of
 * more than a few MB is read by ten short scans side by side rather than a few long ones: DynamoDB Local serves a
 * page of a long scan at a cost that grows with its position (1, 4 and 8 segments of 20,000 small items: 3.8, 1.4
 * and 1.1 s of the server's CPU; 600 items of 100-350 KB in 5 and 10 segments: 16-17 and 11 s), and against
 * DynamoDB the ten run side by side. Each segment is one Map iteration (copy, then verify: 5 state transitions,
 * plus 2 for each further Lambda invocation), and a segment of 32 MiB costs about $0.02 in on-demand writes
 * against $0.000125 of transitions: 0.6% (docs/performance.md has the arithmetic for 1 GB, 100 GB and 1 TB
 * tables); below 320 MiB the ten segments cost at most 50 transitions, $0.00125 a table.
 */
public final class Segments {
    static final int BYTES_PER_SEGMENT_MIB = 32;
    static final long BYTES_PER_SEGMENT = (long) BYTES_PER_SEGMENT_MIB << 20;
    static final long ITEMS_PER_SEGMENT = 250_000;
    /** At least a segment per this many items, up to {@link #PARALLEL}: a few thousand items copy and verify in parallel too. */
    static final long SMALL_SEGMENT_ITEMS = 1_000;
    /** And at least a segment per this many MiB, up to {@link #PARALLEL}: a table of a few hundred large items too. */
    static final int SMALL_SEGMENT_MIB = 4;
    static final long SMALL_SEGMENT_BYTES = (long) SMALL_SEGMENT_MIB << 20;
    /** The copy's, the transform's and the PostgreSQL load's Maps run this many segments (key ranges) at once: MaxConcurrency. */
    static final int PARALLEL = 10;
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
        long bySmallSegments = Math.min(PARALLEL, Math.max((items + SMALL_SEGMENT_ITEMS - 1) / SMALL_SEGMENT_ITEMS,
                (bytes + SMALL_SEGMENT_BYTES - 1) / SMALL_SEGMENT_BYTES));
        long n = Math.max(1, Math.max(bySmallSegments, Math.max(bySize, byItems)));
        return (int) Math.min(MAX, n);
    }
}
