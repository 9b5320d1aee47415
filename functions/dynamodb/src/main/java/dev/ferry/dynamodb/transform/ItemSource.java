package dev.ferry.dynamodb.transform;

import dev.ferry.core.dynamodb.BatchGetter;
import dev.ferry.core.dynamodb.Scanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Where a unit's items come from, a page at a time: a scan segment, or a range of a failed-keys manifest. */
interface ItemSource {
    /**
     * A page of items and where the next one starts.
     *
     * @param items the items
     * @param nextKey the resume key of the next page; empty when this was the last
     */
    record Page(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> nextKey) {
    }

    /** The page after {@code resumeKey} (empty: the first). */
    Page page(Map<String, AttributeValue> resumeKey);

    /** A parallel-scan segment. */
    static ItemSource scan(Scanner scanner) {
        return resumeKey -> {
            ScanResponse page = scanner.page(resumeKey);
            return new Page(page.items(), page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : Map.of());
        };
    }

    /**
     * The keys {@code [offset, offset + count)} of a manifest, {@code batchSize} a page, each read with a
     * strongly consistent BatchGetItem (a key whose item no longer exists gives nothing). The resume key is
     * {@code {"offset": N}}.
     */
    static ItemSource keys(FailedKeys manifest, long offset, long count, int batchSize, BatchGetter reader, TableKeys table) {
        return resumeKey -> {
            long from = resumeKey == null || resumeKey.isEmpty() ? offset : Long.parseLong(resumeKey.get("offset").n());
            long to = Math.min(offset + count, from + batchSize);
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (long i = from; i < to; i++) {
                keys.add(manifest.key((int) i));
            }
            Map<String, Map<String, AttributeValue>> found = reader.read(keys);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (Map<String, AttributeValue> key : keys) {
                Map<String, AttributeValue> item = found.remove(BatchGetter.keyId(key, table.keyNames()));
                if (item != null) {
                    items.add(item);
                }
            }
            return new Page(items, to >= offset + count ? Map.of() : Map.of("offset", AttributeValue.fromN(Long.toString(to))));
        };
    }
}
