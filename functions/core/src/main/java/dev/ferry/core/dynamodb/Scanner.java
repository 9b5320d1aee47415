package dev.ferry.core.dynamodb;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.codec.ItemJson;
import dev.ferry.core.errors.FerryException;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Reads one parallel-scan segment a page at a time, within a read-rate cap; throttling, 5xx and
 * network faults are retried through {@link AwsCalls}.
 */
public final class Scanner {
    private final DynamoDbClient ddb;
    private final String table;
    private final int segment;
    private final int totalSegments;
    private final boolean countOnly;
    private final RateLimiter readRate;
    private final AwsCalls calls;
    private final String what;

    private Integer pageLimit;
    private boolean consistentRead;
    private java.util.List<String> projection;

    /**
     * @param countOnly read counts only ({@code Select.COUNT}), no items
     * @param what how to name this work in an error (table and segment), with no item data
     */
    public Scanner(DynamoDbClient ddb, String table, int segment, int totalSegments, boolean countOnly, RateLimiter readRate,
                   AwsCalls calls, String what) {
        this.ddb = ddb;
        this.table = table;
        this.segment = segment;
        this.totalSegments = totalSegments;
        this.countOnly = countOnly;
        this.readRate = readRate;
        this.calls = calls;
        this.what = what;
    }

    /** At most {@code items} items a page (so a rate-capped page is written well within the time budget). */
    public Scanner pageLimit(Integer items) {
        this.pageLimit = items;
        return this;
    }

    /** Strongly consistent reads: verification must see every write the copy made. */
    public Scanner consistent() {
        this.consistentRead = true;
        return this;
    }

    /** Read only these attributes (e.g. the key attributes: what exists, at a fraction of the transfer). */
    public Scanner projecting(java.util.List<String> attributes) {
        this.projection = java.util.List.copyOf(attributes);
        return this;
    }

    /** The page after {@code startKey} (empty or null: the first page). */
    public ScanResponse page(Map<String, AttributeValue> startKey) {
        return page(startKey, null);
    }

    /** A page's items, each as DynamoDB's JSON with its size, and the key of the next page (empty after the last). */
    public record Page(java.util.List<ItemJson> items, Map<String, AttributeValue> nextKey) {
    }

    /**
     * The page after {@code startKey}, each item as the JSON DynamoDB wrote it where the client carries
     * {@link ScanPages} (an answer left to the SDK is converted to the same form).
     */
    public Page items(Map<String, AttributeValue> startKey) {
        ScanPages.PageJson read = new ScanPages.PageJson();
        ScanResponse response = page(startKey, read);
        return new Page(read.filled() ? read.list() : response.items().stream().map(ItemJson::of).toList(),
                response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
    }

    /**
     * The page after {@code startKey}, its items handed to {@code sink} as they are read when the client carries
     * {@link ScanPages} (then the response holds no items); when {@code sink} is null or left unfilled, the
     * response holds them as usual.
     */
    public ScanResponse page(Map<String, AttributeValue> startKey, ScanPages.PageSink sink) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(table)
                .segment(segment)
                .totalSegments(totalSegments);
        if (readRate.isLimited()) {
            // only a read cap needs the page's cost; asking for it costs DynamoDB Local about 15% more CPU a page
            request.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        }
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
        if (projection != null && !countOnly) {
            Map<String, String> names = new java.util.HashMap<>();
            java.util.List<String> refs = new java.util.ArrayList<>();
            for (int i = 0; i < projection.size(); i++) {
                names.put("#p" + i, projection.get(i));
                refs.add("#p" + i);
            }
            request.projectionExpression(String.join(", ", refs)).expressionAttributeNames(names);
        }
        if (sink != null) {
            request.overrideConfiguration(o -> o.putExecutionAttribute(ScanPages.PAGE, sink));
        }
        ScanRequest built = request.build();
        ScanResponse page;
        try {
            page = calls.call("reading " + what, "If this keeps happening, raise the table's read capacity or lower "
                    + "options.maxReadUnitsPerSecond.", () -> ddb.scan(built));
        } catch (SdkException e) {
            throw new FerryException("reading " + what + " failed and cannot be retried (" + AwsErrors.describe(e)
                    + "): " + AwsErrors.firstLine(e.getMessage()) + ". The run is rolled back: fix the cause and start it again", e);
        }
        readRate.acquire(consumed(page, sink));
        return page;
    }

    private double consumed(ScanResponse page, ScanPages.PageSink sink) {
        if (!readRate.isLimited()) {
            return 0;
        }
        if (page.consumedCapacity() != null && page.consumedCapacity().capacityUnits() != null) {
            return page.consumedCapacity().capacityUnits();
        }
        long bytes = 0;
        if (sink instanceof ScanPages.PageJson read && read.filled()) {
            for (ItemJson item : read.list()) {
                bytes += item.size();
            }
        }
        for (Map<String, AttributeValue> item : page.items()) {
            bytes += ItemCodec.itemSizeBytes(item);
        }
        return ItemCodec.readCapacityUnits(bytes, false);
    }
}
