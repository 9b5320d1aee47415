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
 */
public record ResourceRecord(String key, long seq, String type, String name, Side side, ResourceStatus status, String recordedAt) {
    public ResourceRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    public ResourceRecord withStatus(ResourceStatus s) {
        return new ResourceRecord(key, seq, type, name, side, s, recordedAt);
    }
}
