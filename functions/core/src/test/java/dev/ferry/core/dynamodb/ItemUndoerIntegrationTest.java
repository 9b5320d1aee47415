package dev.ferry.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.rollback.Rollback;
import dev.ferry.core.rollback.RollbackRequest;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.testkit.DynamoDbLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class ItemUndoerIntegrationTest {
    private static final String TABLE = "item-undo-test";
    private static DynamoDbClient ddb;
    private static RunLedger ledger;
    private static Dependencies deps;

    @BeforeAll
    static void setUp() {
        ddb = DynamoDbLocal.get().client("us-east-1");
        ledger = new RunLedger(ddb, "ledger-item-undo", new AwsCalls(millis -> { }));
        ledger.ensureTable();
        deps = Dependencies.builder().clients(ClientFactory.defaults()).ledgerTable("ledger-item-undo").reportsLocation("target/r")
                .sleeper(millis -> { }).build();
        ddb.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    private static Map<String, AttributeValue> item(String id, String value) {
        return Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(value));
    }

    @Test
    void rollBack_whenARunAddedOverwroteAndDeletedItems_putsTheTableBackAsItWas() {
        // GIVEN a table the run did not create, holding a and b
        ddb.putItem(b -> b.tableName(TABLE).item(item("a", "old-a")));
        ddb.putItem(b -> b.tableName(TABLE).item(item("b", "old-b")));
        ledger.startOrResume("items-run", "test", "h");
        Side side = Side.of("us-east-1");
        List<Map<String, AttributeValue>> keys = List.of(Map.of("id", AttributeValue.fromS("a")), Map.of("id", AttributeValue.fromS("c")));
        // WHEN the run records, then overwrites a and adds c, then (another change) deletes b, and a retried page records again
        String first = ItemChanges.recordBefore(ledger, "items-run", side, TABLE, List.of(keys.get(1)), List.of(item("a", "old-a")), keys);
        ddb.putItem(b -> b.tableName(TABLE).item(item("a", "new-a")));
        ddb.putItem(b -> b.tableName(TABLE).item(item("c", "new-c")));
        ItemChanges.done(ledger, "items-run", first);
        ItemChanges.recordBefore(ledger, "items-run", side, TABLE, List.of(), List.of(item("a", "new-a")), keys); // same keys: ignored
        String second = ItemChanges.recordBefore(ledger, "items-run", side, TABLE, List.of(), List.of(item("b", "old-b")),
                List.of(Map.of("id", AttributeValue.fromS("b"))));
        ddb.deleteItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("b"))));
        ItemChanges.done(ledger, "items-run", second);

        new Rollback(deps, ledger).rollBack(new RollbackRequest("items-run", null, null, null, true, false));

        // THEN
        List<Map<String, AttributeValue>> now = new ArrayList<>(ddb.scan(b -> b.tableName(TABLE)).items());
        assertThat(now).containsExactlyInAnyOrder(item("a", "old-a"), item("b", "old-b"));
        assertThat(ledger.resources("items-run")).allSatisfy(r -> assertThat(r.status()).isEqualTo(ResourceStatus.ROLLED_BACK));
    }
}
