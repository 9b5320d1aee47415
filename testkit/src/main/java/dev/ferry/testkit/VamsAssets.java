package dev.ferry.testkit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Generated assets of a VAMS v2.2 installation, for the dynamodb-transform tests, `ferry demo transform`
 * and `ferry bench transform`: the assets table (key databaseId + assetId) and the asset versions table
 * (key assetId + assetVersionId) that v2.3 adds.
 *
 * <p>Every asset carries the v2.2 fields the migration rewrites or removes ({@code currentVersion},
 * {@code assetLocation}, {@code previewLocation} on two of three, {@code versions}, {@code isMultiFile},
 * {@code pipelineId}, {@code executionId}, {@code specifiedPipelines}, {@code Parent}, {@code objectFamily}),
 * some of them missing on some assets as in real installations, and attributes of every DynamoDB type
 * the migration must leave bit-identical: a 38-digit number, a number set with one, binary, a binary
 * set, a string set, NULL, nested maps and lists, unicode names and values. Every tenth asset is
 * already in the v2.3 shape (no {@code currentVersion}). Deterministic for a seed.
 */
public final class VamsAssets {
    public static final String ASSETS = "vams-assets";
    public static final String VERSIONS = "vams-asset-versions";
    /** The fields v2.3 removes from an asset. */
    public static final List<String> REMOVED = List.of("isMultiFile", "pipelineId", "executionId", "versions",
            "currentVersion", "specifiedPipelines", "Parent", "objectFamily");

    private VamsAssets() {
    }

    /** Creates both tables (on-demand) and waits until they exist. */
    public static void createTables(DynamoDbClient ddb, String assets, String versions) {
        ddb.createTable(b -> b.tableName(assets).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("databaseId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("assetId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("databaseId").keyType(KeyType.HASH),
                        k -> k.attributeName("assetId").keyType(KeyType.RANGE)));
        ddb.createTable(b -> b.tableName(versions).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("assetId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("assetVersionId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("assetId").keyType(KeyType.HASH),
                        k -> k.attributeName("assetVersionId").keyType(KeyType.RANGE)));
        ddb.waiter().waitUntilTableExists(r -> r.tableName(assets));
        ddb.waiter().waitUntilTableExists(r -> r.tableName(versions));
    }

    /** Whether asset {@code i} is still in the v2.2 shape (has a currentVersion). */
    public static boolean needsMigration(int i) {
        return i % 10 != 9;
    }

    /** Asset {@code i}, as v2.2 stored it. */
    public static Map<String, AttributeValue> asset(int i, long seed) {
        Random random = new Random(seed * 1_000_003L + i);
        Map<String, AttributeValue> a = new LinkedHashMap<>();
        String assetId = (i % 7 == 0 ? "asset-ü-" : "asset-") + i;
        a.put("databaseId", s("db-" + (i % 13)));
        a.put("assetId", s(assetId));
        a.put("assetName", s("Modèle 3D №" + i + " 🚀 " + (i % 3 == 0 ? "東京" : "Zürich")));
        a.put("description", s("Generated asset " + i));
        a.put("assetType", s(i % 2 == 0 ? ".glb" : ".e57"));
        a.put("isDistributable", AttributeValue.fromBool(i % 2 == 0));
        a.put("tags", AttributeValue.fromSs(List.of("tag-a", "tag-" + (i % 5), "étiquette")));
        a.put("assetLocation", m("Key", s(assetId + "/model" + a.get("assetType").s())));
        if (i % 3 != 0) {
            a.put("previewLocation", m("Key", s("previews/" + assetId + ".png")));
        }
        a.put("sizeBytes", n(thirtyEightDigits(i, random)));
        a.put("scores", AttributeValue.fromNs(List.of("1.5", "-3", thirtyEightDigits(i + 1, random))));
        a.put("thumbnail", AttributeValue.fromB(SdkBytes.fromByteArray(bytes(random, 16 + i % 7))));
        a.put("chunks", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(bytes(random, 4)), SdkBytes.fromByteArray(bytes(random, 9)))));
        a.put("nothing", AttributeValue.fromNul(true));
        a.put("ключ ü", s("значение " + i));
        a.put("metadata", m("levels", AttributeValue.fromL(List.of(n("12.50"), s("deep"), m("inner", AttributeValue.fromSs(List.of("x", "y"))),
                AttributeValue.fromL(List.of(AttributeValue.fromBool(false), AttributeValue.fromNul(true)))))));
        if (needsMigration(i)) {
            Map<String, AttributeValue> cv = new LinkedHashMap<>();
            cv.put("Version", s(Integer.toString(1 + i % 4)));
            cv.put("DateModified", s("2024-0" + (1 + i % 9) + "-1" + (i % 10) + "T10:00:00Z"));
            if (i % 5 != 0) {
                cv.put("Comment", s("version comment " + i + " ✓"));
            }
            cv.put("description", s("version of asset " + i));
            cv.put("specifiedPipelines", AttributeValue.fromL(i % 4 == 0 ? List.of() : List.of(s("pipeline-" + (i % 3)))));
            cv.put("createdBy", s("user" + (i % 7) + "@example.com"));
            a.put("currentVersion", AttributeValue.fromM(cv));
            a.put("versions", AttributeValue.fromL(List.of(m("Version", s("1"), "DateModified", s("2023-01-01T00:00:00Z")))));
            if (i % 4 != 0) {
                a.put("isMultiFile", AttributeValue.fromBool(i % 8 == 1));
            }
            if (i % 2 == 0) {
                a.put("pipelineId", s("pipeline-" + i));
                a.put("specifiedPipelines", AttributeValue.fromL(List.of(s("p1"), s("p2"))));
            }
            if (i % 3 == 0) {
                a.put("executionId", s("exec-" + i));
            }
            if (i % 5 == 0) {
                a.put("Parent", AttributeValue.fromNul(true));
            }
            if (i % 6 != 0) {
                a.put("objectFamily", i % 12 == 1 ? m("family", s("f" + i)) : s("family-" + (i % 4)));
            }
        } else {
            a.put("currentVersionId", s("1"));
            a.put("assetLocation", m("Key", s(assetId + "/"), "Bucket", s("already-migrated-bucket")));
        }
        return a;
    }

    /** Puts assets 0..count-1 into {@code table} with BatchWriteItem (unprocessed items retried), 25 at a time. */
    public static void fill(DynamoDbClient ddb, String table, int count, long seed) {
        List<Map<String, AttributeValue>> batch = new ArrayList<>(25);
        for (int i = 0; i < count; i++) {
            batch.add(asset(i, seed));
            if (batch.size() == 25 || i == count - 1) {
                SampleTables.put(ddb, table, batch);
                batch.clear();
            }
        }
    }

    private static String thirtyEightDigits(int i, Random random) {
        BigInteger n = BigInteger.TEN.pow(37).add(BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE)
                .multiply(BigInteger.valueOf(1_000_003L)).add(BigInteger.valueOf(i)));
        return n.toString();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static AttributeValue m(Object... keysAndValues) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (AttributeValue) keysAndValues[i + 1]);
        }
        return AttributeValue.fromM(map);
    }
}
