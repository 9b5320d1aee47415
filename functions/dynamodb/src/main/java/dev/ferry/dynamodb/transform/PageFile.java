package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.json.Json;
import dev.ferry.core.report.ReportSink;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The rollback data of one page: written beside the run's report (S3, SSE-KMS with the control stack's key,
 * or the local folder) BEFORE any write of the page, and referenced from the ledger by its name. Items and
 * records are in DynamoDB JSON, lossless. A page's writes that a concurrent writer forced to retry rewrite
 * the file (before their writes) with the retried items' new pre-images.
 *
 * @param format the file format's version
 * @param runId the run
 * @param unitId the unit
 * @param page the page number within the unit
 * @param table the table transformed
 * @param items each item updated (or about to be): its key, the item as read, the item as the run leaves it
 * @param emitted each record put into another table, in the order written: table, key, the record before
 *     (null when there was none), the record written, and the key of the item that gave it
 */
record PageFile(int format, String runId, String unitId, long page, String table, List<ItemChange> items,
                List<RecordChange> emitted) {
    static final int FORMAT = 1;

    PageFile {
        items = List.copyOf(items);
        emitted = List.copyOf(emitted);
    }

    /** An item's change. */
    record ItemChange(JsonNode key, JsonNode before, JsonNode after) {
        static ItemChange of(TableKeys table, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
            return new ItemChange(ItemCodec.toJson(table.keyOf(before)), ItemCodec.toJson(before), ItemCodec.toJson(after));
        }

        Map<String, AttributeValue> keyItem() {
            return ItemCodec.fromJson(key);
        }

        Map<String, AttributeValue> beforeItem() {
            return ItemCodec.fromJson(before);
        }

        Map<String, AttributeValue> afterItem() {
            return ItemCodec.fromJson(after);
        }
    }

    /** An emitted record's change, and the key of the item that gave it ({@code source}). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RecordChange(String table, JsonNode key, JsonNode before, JsonNode after, JsonNode source) {
        static RecordChange of(TableKeys table, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                               Map<String, AttributeValue> sourceKey) {
            return new RecordChange(table.name(), ItemCodec.toJson(table.keyOf(after)),
                    before == null ? null : ItemCodec.toJson(before), ItemCodec.toJson(after), ItemCodec.toJson(sourceKey));
        }

        Map<String, AttributeValue> keyItem() {
            return ItemCodec.fromJson(key);
        }

        Map<String, AttributeValue> beforeItem() {
            return before == null || before.isNull() ? null : ItemCodec.fromJson(before);
        }

        Map<String, AttributeValue> afterItem() {
            return ItemCodec.fromJson(after);
        }
    }

    /** The file's name: {@code transform-<unit>-p<page>-<attempt>.json} (an attempt id keeps a retried page's file apart). */
    static String name(String unitId, long page, String attempt) {
        return "transform-" + unitId + "-p" + page + "-" + attempt + ".json";
    }

    void write(ReportSink sink, String name) {
        sink.write(runId, name, Json.bytes(this), "application/json");
    }

    /**
     * The file, as written.
     *
     * @throws FerryException when it is missing or unreadable: rollback cannot go on without it
     */
    static PageFile read(ReportSink sink, String runId, String name) {
        byte[] bytes = sink.read(runId, name).orElseThrow(() -> new FerryException("the rollback data " + name + " of run "
                + runId + " is missing from the reports location (" + sink + "); it was written before the page's "
                + "writes, so it was removed since: restore it (the reports bucket is versioned) and roll back again"));
        try {
            return Json.MAPPER.readValue(bytes, PageFile.class);
        } catch (IOException e) {
            throw new FerryException("the rollback data " + name + " of run " + runId + " is unreadable (" + e.getMessage()
                    + "): restore it (the reports bucket is versioned) and roll back again", e);
        }
    }
}
