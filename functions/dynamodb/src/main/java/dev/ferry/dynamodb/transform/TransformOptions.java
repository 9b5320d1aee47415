package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The transform's options with every default filled in (the plan carries this, never the raw input).
 * The defaults live in {@link #of} and nowhere else.
 *
 * @param dryRun read, transform and report, write nothing to any table
 * @param limit transform at most this many items (those {@code when} selects), for a trial run; null: all
 * @param batchSize items read and written a page (the unit of pre-images and checkpoints)
 * @param segments parallel-scan segments, or null for automatic
 * @param maxWriteUnitsPerSecond cap on WCU/s consumed on each table written, or null
 * @param maxReadUnitsPerSecond cap on RCU/s consumed on the table read, or null
 * @param backup take an on-demand backup of every table the run writes before the first write
 * @param keysFrom a failed-keys.json of an earlier run: transform exactly those items instead of scanning
 * @param onItemError what an item the transform fails on does to the run
 * @param sampleSize items Validate transforms (and checks) before anything is written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransformOptions(boolean dryRun, Long limit, int batchSize, Integer segments, Integer maxWriteUnitsPerSecond,
                               Integer maxReadUnitsPerSecond, Backup backup, String keysFrom, OnItemError onItemError,
                               int sampleSize) {
    static final int DEFAULT_BATCH_SIZE = 250;
    static final int DEFAULT_SAMPLE_SIZE = 50;

    /** Every option at its default. */
    public static TransformOptions defaults() {
        return of(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The options as given, every missing one at its default: no dry run, no limit, 250 items a page,
     * automatic segments, no rate caps, no backup, a scan of the whole table, fail on an item error,
     * a sample of 50 items.
     *
     * @param segments {@code "auto"}, a whole number, or null
     */
    @JsonCreator
    public static TransformOptions of(@JsonProperty("dryRun") Boolean dryRun,
                                      @JsonProperty("limit") Long limit,
                                      @JsonProperty("batchSize") Integer batchSize,
                                      @JsonProperty("segments") Object segments,
                                      @JsonProperty("maxWriteUnitsPerSecond") Integer maxWriteUnitsPerSecond,
                                      @JsonProperty("maxReadUnitsPerSecond") Integer maxReadUnitsPerSecond,
                                      @JsonProperty("backup") Backup backup,
                                      @JsonProperty("keysFrom") String keysFrom,
                                      @JsonProperty("onItemError") OnItemError onItemError,
                                      @JsonProperty("sampleSize") Integer sampleSize) {
        return new TransformOptions(dryRun != null && dryRun, limit, batchSize == null ? DEFAULT_BATCH_SIZE : batchSize,
                segments instanceof Number n ? Integer.valueOf(n.intValue()) : null, maxWriteUnitsPerSecond,
                maxReadUnitsPerSecond, backup == null ? Backup.NONE : backup, keysFrom,
                onItemError == null ? OnItemError.FAIL : onItemError, sampleSize == null ? DEFAULT_SAMPLE_SIZE : sampleSize);
    }

    /** {@code options.backup}. */
    public enum Backup {
        /** No backup (rollback restores from the run's own pre-images). */
        NONE("none"),
        /** An on-demand backup of every table the run writes, before the first write; kept after the run. */
        ON_DEMAND("on-demand");

        private final String value;

        Backup(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }

        @JsonCreator
        public static Backup of(String value) {
            for (Backup b : values()) {
                if (b.value.equals(value)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown backup '" + value + "'");
        }
    }

    /** {@code options.onItemError}. */
    public enum OnItemError {
        /** The run fails and is rolled back; the report names the item. */
        FAIL("fail"),
        /** The item is left as it is and listed in failed-keys.json; the run goes on. */
        SKIP("skip");

        private final String value;

        OnItemError(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }

        @JsonCreator
        public static OnItemError of(String value) {
            for (OnItemError e : values()) {
                if (e.value.equals(value)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown onItemError '" + value + "'");
        }
    }
}
