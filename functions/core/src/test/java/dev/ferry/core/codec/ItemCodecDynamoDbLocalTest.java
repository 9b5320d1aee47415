package dev.ferry.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import dev.ferry.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The codec against DynamoDB itself: DynamoDB Local 3.x over HTTP (so items go through the real
 * wire format): the test JVM's shared server.
 */
class ItemCodecDynamoDbLocalTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DynamoDbClient ddb;

    @BeforeAll
    static void connect() {
        ddb = DynamoDbLocal.get().client();
    }

    @Test
    void toJson_whenItemsOfEveryTypeWrittenAndReadBack_thenEqualJsonAndEqualDigests() {
        // GIVEN items of every type, one nested as deep as DynamoDB allows, one of 350 KB
        String table = newTable();
        List<Map<String, AttributeValue>> written = new ArrayList<>();
        written.add(SampleItems.everyType("every-type"));
        written.add(Map.of("pk", AttributeValue.fromS("deepest"), "deep", SampleItems.nested(31)));   // 32 levels with the leaf
        written.add(SampleItems.large("large", 350));
        for (int i = 0; i < 20; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(SampleItems.everyType("item-" + i));
            item.put("n", AttributeValue.fromN(String.valueOf(i)));
            written.add(item);
        }
        written.forEach(item -> ddb.putItem(b -> b.tableName(table).item(item)));

        // WHEN they are read back one by one and by a scan
        List<Map<String, AttributeValue>> scanned = scan(table);

        // THEN each reads back as the same DynamoDB JSON, and both sides digest equally
        for (Map<String, AttributeValue> item : written) {
            Map<String, AttributeValue> read = ddb.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of("pk", item.get("pk")))).item();
            assertThat(ItemCodec.toJson(read)).as("item %s", item.get("pk").s()).isEqualTo(ItemCodec.toJson(item));
            assertThat(ItemCodec.canonicalBytes(read)).isEqualTo(ItemCodec.canonicalBytes(item));
        }
        assertThat(scanned).hasSize(written.size());
        ItemDigest source = digest(written);
        ItemDigest copy = digest(scanned);
        assertThat(copy).isEqualTo(source);
        assertThat(copy.count()).isEqualTo(23);
    }

    @Test
    void add_whenOneItemInTableChanges_thenDigestChanges() {
        // GIVEN a table of 30 items whose scan digests like the items written
        String table = newTable();
        List<Map<String, AttributeValue>> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(SampleItems.everyType("pk-" + i));
            item.put("n", AttributeValue.fromN(String.valueOf(i)));
            written.add(item);
            ddb.putItem(b -> b.tableName(table).item(item));
        }
        ItemDigest before = digest(scan(table));
        assertThat(before).isEqualTo(digest(written));

        // WHEN one number of one item changes
        ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("pk-7")))
                .updateExpression("SET n = n + :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        ItemDigest changed = digest(scan(table));

        // THEN the digest differs with the same count, and comes back when the change is undone
        assertThat(changed.count()).isEqualTo(before.count());
        assertThat(changed).isNotEqualTo(before);
        ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("pk-7")))
                .updateExpression("SET n = n - :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        assertThat(digest(scan(table))).isEqualTo(before);
    }

    @Test
    void canonicalBytes_whenDynamoDbRewritesNumberText_thenStillEqual() {
        // GIVEN numbers in texts DynamoDB does not keep
        String table = newTable();
        Map<String, AttributeValue> written = Map.of(
                "pk", AttributeValue.fromS("numbers"),
                "a", AttributeValue.fromN("12.50"),
                "b", AttributeValue.fromN("1E+2"),
                "c", AttributeValue.fromN("-0"),
                "ns", AttributeValue.fromNs(List.of("2E0", "1.50")));
        ddb.putItem(b -> b.tableName(table).item(written));

        // WHEN
        Map<String, AttributeValue> read = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("numbers")))).item();

        // THEN the text came back normalised, yet the item is the same to DynamoDB and to the codec
        assertThat(read.get("a").n()).isEqualTo("12.5");
        assertThat(ItemCodec.toJson(read)).isNotEqualTo(ItemCodec.toJson(written));
        assertThat(ItemCodec.canonicalBytes(read)).isEqualTo(ItemCodec.canonicalBytes(written));
        assertThat(new ItemDigest().add(read)).isEqualTo(new ItemDigest().add(written));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"s\":{\"S\":\"h\u00e9llo \u20ac \uD83D\uDE00\"}}",
            "{\"n1\":{\"N\":\"0\"},\"n2\":{\"N\":\"100\"},\"n3\":{\"N\":\"0.05\"},\"n4\":{\"N\":\"-1.5\"},"
                    + "\"n5\":{\"N\":\"12345678901234567890123456789012345678\"},\"n6\":{\"N\":\"-1E-130\"},"
                    + "\"n7\":{\"N\":\"9.9999999999999999999999999999999999999E+125\"},\"n8\":{\"N\":\"1234567.891\"}}",
            "{\"ns\":{\"NS\":[\"1\",\"12\",\"123\",\"0.001\",\"-99999999999999999999999999999999999999\",\"10.5\"]}}",
            "{\"m\":{\"M\":{\"k1\":{\"N\":\"-123.45\"},\"k2\":{\"L\":[{\"BOOL\":true},{\"NULL\":true},{\"S\":\"ab\"},"
                    + "{\"M\":{}},{\"L\":[]},{\"SS\":[\"x\",\"yy\"]}]}}}}",
            "{\"b\":{\"B\":\"AAECAwQ=\"},\"bs\":{\"BS\":[\"AA==\",\"AQI=\"]},\"ss\":{\"SS\":[\"a\",\"bb\",\"\u00e9\"]},"
                    + "\"t\":{\"BOOL\":false},\"z\":{\"NULL\":true}}"
    })
    void itemSizeBytes_whenItemAtDynamoDbsLimit_thenDynamoDbAgreesToTheByte(String attributes) {
        // GIVEN items padded to exactly 400 KB, and to one byte more, by itemSizeBytes
        String table = newTable();
        Map<String, AttributeValue> atLimit = padded(attributes, ItemCodec.MAX_ITEM_SIZE_BYTES, "at");
        Map<String, AttributeValue> overLimit = padded(attributes, ItemCodec.MAX_ITEM_SIZE_BYTES + 1, "over");
        assertThat(ItemCodec.itemSizeBytes(atLimit)).isEqualTo(409_600);
        assertThat(ItemCodec.itemSizeBytes(overLimit)).isEqualTo(409_601);

        // WHEN / THEN DynamoDB takes the first and refuses the second for its size
        ddb.putItem(b -> b.tableName(table).item(atLimit));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(overLimit)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Item size has exceeded the maximum allowed size");
    }

    private static Map<String, AttributeValue> padded(String attributesJson, long size, String pk) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ItemCodec.fromJson(Json.parse(attributesJson)));
        item.put("pk", AttributeValue.fromS(pk));
        long missing = size - ItemCodec.itemSizeBytes(item) - "pad".length();
        item.put("pad", AttributeValue.fromS("p".repeat((int) missing)));
        return item;
    }

    private static String newTable() {
        String name = "codec-test-" + TABLES.incrementAndGet();
        ddb.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        return name;
    }

    private static List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        ddb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    private static ItemDigest digest(List<Map<String, AttributeValue>> items) {
        ItemDigest d = new ItemDigest();
        items.forEach(d::add);
        return d;
    }
}
