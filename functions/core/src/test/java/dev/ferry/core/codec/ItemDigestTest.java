package dev.ferry.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemDigestTest {
    private static final String ZERO = "0".repeat(64);

    @Test
    void add_whenSameItemsInAnotherOrder_thenEqual() {
        // GIVEN 200 items and the same items shuffled
        List<Map<String, AttributeValue>> items = items(200);
        List<Map<String, AttributeValue>> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(42));
        assertThat(shuffled).isNotEqualTo(items);

        // WHEN
        ItemDigest a = digestOf(items);
        ItemDigest b = digestOf(shuffled);

        // THEN
        assertThat(a).isEqualTo(b);
        assertThat(a.toHex()).isEqualTo(b.toHex());
        assertThat(a.count()).isEqualTo(200);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }

    @Test
    void add_whenAnItemIsDuplicated_thenDiffers() {
        // GIVEN a, b and a, b, b
        List<Map<String, AttributeValue>> items = items(2);
        ItemDigest once = digestOf(items);
        ItemDigest twice = digestOf(items).add(items.get(1));

        // WHEN an item added twice (XOR would cancel it out to nothing)
        ItemDigest pair = new ItemDigest().add(items.get(0)).add(items.get(0));

        // THEN
        assertThat(twice).isNotEqualTo(once);
        assertThat(twice.toHex()).isNotEqualTo(once.toHex());
        assertThat(pair.toHex()).isNotEqualTo(ZERO);
        assertThat(pair.toHex()).isNotEqualTo(new ItemDigest().add(items.get(0)).toHex());
    }

    @Test
    void add_whenOneValueOfOneItemChanges_thenDiffers() {
        // GIVEN
        List<Map<String, AttributeValue>> items = items(50);
        List<Map<String, AttributeValue>> changed = new ArrayList<>(items);
        Map<String, AttributeValue> item = new LinkedHashMap<>(changed.get(17));
        item.put("n", AttributeValue.fromN("18.0000000000000000000000000000000000001"));
        changed.set(17, item);

        // WHEN / THEN: same count, different sum
        ItemDigest a = digestOf(items);
        ItemDigest b = digestOf(changed);
        assertThat(b.count()).isEqualTo(a.count());
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void add_whenItemsEqualToDynamoDb_thenEqual() {
        // GIVEN the same item with other number texts, key order and set order
        Map<String, AttributeValue> a = new LinkedHashMap<>();
        a.put("pk", AttributeValue.fromS("1"));
        a.put("n", AttributeValue.fromN("1.50"));
        a.put("ns", AttributeValue.fromNs(List.of("1E+2", "-0")));
        Map<String, AttributeValue> b = new LinkedHashMap<>();
        b.put("ns", AttributeValue.fromNs(List.of("0", "100")));
        b.put("n", AttributeValue.fromN("1.5"));
        b.put("pk", AttributeValue.fromS("1"));

        // WHEN / THEN
        assertThat(new ItemDigest().add(a)).isEqualTo(new ItemDigest().add(b));
    }

    @Test
    void merge_whenSegmentsMerged_thenEqualsAddingAll() {
        // GIVEN 90 items cut into three segments, as a parallel scan would
        List<Map<String, AttributeValue>> items = items(90);
        ItemDigest s0 = digestOf(items.subList(0, 30));
        ItemDigest s1 = digestOf(items.subList(30, 60));
        ItemDigest s2 = digestOf(items.subList(60, 90));

        // WHEN merged in any order
        ItemDigest merged = new ItemDigest().merge(s2).merge(s0).merge(s1);

        // THEN
        assertThat(merged).isEqualTo(digestOf(items));
        assertThat(merged.count()).isEqualTo(90);
    }

    @Test
    void merge_whenMergedWithItself_thenEqualsEachItemTwice() {
        List<Map<String, AttributeValue>> items = items(5);
        ItemDigest d = digestOf(items);

        d.merge(d);

        List<Map<String, AttributeValue>> doubled = new ArrayList<>(items);
        doubled.addAll(items);
        assertThat(d).isEqualTo(digestOf(doubled));
    }

    @Test
    void merge_whenSumsCarryAcrossLimbs_thenAddsModulo2To256() {
        // GIVEN sums chosen to carry through 64-bit limbs and to wrap past 2^256
        ItemDigest low = ItemDigest.of(1, "0".repeat(48) + "ffffffffffffffff");
        ItemDigest one = ItemDigest.of(1, "0".repeat(63) + "1");
        ItemDigest max = ItemDigest.of(3, "f".repeat(64));

        // WHEN / THEN
        assertThat(low.merge(one).toHex()).isEqualTo("0".repeat(47) + "10000000000000000");
        assertThat(max.merge(ItemDigest.of(0, "0".repeat(63) + "2")).toHex()).isEqualTo("0".repeat(63) + "1");
        assertThat(max.count()).isEqualTo(3);
    }

    @Test
    void toHex_whenRestoredWithOf_thenEqualAndKeepsAdding() {
        // GIVEN a digest checkpointed half way
        List<Map<String, AttributeValue>> items = items(20);
        ItemDigest original = digestOf(items.subList(0, 10));
        String hex = original.toHex();

        // WHEN restored and continued
        ItemDigest restored = ItemDigest.of(original.count(), hex);
        items.subList(10, 20).forEach(restored::add);

        // THEN
        assertThat(hex).hasSize(ItemDigest.HEX_LENGTH).matches("[0-9a-f]{64}");
        assertThat(ItemDigest.of(10, hex)).isEqualTo(original);
        assertThat(restored).isEqualTo(digestOf(items));
    }

    @Test
    void toHex_whenEmpty_thenFixedWidthZero() {
        assertThat(new ItemDigest().toHex()).isEqualTo(ZERO);
        assertThat(new ItemDigest().count()).isZero();
        assertThat(new ItemDigest()).isEqualTo(ItemDigest.of(0, ZERO));
        assertThat(ItemDigest.of(1, ZERO)).isNotEqualTo(new ItemDigest());
    }

    @Test
    void of_whenHexOrCountBad_thenErrorSaysHowToFix() {
        assertThatThrownBy(() -> ItemDigest.of(0, "abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits").hasMessageContaining("Fix:");
        assertThatThrownBy(() -> ItemDigest.of(0, "g".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-hex character at index 0");
        assertThatThrownBy(() -> ItemDigest.of(-1, ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
    }

    @Test
    void add_whenItemInvalid_thenThrowsAndDigestUnchanged() {
        // GIVEN a digest with one item, and an item whose number is not a number
        Map<String, AttributeValue> good = items(1).get(0);
        ItemDigest d = new ItemDigest().add(good);
        Map<String, AttributeValue> bad = Map.of("pk", AttributeValue.fromS("x"), "n", AttributeValue.fromN("twelve"));

        // WHEN / THEN: the failed item leaves no trace in the count or the reused SHA-256 state
        assertThatThrownBy(() -> d.add(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.n");
        assertThat(d).isEqualTo(new ItemDigest().add(good));
        d.add(good);
        assertThat(d).isEqualTo(new ItemDigest().add(good).add(good));
    }

    @Test
    void add_whenItemIs350Kb_thenSameAsFromItsCanonicalBytes() {
        // GIVEN a large item, streamed into SHA-256 through the encoder's small buffer
        Map<String, AttributeValue> big = SampleItems.large("big", 350);

        // WHEN
        ItemDigest streamed = new ItemDigest().add(big);

        // THEN it equals the SHA-256 of the materialised canonical bytes
        String expected = sha256Hex(ItemCodec.canonicalBytes(big));
        assertThat(streamed.toHex()).isEqualTo(expected);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static ItemDigest digestOf(List<Map<String, AttributeValue>> items) {
        ItemDigest d = new ItemDigest();
        items.forEach(d::add);
        return d;
    }

    private static List<Map<String, AttributeValue>> items(int n) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(SampleItems.everyType("pk-" + i));
            item.put("n", AttributeValue.fromN(String.valueOf(i + 1)));
            items.add(item);
        }
        return items;
    }
}
