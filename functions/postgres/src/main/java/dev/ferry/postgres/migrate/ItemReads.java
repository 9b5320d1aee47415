package dev.ferry.postgres.migrate;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.util.Hashing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Items by key with BatchGetItem (100 keys a call, strongly consistent, unprocessed keys retried). */
final class ItemReads {
    private ItemReads() {
    }

    /** A key's identity: the digest of its canonical encoding. */
    static String id(Map<String, AttributeValue> key) {
        return Hashing.sha256Hex(ItemCodec.canonicalBytes(key));
    }

    /** The items that exist among {@code keys}, by {@link #id}. */
    static Map<String, Map<String, AttributeValue>> get(DynamoDbClient ddb, AwsCalls calls, String table, List<Map<String, AttributeValue>> keys,
                                                        List<String> keyAttributes) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, Map<String, AttributeValue>> unique = new LinkedHashMap<>();
        keys.forEach(k -> unique.putIfAbsent(id(k), k));
        List<Map<String, AttributeValue>> distinct = new ArrayList<>(unique.values());
        for (int i = 0; i < distinct.size(); i += 100) {
            List<Map<String, AttributeValue>> chunk = distinct.subList(i, Math.min(distinct.size(), i + 100));
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(chunk).consistentRead(true).build());
            for (int attempt = 0; pending != null && !pending.isEmpty(); attempt++) {
                if (attempt == calls.attempts()) {
                    throw new TransientException("reading items of " + table + ": keys kept coming back unprocessed; the step is retried");
                }
                if (attempt > 0) {
                    calls.pause(attempt - 1);
                }
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = calls.call("BatchGetItem " + table, () -> ddb.batchGetItem(b -> b.requestItems(request)));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    Map<String, AttributeValue> key = new LinkedHashMap<>();
                    keyAttributes.forEach(a -> key.put(a, item.get(a)));
                    found.put(id(key), item);
                }
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
            }
        }
        return found;
    }
}
