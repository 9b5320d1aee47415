package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code failed-keys.json}: the items a run's transform failed on for good, written by its report. A later
 * run takes it as {@code options.keysFrom} and transforms exactly those items.
 *
 * @param runId the run that wrote it
 * @param table the table the keys belong to
 * @param keys the items' keys, in DynamoDB JSON
 * @param failures why each failed, in the same order
 */
record FailedKeys(String runId, String table, List<JsonNode> keys, List<UnitState.FailedItem> failures) {
    static final String FILE = "failed-keys.json";

    FailedKeys {
        keys = keys == null ? List.of() : List.copyOf(keys);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** The manifest at {@code location} (s3://bucket/key or a file path), or empty when there is none. */
    static Optional<FailedKeys> read(String location, Supplier<S3Client> s3, AwsCalls calls) {
        return dev.ferry.core.report.ReportSinks.readFile(location, s3, calls).map(bytes -> {
            try {
                return Json.MAPPER.readValue(bytes, FailedKeys.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("is not a failed-keys.json written by a dynamodb-transform report ("
                        + e.getMessage() + ")");
            }
        });
    }

    Map<String, AttributeValue> key(int i) {
        return ItemCodec.fromJson(keys.get(i));
    }

}
