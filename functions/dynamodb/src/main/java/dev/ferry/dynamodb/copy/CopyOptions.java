package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The copy's options with every default filled in (the plan carries this, never the raw input).
 *
 * @param segments parallel-scan segments per table, or null for automatic
 * @param maxWriteUnitsPerSecond cap on WCU/s per destination table, or null
 * @param maxReadUnitsPerSecond cap on RCU/s per table read, or null
 * @param ifDestinationExists {@code fail} or {@code reuse-if-compatible}
 * @param verify {@code count} or {@code checksum}
 * @param kmsKeyMap source KMS key ARN to destination key ARN, {@code aws-owned} or {@code aws-managed}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyOptions(Integer segments, Integer maxWriteUnitsPerSecond, Integer maxReadUnitsPerSecond,
                          String ifDestinationExists, String verify, Map<String, String> kmsKeyMap,
                          boolean copyTags, boolean copyTimeToLive, boolean copyPointInTimeRecovery,
                          boolean copyDeletionProtection, boolean copyStreams) {
    public static final String FAIL = "fail";
    public static final String REUSE = "reuse-if-compatible";
    public static final String COUNT = "count";
    public static final String CHECKSUM = "checksum";

    public CopyOptions {
        // sorted, so the input hash (and so resuming by run id) does not depend on map order
        kmsKeyMap = kmsKeyMap == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(kmsKeyMap));
    }

    public boolean checksum() {
        return CHECKSUM.equals(verify);
    }

    public boolean reuseAllowed() {
        return REUSE.equals(ifDestinationExists);
    }
}
