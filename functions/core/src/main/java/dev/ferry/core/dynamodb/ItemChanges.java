package dev.ferry.core.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.Side;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a run is about to change in a table it did NOT create (it existed before the run, so rollback may not
 * delete it): the keys of the items it adds and the items as they were before it overwrites or deletes them.
 * Recorded in the ledger BEFORE the write (resource type {@value #RESOURCE_TYPE}), so that {@link ItemUndoer}
 * can put the table back as it was, whatever point a failure stopped the run at.
 *
 * <p>One change covers a batch of items (a page); its id is derived from the table and the keys it touches, so a
 * retried page finds its first record and never replaces the before-images with the run's own writes. The
 * before-images are item data: they live in the ledger (KMS-encrypted in a deployment, expiring with the run's
 * records), never in a log line or a report. Workflows must not write secrets into DynamoDB items.
 */
public final class ItemChanges {
    /** The ledger's resource type of a batch of item changes; {@link ItemUndoer} undoes it. */
    public static final String RESOURCE_TYPE = "dynamodb:items";
    /** Ledger documents hold at most ~350 KB: the before-images are split into parts of this many bytes of JSON. */
    static final int PART_BYTES = 250_000;
    private static final String DOC_PREFIX = "undo#";

    private ItemChanges() {
    }

    /**
     * Records a change before it is made. Idempotent: when the same change (same table and keys) is already
     * recorded, the first record stays as it is.
     *
     * @param createdKeys keys of items that do not exist yet and that the write creates
     * @param previousItems items as they are now, which the write replaces or deletes
     * @return the ledger key of the change, for {@link #done}
     */
    public static String recordBefore(RunLedger ledger, String runId, Side side, String table,
                                      List<Map<String, AttributeValue>> createdKeys,
                                      List<Map<String, AttributeValue>> previousItems, List<Map<String, AttributeValue>> allKeys) {
        String key = resourceKey(side, table, changeId(table, allKeys));
        Optional<ResourceRecord> existing = ledger.resource(runId, key);
        if (existing.isPresent() && existing.get().status() != ResourceStatus.ROLLED_BACK) {
            return key; // a retried page: the first capture holds the state before this run touched the items
        }
        Parts parts = new Parts();
        createdKeys.forEach(k -> parts.add("created", ItemCodec.toJson(k)));
        previousItems.forEach(item -> parts.add("previous", ItemCodec.toJson(item)));
        // the before-images first, then the intent: an intent without its document would undo nothing
        for (int i = 0; i < parts.all.size(); i++) {
            parts.all.get(i).put("parts", parts.all.size());
            ledger.putDocument(runId, DOC_PREFIX + key + "#" + i, parts.all.get(i));
        }
        ledger.recordIntent(runId, key, RESOURCE_TYPE, table, side);
        return key;
    }

    /** Marks a recorded change as made. */
    public static void done(RunLedger ledger, String runId, String key) {
        ledger.setResourceStatus(runId, key, ResourceStatus.CREATED);
    }

    /** The keys created and the items replaced by a recorded change (empty lists when its record is gone). */
    static Change read(RunLedger ledger, String runId, String key) {
        List<Map<String, AttributeValue>> created = new ArrayList<>();
        List<Map<String, AttributeValue>> previous = new ArrayList<>();
        int parts = 1;
        for (int i = 0; i < parts; i++) {
            Optional<JsonNode> part = ledger.document(runId, DOC_PREFIX + key + "#" + i, JsonNode.class);
            if (part.isEmpty()) {
                break;
            }
            parts = part.get().path("parts").asInt(1);
            part.get().path("created").forEach(k -> created.add(ItemCodec.fromJson(k)));
            part.get().path("previous").forEach(item -> previous.add(ItemCodec.fromJson(item)));
        }
        return new Change(created, previous);
    }

    /** Ledger key of a change: unique per region, role, table and the keys it touches. */
    static String resourceKey(Side side, String table, String changeId) {
        return RESOURCE_TYPE + ":" + (side.region() == null ? "default" : side.region()) + ":"
                + (side.roleArn() == null ? "caller" : side.roleArn()) + ":" + table + ":" + changeId;
    }

    private static String changeId(String table, List<Map<String, AttributeValue>> keys) {
        List<String> canonical = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> k : keys) {
            canonical.add(Hashing.sha256Hex(ItemCodec.canonicalBytes(k)));
        }
        canonical.sort(null);
        return Hashing.sha256Hex(table + "\n" + String.join("\n", canonical)).substring(0, 24);
    }

    /** The documents of one change, each at most {@link #PART_BYTES} of JSON (one item may exceed it alone). */
    private static final class Parts {
        final List<ObjectNode> all = new ArrayList<>();
        private ObjectNode current;
        private long bytes;

        void add(String field, ObjectNode json) {
            long size = Json.write(json).getBytes(StandardCharsets.UTF_8).length;
            if (current == null || (bytes > 0 && bytes + size > PART_BYTES)) {
                current = Json.object();
                current.putArray("created");
                current.putArray("previous");
                all.add(current);
                bytes = 0;
            }
            current.withArray(field).add(json);
            bytes += size;
        }
    }

    /** A recorded change. */
    record Change(List<Map<String, AttributeValue>> created, List<Map<String, AttributeValue>> previous) {
    }

}
