package dev.ferry.dynamodb.copy;

import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.RetryBudgetExhaustedException;
import dev.ferry.core.util.Backoff;
import dev.ferry.core.util.RateLimiter;
import dev.ferry.dynamodb.support.Aws;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Reads one parallel-scan segment a page at a time, within a read-rate cap, retrying throttling,
 * 5xx and network faults with exponential backoff and full jitter.
 */
final class Scanner {
    private static final int MAX_ATTEMPTS = 10;

    private final DynamoDbClient ddb;
    private final String table;
    private final int segment;
    private final int totalSegments;
    private final boolean countOnly;
    private final RateLimiter readRate;
    private final Backoff backoff;
    private final String what;

    private Integer pageLimit;
    private boolean consistentRead;

    Scanner(DynamoDbClient ddb, String table, int segment, int totalSegments, boolean countOnly, RateLimiter readRate,
            Backoff.Sleeper sleeper, String what) {
        this.ddb = ddb;
        this.table = table;
        this.segment = segment;
        this.totalSegments = totalSegments;
        this.countOnly = countOnly;
        this.readRate = readRate;
        this.backoff = new Backoff(50, 5_000, sleeper);
        this.what = what;
    }

    /** At most {@code items} items a page (so a rate-capped page is written well within the time budget). */
    Scanner pageLimit(Integer items) {
        this.pageLimit = items;
        return this;
    }

    /** Strongly consistent reads: verification must see every write the copy made. */
    Scanner consistent() {
        this.consistentRead = true;
        return this;
    }

    /** The page after {@code startKey} (empty or null: the first page). */
    ScanResponse page(Map<String, AttributeValue> startKey) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(table)
                .segment(segment)
                .totalSegments(totalSegments)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (startKey != null && !startKey.isEmpty()) {
            request.exclusiveStartKey(startKey);
        }
        if (countOnly) {
            request.select(Select.COUNT);
        }
        if (pageLimit != null) {
            request.limit(pageLimit);
        }
        if (consistentRead) {
            request.consistentRead(true);
        }
        ScanRequest built = request.build();
        for (int attempt = 0; ; attempt++) {
            try {
                ScanResponse page = ddb.scan(built);
                readRate.acquire(consumed(page));
                return page;
            } catch (SdkException e) {
                if (!Aws.retryable(e)) {
                    throw new FerryException("reading " + what + " failed and cannot be retried (" + Aws.describe(e)
                            + "): " + e.getMessage() + ". The run is rolled back: fix the cause and start the copy again", e);
                }
                if (attempt + 1 >= MAX_ATTEMPTS) {
                    throw new RetryBudgetExhaustedException("reading " + what + ": the next page could not be read after "
                            + MAX_ATTEMPTS + " attempts (last: " + Aws.describe(e) + "). Everything before it is copied and "
                            + "checkpointed, and the step is retried from there. If this keeps happening, raise the table's "
                            + "read capacity or lower options.maxReadUnitsPerSecond.", e);
                }
                backoff.pause(attempt);
            }
        }
    }

    private static double consumed(ScanResponse page) {
        if (page.consumedCapacity() != null && page.consumedCapacity().capacityUnits() != null) {
            return page.consumedCapacity().capacityUnits();
        }
        long bytes = 0;
        if (page.hasItems()) {
            for (Map<String, AttributeValue> item : page.items()) {
                bytes += ItemCodec.itemSizeBytes(item);
            }
        }
        return ItemCodec.readCapacityUnits(bytes, false);
    }
}
