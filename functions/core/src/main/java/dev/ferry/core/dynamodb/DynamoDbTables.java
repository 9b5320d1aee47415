package dev.ferry.core.dynamodb;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.TransientException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * DynamoDB tables as every workflow needs them: describe (a missing table is an answer, a fault a
 * retry), wait until ACTIVE, and the ledger's resource type and key of a table a run creates.
 */
public final class DynamoDbTables {
    /** The ledger's resource type of a table a run created; {@link TableUndoer} removes it. */
    public static final String RESOURCE_TYPE = "dynamodb:table";

    private DynamoDbTables() {
    }

    /** Ledger key of a table: unique per region, role and name. */
    public static String resourceKey(Side side, String table) {
        return RESOURCE_TYPE + ":" + (side.region() == null ? "default" : side.region()) + ":"
                + (side.roleArn() == null ? "caller" : side.roleArn()) + ":" + table;
    }

    /** The table's description, or empty when it does not exist. */
    public static Optional<TableDescription> find(AwsCalls calls, DynamoDbClient client, String table) {
        try {
            return Optional.of(calls.call("DescribeTable " + table, () -> client.describeTable(b -> b.tableName(table)).table()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** ACTIVE, and so is every global secondary index. */
    public static boolean active(TableDescription t) {
        boolean indexesActive = !t.hasGlobalSecondaryIndexes() || t.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexStatus).allMatch(s -> s == null || s == IndexStatus.ACTIVE);
        return t.tableStatus() == TableStatus.ACTIVE && indexesActive;
    }

    /**
     * Waits until the table and its indexes are ACTIVE, for at most {@code maxWait} (the time the
     * invocation can spare); then the step is retried and waits on.
     *
     * @throws TransientException when the table is not ACTIVE in time, or has disappeared
     */
    public static TableDescription waitActive(AwsCalls calls, DynamoDbClient client, String table, Duration maxWait) {
        return calls.waitFor("table " + table + " becoming ACTIVE", maxWait, () -> {
            Optional<TableDescription> t = find(calls, client, table);
            if (t.isEmpty()) {
                throw new TransientException("table " + table + " does not exist (yet); the step is retried");
            }
            return t.filter(DynamoDbTables::active);
        });
    }

    /** Whether the table holds at least one item. */
    public static boolean hasItems(AwsCalls calls, DynamoDbClient client, String table) {
        return calls.call("Scan " + table, () -> client.scan(b -> b.tableName(table).limit(1)).count() > 0);
    }
}
