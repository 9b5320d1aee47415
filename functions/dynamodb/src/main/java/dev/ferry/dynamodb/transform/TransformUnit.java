package dev.ferry.dynamodb.transform;

/**
 * One unit of parallel work: a scan segment of the table, or (with {@code options.keysFrom}) a range of
 * the manifest's keys. Small on purpose: Map states carry a list of these.
 *
 * @param unitId {@code s<segment>} or {@code k<segment>}
 * @param segment the scan segment (or key range) number
 * @param totalSegments how many there are
 * @param concurrency how many run at once (rate caps are shared by them)
 * @param keysOffset with keysFrom: the first manifest key of the range (else null)
 * @param keysCount with keysFrom: how many keys the range holds (else null)
 */
public record TransformUnit(String unitId, int segment, int totalSegments, int concurrency, Long keysOffset, Long keysCount) {
    /** Ledger checkpoint names of transform progress start with this. */
    public static final String TRANSFORM_PREFIX = "transform#";
    /** Ledger checkpoint names of verification progress start with this. */
    public static final String VERIFY_PREFIX = "verify#";

    String transformKey() {
        return TRANSFORM_PREFIX + unitId;
    }

    String verifyKey() {
        return VERIFY_PREFIX + unitId;
    }

    boolean fromKeys() {
        return keysOffset != null;
    }

    String describe(String table) {
        return table + (fromKeys() ? " keys " : " segment ") + (segment + 1) + "/" + totalSegments;
    }
}
