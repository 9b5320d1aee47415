package dev.ferry.core.dynamodb;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.RetryBudgetExhaustedException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads items of one table by key with BatchGetItem: 100 keys a request, strongly consistent unless
 * told otherwise, every unprocessed key and every throttling or 5xx answer retried with backoff
 * (classified and paced by {@link AwsCalls}), within a read-rate cap. It never drops a key: when the
 * retry budget is spent it fails naming how many keys are left, as {@link BatchWriter} does for writes.
 */
public final class BatchReader {
    /** BatchGetItem's limit of keys per request. */
    public static final int MAX_KEYS = 100;

    private final DynamoDbClient ddb;
    private final String table;
    private final String what;
    private final RateLimiter readRate;
    private final AwsCalls calls;
    private final boolean consistent;

    /**
     * @param what how to name this work in an error (table and segment), with no item data
     * @param consistent strongly consistent reads (they see every write acknowledged before them)
     */
    public BatchReader(DynamoDbClient ddb, String table, String what, RateLimiter readRate, AwsCalls calls, boolean consistent) {
        this.ddb = ddb;
        this.table = table;
        this.what = what;
        this.readRate = readRate;
        this.calls = calls;
        this.consistent = consistent;
    }

    /**
     * The items with these keys, by {@link #keyId}; a key with no item has no entry. Duplicate keys
     * are read once.
     *
     * @param keys item keys (just the key attributes, or whole items: only {@code keyNames} are sent)
     * @param keyNames the table's key attribute names
     */
    public Map<String, Map<String, AttributeValue>> read(Collection<Map<String, AttributeValue>> keys, List<String> keyNames) {
        Map<String, Map<String, AttributeValue>> distinct = new LinkedHashMap<>();
        for (Map<String, AttributeValue> key : keys) {
            Map<String, AttributeValue> only = new TreeMap<>();
            for (String name : keyNames) {
                AttributeValue v = key.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("a key to read from " + table + " lacks its key attribute " + name);
                }
                only.put(name, v);
            }
            distinct.putIfAbsent(keyId(only, keyNames), only);
        }
        Map<String, Map<String, AttributeValue>> found = new LinkedHashMap<>();
        List<Map<String, AttributeValue>> all = new ArrayList<>(distinct.values());
        for (int i = 0; i < all.size(); i += MAX_KEYS) {
            for (Map<String, AttributeValue> item : readBatch(all.subList(i, Math.min(all.size(), i + MAX_KEYS)))) {
                found.put(keyId(item, keyNames), item);
            }
        }
        return found;
    }

    private List<Map<String, AttributeValue>> readBatch(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> out = new ArrayList<>(keys.size());
        List<Map<String, AttributeValue>> pending = new ArrayList<>(keys);
        int withoutProgress = 0;
        int attempt = 0;
        while (!pending.isEmpty()) {
            List<Map<String, AttributeValue>> request = pending;
            BatchGetItemResponse response;
            try {
                response = calls.call("reading " + what, "If this keeps happening, raise the table's read capacity or lower "
                        + "options.maxReadUnitsPerSecond.", () -> ddb.batchGetItem(b -> b
                        .requestItems(Map.of(table, KeysAndAttributes.builder().keys(request).consistentRead(consistent).build()))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
            } catch (RetryBudgetExhaustedException e) {
                throw e;
            } catch (SdkException e) {
                throw new FerryException("reading " + what + " failed and cannot be retried (" + AwsErrors.describe(e) + "): "
                        + AwsErrors.firstLine(e.getMessage()) + ". The run is rolled back: fix the cause and start it again", e);
            }
            List<Map<String, AttributeValue>> items = response.hasResponses() ? response.responses().getOrDefault(table, List.of()) : List.of();
            out.addAll(items);
            readRate.acquire(consumed(response, items));
            KeysAndAttributes left = response.hasUnprocessedKeys() ? response.unprocessedKeys().get(table) : null;
            List<Map<String, AttributeValue>> unprocessed = left == null || !left.hasKeys() ? List.of() : left.keys();
            withoutProgress = unprocessed.size() < request.size() ? 0 : withoutProgress + 1;
            if (!unprocessed.isEmpty() && withoutProgress >= calls.attempts()) {
                throw new RetryBudgetExhaustedException("reading " + what + ": " + unprocessed.size() + " of " + keys.size()
                        + " keys came back unprocessed " + withoutProgress + " times in a row; nothing was lost, the step is "
                        + "retried from its last checkpoint. If this keeps happening, raise the table's read capacity.");
            }
            pending = new ArrayList<>(unprocessed);
            if (!pending.isEmpty()) {
                calls.pause(attempt++);
            }
        }
        return out;
    }

    private double consumed(BatchGetItemResponse response, List<Map<String, AttributeValue>> items) {
        if (response.hasConsumedCapacity()) {
            double units = 0;
            for (ConsumedCapacity c : response.consumedCapacity()) {
                units += c.capacityUnits() == null ? 0 : c.capacityUnits();
            }
            if (units > 0) {
                return units;
            }
        }
        double units = 0;
        for (Map<String, AttributeValue> item : items) {
            units += ItemCodec.readCapacityUnits(ItemCodec.itemSizeBytes(item), consistent);
        }
        return units;
    }

    /**
     * A string that identifies an item by its key attributes: equal for two items with the same key,
     * whatever their other attributes and however the key's values are written ({@code "1.0"} and
     * {@code "1"} are one number).
     */
    public static String keyId(Map<String, AttributeValue> item, List<String> keyNames) {
        Map<String, AttributeValue> key = new TreeMap<>();
        for (String name : keyNames) {
            AttributeValue v = item.get(name);
            if (v == null) {
                throw new IllegalArgumentException("the item lacks its key attribute " + name);
            }
            key.put(name, v);
        }
        return Base64.getEncoder().encodeToString(ItemCodec.canonicalBytes(key));
    }
}
