package dev.ferry.core.dynamodb;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.RetryBudgetExhaustedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads items of one table by key with BatchGetItem: 100 keys a request, strongly consistent, unprocessed
 * keys retried with backoff until every key is answered (found or not), throttling and 5xx retried
 * through {@link AwsCalls}, within a read-rate cap. It never reports a key as absent that it did not get
 * an answer for.
 */
public final class BatchGetter {
    /** BatchGetItem's limit of keys a request. */
    public static final int MAX_KEYS = 100;

    private final DynamoDbClient ddb;
    private final String table;
    private final List<String> keyAttributes;
    private final boolean keysOnly;
    private final RateLimiter readRate;
    private final AwsCalls calls;
    private final String what;

    /**
     * @param keyAttributes the table's key attribute names (partition key, then sort key if any)
     * @param keysOnly fetch only the key attributes (to learn whether items exist, at a fraction of the transfer)
     * @param what how to name this work in an error (table and segment), with no item data
     */
    public BatchGetter(DynamoDbClient ddb, String table, List<String> keyAttributes, boolean keysOnly, RateLimiter readRate,
                       AwsCalls calls, String what) {
        this.ddb = ddb;
        this.table = table;
        this.keyAttributes = List.copyOf(keyAttributes);
        this.keysOnly = keysOnly;
        this.readRate = readRate;
        this.calls = calls;
        this.what = what;
    }

    /** The key of {@code item}: its key attributes only. */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>(keyAttributes.size() * 2);
        for (String name : keyAttributes) {
            key.put(name, item.get(name));
        }
        return key;
    }

    /**
     * The items with these keys that exist, by key (the keys as {@link #keyOf} makes them); a key absent
     * from the result has no item.
     */
    public Map<Map<String, AttributeValue>, Map<String, AttributeValue>> get(List<Map<String, AttributeValue>> keys) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = new HashMap<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i += MAX_KEYS) {
            fetch(keys.subList(i, Math.min(keys.size(), i + MAX_KEYS)), found);
        }
        return found;
    }

    private void fetch(List<Map<String, AttributeValue>> keys, Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found) {
        List<Map<String, AttributeValue>> pending = new ArrayList<>(keys);
        int withoutProgress = 0;
        int attempt = 0;
        while (!pending.isEmpty()) {
            KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(pending).consistentRead(true);
            if (keysOnly) {
                Map<String, String> names = new HashMap<>();
                List<String> projection = new ArrayList<>();
                for (int i = 0; i < keyAttributes.size(); i++) {
                    names.put("#k" + i, keyAttributes.get(i));
                    projection.add("#k" + i);
                }
                request.projectionExpression(String.join(", ", projection)).expressionAttributeNames(names);
            }
            KeysAndAttributes built = request.build();
            BatchGetItemResponse response;
            try {
                response = calls.call("reading " + what, "If this keeps happening, raise the table's read capacity or lower "
                        + "options.maxReadUnitsPerSecond.", () -> ddb.batchGetItem(b -> b.requestItems(Map.of(table, built))
                        .returnConsumedCapacity(software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.TOTAL)));
            } catch (SdkException e) {
                throw new FerryException("reading " + what + " failed and cannot be retried (" + AwsErrors.describe(e)
                        + "): " + AwsErrors.firstLine(e.getMessage()), e);
            }
            double units = 0;
            if (response.hasConsumedCapacity()) {
                units = response.consumedCapacity().stream().mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
            }
            readRate.acquire(units);
            List<Map<String, AttributeValue>> items = response.hasResponses() ? response.responses().getOrDefault(table, List.of()) : List.of();
            for (Map<String, AttributeValue> item : items) {
                found.put(keyOf(item), item);
            }
            List<Map<String, AttributeValue>> unprocessed = response.hasUnprocessedKeys() && response.unprocessedKeys().containsKey(table)
                    ? response.unprocessedKeys().get(table).keys() : List.of();
            withoutProgress = unprocessed.size() < pending.size() ? 0 : withoutProgress + 1;
            pending = new ArrayList<>(unprocessed);
            if (!pending.isEmpty()) {
                if (withoutProgress >= calls.attempts()) {
                    throw new RetryBudgetExhaustedException("reading " + what + ": " + pending.size() + " keys came back "
                            + "unprocessed " + withoutProgress + " times in a row; the step is retried from its last checkpoint. "
                            + "If this keeps happening, raise the table's read capacity or lower options.maxReadUnitsPerSecond.");
                }
                calls.pause(attempt++);
            }
        }
    }
}
