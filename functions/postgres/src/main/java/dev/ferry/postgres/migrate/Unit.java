package dev.ferry.postgres.migrate;

/**
 * One unit of parallel work: a key range of one table. Small on purpose: the Map states carry lists of these.
 *
 * @param unitId {@code t<table index>-r<range>}
 * @param table index of the table in the input
 * @param range which key range (0-based)
 * @param ranges how many the table has
 * @param concurrency how many units of this table run at once (rate caps are shared by them)
 */
public record Unit(String unitId, int table, int range, int ranges, int concurrency) {
    /** Ledger checkpoint names of load progress start with this. */
    public static final String LOAD = "load#";
    /** Ledger checkpoint names of verification progress start with this. */
    public static final String VERIFY = "verify#";

    public static String id(int table, int range) {
        return "t" + table + "-r" + range;
    }

    public String loadKey() {
        return LOAD + unitId;
    }

    public String verifyKey() {
        return VERIFY + unitId;
    }
}
