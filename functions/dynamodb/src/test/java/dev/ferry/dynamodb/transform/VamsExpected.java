package dev.ferry.dynamodb.transform;

import dev.ferry.testkit.VamsAssets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the VAMS v2.2 -> v2.3 rules (written out by hand, independently of the example's expressions) make of an asset. */
final class VamsExpected {
    private VamsExpected() {
    }

    /** The asset as v2.3 stores it; a v2.3 asset (no currentVersion) unchanged. */
    static Map<String, AttributeValue> asset(Map<String, AttributeValue> v22, String bucket) {
        if (!v22.containsKey("currentVersion")) {
            return v22;
        }
        Map<String, AttributeValue> expected = new LinkedHashMap<>(v22);
        VamsAssets.REMOVED.forEach(expected::remove);
        expected.put("assetLocation", AttributeValue.fromM(Map.of("Key", AttributeValue.fromS(v22.get("assetId").s() + "/"),
                "Bucket", AttributeValue.fromS(bucket))));
        if (v22.containsKey("previewLocation")) {
            expected.put("previewLocation", AttributeValue.fromM(Map.of("Key", v22.get("previewLocation").m().get("Key"),
                    "Bucket", AttributeValue.fromS(bucket))));
        }
        expected.put("currentVersionId", v22.get("currentVersion").m().get("Version"));
        return expected;
    }

    /** The record v2.3's asset versions table holds for a v2.2 asset; null for a v2.3 asset. */
    static Map<String, AttributeValue> version(Map<String, AttributeValue> v22) {
        if (!v22.containsKey("currentVersion")) {
            return null;
        }
        Map<String, AttributeValue> cv = v22.get("currentVersion").m();
        Map<String, AttributeValue> version = new LinkedHashMap<>();
        version.put("assetId", v22.get("assetId"));
        version.put("assetVersionId", cv.get("Version"));
        version.put("databaseId", v22.get("databaseId"));
        version.put("dateCreated", cv.get("DateModified"));
        if (cv.containsKey("Comment")) {
            version.put("comment", cv.get("Comment"));
        }
        version.put("description", cv.get("description"));
        version.put("createdBy", cv.get("createdBy"));
        version.put("specifiedPipelines", cv.get("specifiedPipelines"));
        version.put("isCurrentVersion", AttributeValue.fromBool(true));
        return version;
    }
}
