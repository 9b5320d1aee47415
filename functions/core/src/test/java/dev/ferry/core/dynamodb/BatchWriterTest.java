package dev.ferry.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class BatchWriterTest {
    private static Map<String, AttributeValue> item(int i, int bytes) {
        return Map.of("id", AttributeValue.fromS("k" + i), "v", AttributeValue.fromS("x".repeat(bytes)));
    }

    @Test
    void batches_whenSmallItems_cutsAt25ItemsKeepingOrder() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(item(i, 10));
        }

        List<List<Map<String, AttributeValue>>> batches = BatchWriter.batches(items);

        assertThat(batches).extracting(List::size).containsExactly(25, 25, 10);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(items);
    }

    @Test
    void batches_whenLargeItems_staysUnder16MegabytesPerBatch() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(item(i, 390 * 1024));
        }

        List<List<Map<String, AttributeValue>>> batches = BatchWriter.batches(items);

        assertThat(batches).allSatisfy(b -> assertThat(b.stream()
                .mapToLong(dev.ferry.core.codec.ItemCodec::itemSizeBytes).sum()).isLessThanOrEqualTo(BatchWriter.MAX_BYTES));
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(25));
        assertThat(batches.get(0)).hasSizeGreaterThan(25 / 2);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(100);
    }

    @Test
    void batches_whenNoItems_returnsNoBatch() {
        assertThat(BatchWriter.batches(List.of())).isEmpty();
    }
}
