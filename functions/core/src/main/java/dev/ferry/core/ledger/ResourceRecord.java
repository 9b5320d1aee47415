package dev.ferry.core.ledger;

import dev.ferry.core.aws.Side;
import java.util.Objects;

/**
 * One resource a run created (or was about to create).
 *
 * @param key stable identity within the run, e.g. {@code dynamodb:table:us-east-1:Orders}
 * @param seq creation order within the run (rollback goes in reverse)
 * @param type resource type, e.g. {@code dynamodb:table}; rollback picks its undoer by type
 * @param name the resource's name or ARN
 * @param side where it lives, to build clients for rollback (no secrets in it)
 * @param status its state
 * @param recordedAt when the intent was recorded (ISO-8601), i.e. just before the create call
 * @param externalIdDigest {@link Side#externalIdDigest()} of the side's external id, or null: the ledger
 *     keeps no external id, so a rollback gets it again (from the failed run's plan, or the rollback's input)
 *     and this digest tells which one belongs to this side
 * @param itemsWritten items the run wrote into the resource (a table it copied into), counted atomically
 *     with the checkpoints ({@link RunLedger#saveCheckpoint(String, String, Checkpoint, String, long)}); what a
 *     rollback that keeps a resource that existed before the run tells the operator stays in it
 */
public record ResourceRecord(String key, long seq, String type, String name, Side side, ResourceStatus status, String recordedAt,
                             String externalIdDigest, long itemsWritten) {
    public ResourceRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    /** A record with no external id and nothing written into it. */
    public ResourceRecord(String key, long seq, String type, String name, Side side, ResourceStatus status, String recordedAt) {
        this(key, seq, type, name, side, status, recordedAt, side == null ? null : side.externalIdDigest(), 0);
    }

    public ResourceRecord withStatus(ResourceStatus s) {
        return new ResourceRecord(key, seq, type, name, side, s, recordedAt, externalIdDigest, itemsWritten);
    }

    /** Whether reaching the side needs an external id that the ledger does not keep. */
    public boolean needsExternalId() {
        return externalIdDigest != null && (side == null || side.externalId() == null);
    }
}
