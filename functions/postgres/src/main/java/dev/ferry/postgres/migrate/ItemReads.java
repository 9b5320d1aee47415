package dev.ferry.postgres.migrate;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.dynamodb.BatchGetter;
import dev.ferry.core.dynamodb.RateLimiter;
import dev.ferry.core.util.Hashing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items by key (core's {@link BatchGetter}: strongly consistent, every key answered), indexed by key digest. */
final class ItemReads {
    private ItemReads() {
    }

    /** A key's identity: the digest of its canonical encoding (numbers compared by value). */
    static String id(Map<String, AttributeValue> key) {
        return Hashing.sha256Hex(ItemCodec.canonicalBytes(key));
    }

    /** The items that exist among {@code keys}, by {@link #id}. */
    static Map<String, Map<String, AttributeValue>> get(DynamoDbClient ddb, AwsCalls calls, String table, List<Map<String, AttributeValue>> keys,
                                                        List<String> keyAttributes) {
        Map<String, Map<String, AttributeValue>> unique = new LinkedHashMap<>();
        keys.forEach(k -> unique.putIfAbsent(id(k), k));
        BatchGetter getter = new BatchGetter(ddb, table, keyAttributes, false, RateLimiter.unlimited(), calls, "items of " + table);
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        getter.get(new ArrayList<>(unique.values())).forEach((key, item) -> found.put(id(key), item));
        return found;
    }
}
