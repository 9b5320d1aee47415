package dev.ferry.dynamodb.support;

import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** DescribeTable as the handlers need it: a missing table is an answer, throttling a retry. */
public final class Tables {
    private Tables() {
    }

    /** The table's description, or empty when it does not exist. */
    public static Optional<TableDescription> find(DynamoDbClient client, String table) {
        try {
            return Optional.of(Aws.transientOnRetryable("DescribeTable " + table,
                    () -> client.describeTable(b -> b.tableName(table)).table()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
