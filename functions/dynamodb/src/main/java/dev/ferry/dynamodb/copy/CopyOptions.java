package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The copy's options with every default filled in (the plan carries this, never the raw input).
 * Bound by Jackson from the input's {@code options} (after the schema check) and from the plan in
 * state alike; the defaults live in {@link #of} and nowhere else.
 *
 * @param segments parallel-scan segments per table, or null for automatic
 * @param maxWriteUnitsPerSecond cap on WCU/s per destination table, or null
 * @param maxReadUnitsPerSecond cap on RCU/s per table read, or null
 * @param ifDestinationExists what to do with a destination table that exists
 * @param verify how the copy is verified
 * @param kmsKeyMap source KMS key ARN to destination key ARN, {@code aws-owned} or {@code aws-managed}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyOptions(Integer segments, Integer maxWriteUnitsPerSecond, Integer maxReadUnitsPerSecond,
                          IfDestinationExists ifDestinationExists, VerifyMode verify, Map<String, String> kmsKeyMap,
                          boolean copyTags, boolean copyTimeToLive, boolean copyPointInTimeRecovery,
                          boolean copyDeletionProtection, boolean copyStreams) {
    public CopyOptions {
        // sorted, so the input hash (and so resuming by run id) does not depend on map order
        kmsKeyMap = kmsKeyMap == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(kmsKeyMap));
    }

    /** Every option at its default. */
    public static CopyOptions defaults() {
        return of(null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The options as given, every missing one at its default: automatic segments, no rate caps,
     * {@code fail} on an existing destination, {@code checksum} verification, no KMS key map, and
     * every copy* setting on.
     *
     * @param segments {@code "auto"}, a whole number, or null
     */
    @JsonCreator
    public static CopyOptions of(@JsonProperty("segments") Object segments,
                                 @JsonProperty("maxWriteUnitsPerSecond") Integer maxWriteUnitsPerSecond,
                                 @JsonProperty("maxReadUnitsPerSecond") Integer maxReadUnitsPerSecond,
                                 @JsonProperty("ifDestinationExists") IfDestinationExists ifDestinationExists,
                                 @JsonProperty("verify") VerifyMode verify,
                                 @JsonProperty("kmsKeyMap") Map<String, String> kmsKeyMap,
                                 @JsonProperty("copyTags") Boolean copyTags,
                                 @JsonProperty("copyTimeToLive") Boolean copyTimeToLive,
                                 @JsonProperty("copyPointInTimeRecovery") Boolean copyPointInTimeRecovery,
                                 @JsonProperty("copyDeletionProtection") Boolean copyDeletionProtection,
                                 @JsonProperty("copyStreams") Boolean copyStreams) {
        return new CopyOptions(segments instanceof Number n ? Integer.valueOf(n.intValue()) : null,
                maxWriteUnitsPerSecond, maxReadUnitsPerSecond,
                ifDestinationExists == null ? IfDestinationExists.FAIL : ifDestinationExists,
                verify == null ? VerifyMode.CHECKSUM : verify,
                kmsKeyMap,
                on(copyTags), on(copyTimeToLive), on(copyPointInTimeRecovery), on(copyDeletionProtection), on(copyStreams));
    }

    private static boolean on(Boolean b) {
        return b == null || b;
    }

    public boolean checksum() {
        return verify == VerifyMode.CHECKSUM;
    }

    public boolean reuseAllowed() {
        return ifDestinationExists == IfDestinationExists.REUSE_IF_COMPATIBLE;
    }
}
