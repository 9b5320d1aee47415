package dev.ferry.testkit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Sample tables and items of every DynamoDB type, for `ferry demo`, `ferry bench` and the tests:
 * a table keyed pk (S) + sk (N) with a GSI and an LSI, items with S, N (up to 38 digits), B, SS,
 * NS, BS, M (nested to DynamoDB's limit), L, BOOL and NULL, and some items of about 350 KB.
 */
public final class SampleTables {
    private SampleTables() {
    }

    /** A table keyed pk (S) + sk (N), with a GSI on gpk/gsk and an LSI on sk2. */
    public static void createRich(DynamoDbClient ddb, String name, BillingMode mode) {
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("gpk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("gsk").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("sk2").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-sk2")
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk2").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                .billingMode(mode);
        GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder().indexName("by-g")
                .keySchema(k -> k.attributeName("gpk").keyType(KeyType.HASH), k -> k.attributeName("gsk").keyType(KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("s", "n"));
        if (mode == BillingMode.PROVISIONED) {
            b.provisionedThroughput(p -> p.readCapacityUnits(50L).writeCapacityUnits(40L));
            gsi.provisionedThroughput(p -> p.readCapacityUnits(30L).writeCapacityUnits(20L));
        }
        b.globalSecondaryIndexes(gsi.build());
        ddb.createTable(b.build());
        ddb.waiter().waitUntilTableExists(r -> r.tableName(name));
    }

    /** A simple table keyed id (S). */
    public static void createSimple(DynamoDbClient ddb, String name) {
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        ddb.waiter().waitUntilTableExists(r -> r.tableName(name));
    }

    /** Item {@code i} of a rich table: every attribute type; every 1000th item is about 350 KB. */
    public static Map<String, AttributeValue> richItem(int i, Random random) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("p" + (i % 997)));
        item.put("sk", AttributeValue.fromN(Integer.toString(i)));
        item.put("sk2", AttributeValue.fromS("x" + Integer.toHexString(i * 31)));
        if (i % 3 == 0) {
            item.put("gpk", AttributeValue.fromS("g" + (i % 13)));
            item.put("gsk", AttributeValue.fromN(Integer.toString(-i)));
        }
        item.put("s", AttributeValue.fromS("text ü 漢字 \"quoted\", " + i));
        item.put("n", AttributeValue.fromN("12345678901234567890123456789012345678".substring(0, 1 + i % 38)));
        item.put("nf", AttributeValue.fromN("-0.000000000000000000000000000000000001" + (i % 10 == 0 ? "" : "")));
        byte[] bin = new byte[16 + i % 64];
        random.nextBytes(bin);
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(bin)));
        item.put("ss", AttributeValue.fromSs(List.of("a" + i, "b", "c")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2.5", "-3e10", Integer.toString(i + 1000))));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255}),
                SdkBytes.fromByteBuffer(ByteBuffer.wrap(new byte[] {(byte) (i & 0x7f)})))));
        item.put("bool", AttributeValue.fromBool(i % 2 == 0));
        item.put("null", AttributeValue.fromNul(true));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("1"),
                AttributeValue.fromL(List.of()), AttributeValue.fromM(Map.of("k", AttributeValue.fromBool(false))))));
        // DynamoDB's limit: 32 levels counting the item itself, so 31 nested maps below the attribute
        item.put("m", nested(i % 50 == 0 ? 31 : 3, i));
        if (i % 1000 == 7) {
            item.put("big", AttributeValue.fromS("z".repeat(350 * 1024)));
        }
        return item;
    }

    /** A map nested {@code depth} levels deep (with the item around it: depth + 1 levels). */
    public static AttributeValue nested(int depth, int i) {
        AttributeValue v = AttributeValue.fromM(Map.of("leaf", AttributeValue.fromN(Integer.toString(i))));
        for (int d = 1; d < depth; d++) {
            v = AttributeValue.fromM(Map.of("d" + d, v, "s", AttributeValue.fromS("level " + d)));
        }
        return v;
    }

    /**
     * Writes {@code count} generated items (see {@link #richItem}), each padded with a string of
     * {@code padBytes} bytes, a batch at a time: memory stays flat whatever the count.
     */
    public static void fill(DynamoDbClient ddb, String table, int count, long seed, int padBytes) {
        write(ddb, table, count, seed, item -> {
            item.remove("big");
            if (padBytes > 0) {
                item.put("pad", AttributeValue.fromS("p".repeat(padBytes)));
            }
            return item;
        });
    }

    /** Writes {@code count} generated items exactly as {@link #richItem} makes them (350 KB strings included), a batch at a time. */
    public static void fillRich(DynamoDbClient ddb, String table, int count, long seed) {
        write(ddb, table, count, seed, item -> item);
    }

    private static void write(DynamoDbClient ddb, String table, int count, long seed,
                              java.util.function.UnaryOperator<Map<String, AttributeValue>> shape) {
        Random random = new Random(seed);
        List<Map<String, AttributeValue>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(shape.apply(richItem(i, random)));
            if (batch.size() == 25) {
                put(ddb, table, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            put(ddb, table, batch);
        }
    }

    /**
     * Writes items with BatchWriteItem, retrying unprocessed items. 25 items of at most 400 KB each
     * stay under the request's 16 MB limit, so batches are cut by count alone.
     */
    public static void put(DynamoDbClient ddb, String table, List<Map<String, AttributeValue>> items) {
        List<WriteRequest> batch = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            if (batch.size() == 25) {
                flush(ddb, table, batch);
                batch = new ArrayList<>();
            }
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        if (!batch.isEmpty()) {
            flush(ddb, table, batch);
        }
    }

    private static void flush(DynamoDbClient ddb, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = ddb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }

    /** Every item of a table, keyed by its canonical key. */
    public static Map<String, Map<String, AttributeValue>> scanAll(DynamoDbClient ddb, String table, String... keyNames) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        ddb.scanPaginator(b -> b.tableName(table)).items().forEach(item -> {
            StringBuilder key = new StringBuilder();
            for (String k : keyNames) {
                key.append(item.get(k).toString()).append('|');
            }
            Object previous = out.put(key.toString(), item);
            if (previous != null) {
                throw new AssertionError("duplicate key in " + table + ": " + key);
            }
        });
        return out;
    }
}
