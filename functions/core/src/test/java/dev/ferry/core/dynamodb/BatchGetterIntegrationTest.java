package dev.ferry.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.RetryBudgetExhaustedException;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.FaultInjector;
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

class BatchGetterIntegrationTest {
    private static final List<String> KEYS = List.of("pk", "sk");
    private static final FaultInjector FAULTS = new FaultInjector(7);
    private static DynamoDbClient faulty;

    @BeforeAll
    static void table() {
        DynamoDbClient ddb = DynamoDbLocal.get().client();
        ddb.createTable(b -> b.tableName("batch-reader").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        for (int i = 0; i < 250; i++) {
            int n = i;
            ddb.putItem(b -> b.tableName("batch-reader").item(Map.of("pk", AttributeValue.fromS("p" + (n % 7)),
                    "sk", AttributeValue.fromN(Integer.toString(n)), "v", AttributeValue.fromS("value " + n))));
        }
        faulty = ClientFactory.builder().addInterceptor(FAULTS).build().dynamo(Side.of("us-east-1"));
    }

    private static Map<String, AttributeValue> key(int n) {
        return Map.of("pk", AttributeValue.fromS("p" + (n % 7)), "sk", AttributeValue.fromN(Integer.toString(n)));
    }

    @Test
    void read_whenMoreKeysThanOneRequestWithFaults_findsEveryItemOnceAndLeavesOutMissingOnes() {
        // GIVEN 250 keys that exist, one given twice (as "7.0"), and 20 that do not; throttling and 500s
        FAULTS.clear().throttle("BatchGetItem", 0.2).serverErrors("BatchGetItem", 0.1);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 270; i++) {
            keys.add(key(i));
        }
        keys.add(Map.of("pk", AttributeValue.fromS("p0"), "sk", AttributeValue.fromN("7.0")));
        BatchGetter reader = new BatchGetter(faulty, "batch-reader", KEYS, false, RateLimiter.unlimited(),
                new AwsCalls(millis -> { }), "batch-reader (test)");

        // WHEN
        Map<String, Map<String, AttributeValue>> found = reader.read(keys);

        // THEN
        assertThat(found).hasSize(250);
        assertThat(found.get(BatchGetter.keyId(key(42), KEYS))).containsEntry("v", AttributeValue.fromS("value 42"));
        assertThat(found).doesNotContainKey(BatchGetter.keyId(key(260), KEYS));
        assertThat(FAULTS.injectedErrors()).isPositive();
    }

    @Test
    void read_whenEveryCallThrottled_failsRetryablyNamingTheWork() {
        FAULTS.clear().throttle("BatchGetItem", 1.0);
        BatchGetter reader = new BatchGetter(faulty, "batch-reader", KEYS, false, RateLimiter.unlimited(),
                new AwsCalls(millis -> { }, 3), "batch-reader segment 1/1");

        assertThatThrownBy(() -> reader.read(List.of(key(1))))
                .isInstanceOf(RetryBudgetExhaustedException.class)
                .hasMessageContaining("batch-reader segment 1/1");
        FAULTS.clear();
    }

    @Test
    void keyId_whenSameKeyWrittenDifferently_isEqual() {
        assertThat(BatchGetter.keyId(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1.50"),
                "other", AttributeValue.fromS("x")), KEYS))
                .isEqualTo(BatchGetter.keyId(Map.of("sk", AttributeValue.fromN("1.5"), "pk", AttributeValue.fromS("a")), KEYS))
                .isNotEqualTo(BatchGetter.keyId(Map.of("sk", AttributeValue.fromN("2"), "pk", AttributeValue.fromS("a")), KEYS));
    }
}
