package dev.ferry.dynamodb.transform;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What the transform does to one item.
 *
 * @param kind skipped, unchanged, changed or failed
 * @param before the item as read
 * @param after the item as the transform leaves it (null unless changed)
 * @param diff the attributes to write (null unless changed)
 * @param emitted the records to put into other tables (empty unless changed)
 * @param failure why the transform failed on the item (null unless failed)
 * @param update the conditional UpdateItem that writes {@code diff} (null when there is nothing to update)
 */
record ItemResult(Kind kind, Map<String, AttributeValue> before, Map<String, AttributeValue> after, AttributeDiff diff,
                  List<Emitted> emitted, Failure failure, UpdateItemRequest update) {

    enum Kind {
        /** {@code when} is false: the item does not need the transform. */
        SKIPPED,
        /** {@code when} is true, but the transform changes nothing and emits nothing. */
        UNCHANGED,
        /** The transform changes the item and/or emits records. */
        CHANGED,
        /** The transform failed on the item. */
        FAILED
    }

    /**
     * One record for another table.
     *
     * @param table the table and its key
     * @param record the whole record
     */
    record Emitted(TableKeys table, Map<String, AttributeValue> record) {
    }

    /**
     * Why the transform failed on an item.
     *
     * @param path the expression, e.g. {@code $.transform.update}
     * @param reason a short code: error, not-boolean, invalid, key-changed, too-large, emit-key, too-many-changes ...
     * @param message what happened, naming no item data
     */
    record Failure(String path, String reason, String message) {
    }

    static ItemResult skipped(Map<String, AttributeValue> item) {
        return new ItemResult(Kind.SKIPPED, item, null, null, List.of(), null, null);
    }

    static ItemResult unchanged(Map<String, AttributeValue> item) {
        return new ItemResult(Kind.UNCHANGED, item, null, null, List.of(), null, null);
    }

    static ItemResult changed(Map<String, AttributeValue> item, Map<String, AttributeValue> after, AttributeDiff diff,
                              List<Emitted> emitted, UpdateItemRequest update) {
        return new ItemResult(Kind.CHANGED, item, after, diff, List.copyOf(emitted), null, update);
    }

    /** The same change with other records. */
    ItemResult withEmitted(List<Emitted> records) {
        return new ItemResult(kind, before, after, diff, List.copyOf(records), failure, update);
    }

    static ItemResult failed(Map<String, AttributeValue> item, String path, String reason, String message) {
        return new ItemResult(Kind.FAILED, item, null, null, List.of(), new Failure(path, reason, message), null);
    }

    boolean matched() {
        return kind != Kind.SKIPPED;
    }
}
