package dev.ferry.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The benchmark's reference: how the copy scripts Ferry replaces work (one Scan, page after
 * page, and 25-item BatchWriteItem calls one after another), made correct by retrying
 * unprocessed items so that both copiers do the same work.
 */
public final class SequentialCopier {
    private final DynamoDbClient source;
    private final DynamoDbClient destination;

    public SequentialCopier(DynamoDbClient source, DynamoDbClient destination) {
        this.source = source;
        this.destination = destination;
    }

    /**
     * Copies one table as a process of its own (for {@code ferry bench copy}): {@code <source table>
     * <destination table>}, regions from SOURCE_REGION and DESTINATION_REGION, the rest from the SDK's standard
     * settings (AWS_ENDPOINT_URL_DYNAMODB, credentials).
     */
    public static void main(String[] args) {
        try (DynamoDbClient source = DynamoDbClient.builder().region(software.amazon.awssdk.regions.Region.of(System.getenv("SOURCE_REGION"))).build();
             DynamoDbClient destination = DynamoDbClient.builder().region(software.amazon.awssdk.regions.Region.of(System.getenv("DESTINATION_REGION"))).build()) {
            System.out.println(new SequentialCopier(source, destination).copy(args[0], args[1]));
        }
    }

    /** Copies every item; returns how many. */
    public long copy(String sourceTable, String destinationTable) {
        long copied = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            ScanResponse page = source.scan(b -> b.tableName(sourceTable).exclusiveStartKey(exclusiveStart));
            List<WriteRequest> batch = new ArrayList<>(25);
            for (Map<String, AttributeValue> item : page.items()) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == 25) {
                    write(destinationTable, batch);
                    batch = new ArrayList<>(25);
                }
            }
            if (!batch.isEmpty()) {
                write(destinationTable, batch);
            }
            copied += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return copied;
    }

    private void write(String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = destination.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }
}
