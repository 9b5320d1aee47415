package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Distributed Map's ItemBatcher: groups the selected items into child inputs
 * {@code {"BatchInput": ..., "Items": [...]}} of at most MaxItemsPerBatch items and
 * MaxInputBytesPerBatch bytes (256 KiB when not set).
 */
final class ItemBatcher {
    private final NumberSetting maxItems;
    private final NumberSetting maxBytes;
    private final PayloadTemplate jsonPathBatchInput;
    private final JsonataTemplate jsonataBatchInput;

    private ItemBatcher(NumberSetting maxItems, NumberSetting maxBytes, PayloadTemplate jsonPathBatchInput, JsonataTemplate jsonataBatchInput) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.jsonPathBatchInput = jsonPathBatchInput;
        this.jsonataBatchInput = jsonataBatchInput;
    }

    static ItemBatcher parse(FieldReader r) {
        NumberSetting maxItems = NumberSetting.parse(r, "MaxItemsPerBatch", 1, 100_000_000, true);
        NumberSetting maxBytes = NumberSetting.parse(r, "MaxInputBytesPerBatch", 1, Payloads.MAX_BYTES, true);
        if (maxItems == null && maxBytes == null) {
            throw r.invalid("an ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch (or both)");
        }
        ItemBatcher batcher = r.language() == QueryLanguage.JSONATA
                ? new ItemBatcher(maxItems, maxBytes, null, r.jsonata("BatchInput"))
                : new ItemBatcher(maxItems, maxBytes, r.payload("BatchInput"), null);
        r.finish("an ItemBatcher");
        return batcher;
    }

    /** The batches: each child execution's input. */
    List<JsonNode> batch(StateRun run, JsonNode mapInput, List<JsonNode> items) {
        Integer itemLimit = NumberSetting.resolveInt(maxItems, run, mapInput);
        Integer byteLimit = NumberSetting.resolveInt(maxBytes, run, mapInput);
        int bytes = byteLimit == null ? Payloads.MAX_BYTES : byteLimit;
        JsonNode batchInput = jsonPathBatchInput != null ? jsonPathBatchInput.evaluate(run.pathScope(mapInput))
                : jsonataBatchInput != null ? jsonataBatchInput.evaluate(run.bindings(null, null), "ItemBatcher/BatchInput") : null;
        int emptySize = size(wrap(batchInput, List.of()));
        List<JsonNode> batches = new ArrayList<>();
        List<JsonNode> current = new ArrayList<>();
        int currentSize = emptySize;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            int itemSize = size(item);
            if (emptySize + itemSize > bytes) {
                throw run.badValue("Item " + i + " is " + itemSize + " bytes, more than MaxInputBytesPerBatch (" + bytes
                        + ") allows in a batch: raise MaxInputBytesPerBatch or make the items smaller");
            }
            int grown = currentSize + itemSize + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && (itemLimit != null && current.size() == itemLimit || grown > bytes)) {
                batches.add(wrap(batchInput, current));
                current = new ArrayList<>();
                grown = emptySize + itemSize;
            }
            current.add(item);
            currentSize = grown;
        }
        if (!current.isEmpty()) {
            batches.add(wrap(batchInput, current));
        }
        return batches;
    }

    private static JsonNode wrap(JsonNode batchInput, List<JsonNode> items) {
        ObjectNode batch = Json.MAPPER.createObjectNode();
        if (batchInput != null) {
            batch.set("BatchInput", batchInput);
        }
        ArrayNode array = batch.putArray("Items");
        items.forEach(array::add);
        return batch;
    }

    private static int size(JsonNode value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8).length;
    }
}
