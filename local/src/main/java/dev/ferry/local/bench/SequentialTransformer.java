package dev.ferry.local.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The benchmark's reference for dynamodb-transform: how the VAMS v2.2 to v2.3 migration script works. One
 * sequential Scan of the assets table, page after page; for every asset that still has {@code currentVersion},
 * one PutItem of its version record into the versions table, then one UpdateItem of the asset (its new
 * assetLocation, previewLocation and currentVersionId, and the v2.2 fields removed). No rollback data, no
 * conditions, no verification: only the work itself.
 */
public final class SequentialTransformer {
    static final List<String> REMOVED = List.of("isMultiFile", "pipelineId", "executionId", "versions", "currentVersion",
            "specifiedPipelines", "Parent", "objectFamily");

    private final DynamoDbClient ddb;
    private final String bucket;

    public SequentialTransformer(DynamoDbClient ddb, String bucket) {
        this.ddb = ddb;
        this.bucket = bucket;
    }

    /** Migrates every v2.2 asset of {@code assets}; returns how many assets it read. */
    public long migrate(String assets, String versions) {
        long read = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            ScanResponse page = ddb.scan(b -> b.tableName(assets).exclusiveStartKey(exclusiveStart));
            for (Map<String, AttributeValue> asset : page.items()) {
                read++;
                AttributeValue current = asset.get("currentVersion");
                if (current == null || current.m() == null) {
                    continue;
                }
                ddb.putItem(b -> b.tableName(versions).item(version(asset, current.m())));
                update(assets, asset, current.m());
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return read;
    }

    private static Map<String, AttributeValue> version(Map<String, AttributeValue> asset, Map<String, AttributeValue> cv) {
        Map<String, AttributeValue> v = new LinkedHashMap<>();
        v.put("assetId", asset.get("assetId"));
        v.put("assetVersionId", cv.get("Version"));
        v.put("databaseId", asset.get("databaseId"));
        putIfPresent(v, "dateCreated", cv.get("DateModified"));
        putIfPresent(v, "comment", cv.get("Comment"));
        putIfPresent(v, "description", cv.get("description"));
        putIfPresent(v, "createdBy", cv.get("createdBy"));
        putIfPresent(v, "specifiedPipelines", cv.get("specifiedPipelines"));
        v.put("isCurrentVersion", AttributeValue.fromBool(true));
        return v;
    }

    private void update(String assets, Map<String, AttributeValue> asset, Map<String, AttributeValue> cv) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET assetLocation = :loc, currentVersionId = :v");
        values.put(":loc", AttributeValue.fromM(Map.of("Key", AttributeValue.fromS(asset.get("assetId").s() + "/"),
                "Bucket", AttributeValue.fromS(bucket))));
        values.put(":v", cv.get("Version"));
        AttributeValue preview = asset.get("previewLocation");
        if (preview != null && preview.m() != null) {
            set.append(", previewLocation = :pl");
            Map<String, AttributeValue> pl = new LinkedHashMap<>();
            putIfPresent(pl, "Key", preview.m().get("Key"));
            pl.put("Bucket", AttributeValue.fromS(bucket));
            values.put(":pl", AttributeValue.fromM(pl));
        }
        StringBuilder remove = new StringBuilder(" REMOVE ");
        for (int i = 0; i < REMOVED.size(); i++) {
            names.put("#r" + i, REMOVED.get(i));
            remove.append(i == 0 ? "" : ", ").append("#r").append(i);
        }
        ddb.updateItem(b -> b.tableName(assets)
                .key(Map.of("databaseId", asset.get("databaseId"), "assetId", asset.get("assetId")))
                .updateExpression(set + remove.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    private static void putIfPresent(Map<String, AttributeValue> map, String name, AttributeValue value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
