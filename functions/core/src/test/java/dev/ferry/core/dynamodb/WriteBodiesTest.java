package dev.ferry.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.codec.ItemJson;
import dev.ferry.core.json.Json;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.FaultInjector;
import dev.ferry.testkit.SampleTables;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * Items read as DynamoDB's JSON and written back in a body of Ferry's arrive exactly as they were (every attribute
 * type, 350 KB strings, maps 31 levels deep), through throttling, 500s and unprocessed items, and the same happens
 * through the SDK's own marshalling on a client without {@link WriteBodies}.
 */
class WriteBodiesTest {
    private static final String SOURCE = "write-bodies-source";
    private static final int ITEMS = 400;
    private static final FaultInjector FAULTS = new FaultInjector(17);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static DynamoDbClient ferry;
    private static int tables;

    @BeforeAll
    static void table() {
        DynamoDbClient ddb = DynamoDbLocal.get().client();
        SampleTables.createRich(ddb, SOURCE, BillingMode.PAY_PER_REQUEST);
        SampleTables.fillRich(ddb, SOURCE, ITEMS, 5);
        ferry = ClientFactory.builder().addInterceptor(FAULTS).build().dynamo(Side.of("us-east-1"));
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** Copies the source page by page with {@link Scanner#items} and {@link BatchWriter#writeAllJson}; returns the copy's name. */
    private static String copy(DynamoDbClient ddb) {
        String destination = "write-bodies-" + (++tables);
        SampleTables.createRich(DynamoDbLocal.get().client(), destination, BillingMode.PAY_PER_REQUEST);
        AwsCalls calls = new AwsCalls(millis -> { }, 50);
        Scanner scanner = new Scanner(ddb, SOURCE, 0, 1, false, RateLimiter.unlimited(), calls, SOURCE + " (test)").pageLimit(90);
        BatchWriter writer = new BatchWriter(ddb, destination, destination + " (test)", POOL, RateLimiter.unlimited(), calls);
        Map<String, AttributeValue> key = Map.of();
        do {
            Scanner.Page page = scanner.items(key);
            BatchWriter.await(writer.writeAllJson(page.items()));
            key = page.nextKey();
        } while (!key.isEmpty());
        return destination;
    }

    private static Map<String, Map<String, AttributeValue>> all(String table) {
        return SampleTables.scanAll(DynamoDbLocal.get().client(), table, "pk", "sk");
    }

    @Test
    void writeAllJson_whenTheClientCarriesWriteBodies_writesEveryItemExactlyThroughFaults() {
        FAULTS.clear().unprocessed(0.3).throttle("BatchWriteItem", 0.1).serverErrors("BatchWriteItem", 0.1);
        long heldBefore = FAULTS.heldBackItems();
        try {
            assertThat(WriteBodies.installedOn(ferry)).isTrue();
            String destination = copy(ferry);

            assertThat(FAULTS.heldBackItems() - heldBefore).as("items came back unprocessed and were retried").isPositive();
            assertThat(all(destination)).hasSize(ITEMS).isEqualTo(all(SOURCE));
        } finally {
            FAULTS.clear();
        }
    }

    @Test
    void writeAllJson_whenTheClientHasNoWriteBodies_writesEveryItemThroughTheSdk() {
        DynamoDbClient plain = DynamoDbLocal.get().client();

        assertThat(WriteBodies.installedOn(plain)).isFalse();
        assertThat(all(copy(plain))).hasSize(ITEMS).isEqualTo(all(SOURCE));
    }

    @Test
    void body_isTheRequestTheSdkWouldHaveMarshalled() throws Exception {
        List<ItemJson> items = List.of(
                ItemJson.of(Map.of("pk", AttributeValue.fromS("a \"quoted\" ü"), "n", AttributeValue.fromN("1.50"))),
                ItemJson.of(Map.of("pk", AttributeValue.fromS("b"), "l", AttributeValue.fromL(List.of(AttributeValue.fromNul(true))))));

        JsonNode body = Json.MAPPER.readTree(new String(WriteBodies.body("my-table.v2", items), StandardCharsets.UTF_8));

        assertThat(body).isEqualTo(Json.MAPPER.readTree("{\"RequestItems\":{\"my-table.v2\":["
                + "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"a \\\"quoted\\\" ü\"},\"n\":{\"N\":\"1.50\"}}}},"
                + "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"b\"},\"l\":{\"L\":[{\"NULL\":true}]}}}}]}}"));
        assertThat(WriteBodies.body("t", List.of())).asString(StandardCharsets.UTF_8).isEqualTo("{\"RequestItems\":{\"t\":[]}}");
    }
}
