package dev.ferry.dynamodb.copy;

/**
 * One unit of parallel work: a scan segment of one table. Small on purpose: Map states carry a
 * list of these.
 *
 * @param unitId {@code t<table index>-s<segment>}
 * @param table index of the table in the plan
 * @param sourceTable source table name
 * @param destinationTable destination table name
 * @param segment scan segment
 * @param totalSegments scan segments of the table
 * @param concurrency how many units of this table run at once (rate caps are shared by them)
 */
public record Unit(String unitId, int table, String sourceTable, String destinationTable, int segment,
                   int totalSegments, int concurrency) {
    /** Ledger checkpoint names of copy progress start with this. */
    public static final String COPY_PREFIX = "copy#";
    /** Ledger checkpoint names of verification progress start with this. */
    public static final String VERIFY_PREFIX = "verify#";

    public static String id(int table, int segment) {
        return tablePrefix(table) + "s" + segment;
    }

    /** What the unit ids of one table start with ({@code t<table index>-}). */
    public static String tablePrefix(int table) {
        return "t" + table + "-";
    }

    /** Ledger checkpoint name of this unit's copy progress. */
    public String copyKey() {
        return COPY_PREFIX + unitId;
    }

    /** Ledger checkpoint name of this unit's verification progress. */
    public String verifyKey() {
        return VERIFY_PREFIX + unitId;
    }

    public String describe() {
        return sourceTable + " -> " + destinationTable + " segment " + (segment + 1) + "/" + totalSegments;
    }
}
