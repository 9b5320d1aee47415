package dev.ferry.dynamodb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the transform writes, verifies and rolls back rests on one comparison: sets compare as sets (DynamoDB hands
 * their members back in any order) and numbers by value, while a type still matters.
 */
class AttributeDiffTest {
    private static AttributeValue bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return AttributeValue.fromB(SdkBytes.fromByteArray(b));
    }

    @Test
    void between_whenSetsDifferOnlyInOrderAndNumbersOnlyInNotation_isEmpty() {
        // GIVEN one item as read, and the same item with its sets' members in another order (nested too) and
        // numbers written another way
        Map<String, AttributeValue> read = Map.of(
                "tags", AttributeValue.fromSs(java.util.List.of("a", "b", "ü")),
                "sizes", AttributeValue.fromNs(java.util.List.of("1", "20", "3.5")),
                "blobs", AttributeValue.fromBs(java.util.List.of(bytes(1).b(), bytes(2, 3).b())),
                "price", AttributeValue.fromN("1.50"),
                "meta", AttributeValue.fromM(Map.of("ids", AttributeValue.fromNs(java.util.List.of("7", "8")))));
        Map<String, AttributeValue> reordered = Map.of(
                "tags", AttributeValue.fromSs(java.util.List.of("ü", "a", "b")),
                "sizes", AttributeValue.fromNs(java.util.List.of("3.50", "1", "2E1")),
                "blobs", AttributeValue.fromBs(java.util.List.of(bytes(2, 3).b(), bytes(1).b())),
                "price", AttributeValue.fromN("1.5"),
                "meta", AttributeValue.fromM(Map.of("ids", AttributeValue.fromNs(java.util.List.of("8", "7")))));

        // WHEN / THEN nothing differs: nothing would be written, verification and rollback see the same item
        assertThat(read).isNotEqualTo(reordered); // as the SDK compares them, they differ
        assertThat(AttributeDiff.between(read, reordered).isEmpty()).isTrue();
        assertThat(PlainJson.sameItem(read, reordered)).isTrue();
        assertThat(AttributeDiff.between(read, read).holds(reordered, read)).isTrue();
    }

    @Test
    void between_whenASetMemberOrTheTypeChanges_setsOnlyThatAttributeConditionalOnItsOldValue() {
        Map<String, AttributeValue> read = Map.of(
                "tags", AttributeValue.fromSs(java.util.List.of("a", "b")),
                "list", AttributeValue.fromSs(java.util.List.of("x")),
                "same", AttributeValue.fromN("38"),
                "gone", AttributeValue.fromNul(true));
        Map<String, AttributeValue> changed = Map.of(
                "tags", AttributeValue.fromSs(java.util.List.of("b", "c")),
                "list", AttributeValue.fromL(java.util.List.of(AttributeValue.fromS("x"))),
                "same", AttributeValue.fromN("38.0"));

        AttributeDiff diff = AttributeDiff.between(read, changed);

        assertThat(diff.set()).containsOnlyKeys("tags", "list");
        assertThat(diff.remove()).containsExactly("gone");
        assertThat(diff.expected()).containsEntry("tags", read.get("tags")).containsEntry("list", read.get("list"))
                .containsEntry("gone", read.get("gone")).doesNotContainKey("same");
        assertThat(PlainJson.sameItem(read, changed)).isFalse();
    }
}
