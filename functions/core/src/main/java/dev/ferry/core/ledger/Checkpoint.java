package dev.ferry.core.ledger;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Progress of one unit of work (a scan segment, a key range): where to resume and what was done.
 *
 * @param lastKey the LastEvaluatedKey to resume after; empty at the start and when done
 * @param items items processed so far
 * @param bytes bytes processed so far (DynamoDB item size)
 * @param pages pages processed so far; strictly increases, which fences out a stale writer
 * @param digestHex order-independent digest of the items so far, or null when not computed
 * @param done whether the unit is finished
 * @param invocations how many handler invocations worked on it
 * @param detail what else the unit keeps (a small JSON document of the workflow's own: counts, a bounded
 *     sample of keys), or null; a few KB at most
 */
public record Checkpoint(Map<String, AttributeValue> lastKey, long items, long bytes, long pages,
                         String digestHex, boolean done, long invocations, String detail) {
    public Checkpoint {
        lastKey = lastKey == null ? Map.of() : Map.copyOf(lastKey);
    }

    /** A checkpoint with no detail. */
    public Checkpoint(Map<String, AttributeValue> lastKey, long items, long bytes, long pages,
                      String digestHex, boolean done, long invocations) {
        this(lastKey, items, bytes, pages, digestHex, done, invocations, null);
    }

    /** The digest to continue from: the saved one, or an empty one when none was saved yet. */
    public dev.ferry.core.codec.ItemDigest resumeDigest() {
        return digestHex == null ? new dev.ferry.core.codec.ItemDigest() : dev.ferry.core.codec.ItemDigest.of(items, digestHex);
    }

    public static Checkpoint start() {
        return new Checkpoint(Map.of(), 0, 0, 0, null, false, 0);
    }
}
