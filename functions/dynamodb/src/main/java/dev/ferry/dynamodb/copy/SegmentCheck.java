package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What verification found for one scan segment, kept as the detail of its final verify checkpoint and
 * summed per table by the report. Sampled keys are item keys (no other attribute), at most
 * {@link SegmentVerifier#SAMPLE} of each kind.
 *
 * @param sourceItems items in the source segment when it was re-read for verification
 * @param destinationItems items in the destination segment when it was read for verification
 * @param sourceDigest digest of the source segment's items (checksum mode)
 * @param destinationDigest digest of the destination segment's items (checksum mode)
 * @param compared how the segment was compared: {@code digest} (both sides' digests, equal), {@code count}
 *     (both sides' counts, equal), or {@code keys} (key by key, after the digests or counts differed)
 * @param missing source items not in the destination
 * @param different source items whose destination item differs (checksum mode)
 * @param extra destination items not in the source
 * @param missingKeys a sample of the missing items' keys
 * @param differentKeys a sample of the different items' keys
 * @param extraKeys a sample of the extra items' keys
 * @param startedAt when this segment's verification started (ISO-8601)
 * @param finishedAt when it finished
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentCheck(long sourceItems, long destinationItems, String sourceDigest, String destinationDigest, String compared,
                           long missing, long different, long extra, List<String> missingKeys, List<String> differentKeys,
                           List<String> extraKeys, String startedAt, String finishedAt) {
    public SegmentCheck {
        missingKeys = missingKeys == null ? List.of() : List.copyOf(missingKeys);
        differentKeys = differentKeys == null ? List.of() : List.copyOf(differentKeys);
        extraKeys = extraKeys == null ? List.of() : List.copyOf(extraKeys);
    }

    /** Every source item is in the destination, equal, and nothing else is. */
    public boolean matches() {
        return missing == 0 && different == 0 && extra == 0;
    }
}
