package dev.ferry.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.codec.ItemDigest;
import dev.ferry.core.codec.ItemJson;
import dev.ferry.core.json.Json;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.FaultInjector;
import dev.ferry.testkit.SampleTables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reading a scan page from its JSON gives exactly the items the SDK would have returned (and so their digest), on a
 * real DynamoDB Local table of every attribute type (350 KB strings, maps 31 levels deep, binary and sets), through
 * faults too; and it stands aside wherever it cannot act.
 */
class ScanPagesTest {
    private static final String TABLE = "page-digests";
    private static final int ITEMS = 1_200;
    private static final FaultInjector FAULTS = new FaultInjector(11);
    private static DynamoDbClient withScanPages;

    @BeforeAll
    static void table() {
        DynamoDbClient ddb = DynamoDbLocal.get().client();
        SampleTables.createRich(ddb, TABLE, BillingMode.PAY_PER_REQUEST);
        SampleTables.fillRich(ddb, TABLE, ITEMS, 3);
        withScanPages = ClientFactory.builder().addInterceptor(FAULTS).build().dynamo(Side.of("us-east-1"));
    }

    private record Read(ItemDigest digest, long items, long pages, long filledPages) {
    }

    /** Reads the whole table in 3 segments as verification does, asking for page digests or not. */
    private static Read read(DynamoDbClient ddb, boolean pageDigests) {
        ItemDigest digest = new ItemDigest();
        long items = 0;
        long pages = 0;
        long filled = 0;
        for (int segment = 0; segment < 3; segment++) {
            Scanner scanner = new Scanner(ddb, TABLE, segment, 3, false, RateLimiter.unlimited(), new AwsCalls(millis -> { }),
                    TABLE + " (test)").consistent().pageLimit(150);
            Map<String, AttributeValue> key = Map.of();
            do {
                ScanPages.PageDigest page = pageDigests ? new ScanPages.PageDigest() : null;
                ScanResponse response = scanner.page(key, page);
                if (page != null && page.filled()) {
                    assertThat(response.items()).as("a digested page is handed on without its items").isEmpty();
                    assertThat(page.items()).isEqualTo(response.count().longValue());
                    digest.merge(page.digest());
                    filled++;
                } else {
                    response.items().forEach(digest::add);
                }
                items += response.count();
                pages++;
                key = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of();
            } while (!key.isEmpty());
        }
        return new Read(digest, items, pages, filled);
    }

    @Test
    void page_whenTheClientDigestsPages_givesTheDigestOfTheItemsTheSdkReturns() {
        FAULTS.clear();
        Read sdk = read(withScanPages, false);
        Read digested = read(withScanPages, true);

        assertThat(sdk.items()).isEqualTo(ITEMS);
        assertThat(digested.items()).isEqualTo(ITEMS);
        assertThat(digested.pages()).isGreaterThan(3);   // several pages a segment: the next page's key survives
        assertThat(digested.filledPages()).isEqualTo(digested.pages());
        assertThat(digested.digest().toHex()).isEqualTo(sdk.digest().toHex());
    }

    @Test
    void page_whenCallsAreThrottledOrFail_stillGivesTheSameDigest() {
        Read sdk = read(withScanPages, false);
        FAULTS.clear().throttle("Scan", 0.25).serverErrors("Scan", 0.15);
        try {
            Read digested = read(withScanPages, true);

            assertThat(digested.items()).isEqualTo(ITEMS);
            assertThat(digested.digest().toHex()).isEqualTo(sdk.digest().toHex());
        } finally {
            FAULTS.clear();
        }
    }

    @Test
    void page_whenTheClientHasNoPageDigests_leavesThePageAsItIsForTheCallerToDigest() {
        Read plain = read(DynamoDbLocal.get().client(), true);

        assertThat(plain.filledPages()).isZero();
        assertThat(plain.items()).isEqualTo(ITEMS);
        assertThat(plain.digest().toHex()).isEqualTo(read(withScanPages, true).digest().toHex());
    }

    @Test
    void items_whenTheClientReadsPages_givesExactlyTheItemsAndNextKeysTheSdkReturns() {
        FAULTS.clear();
        long items = 0;
        for (int segment = 0; segment < 3; segment++) {
            Scanner raw = new Scanner(withScanPages, TABLE, segment, 3, false, RateLimiter.unlimited(), new AwsCalls(millis -> { }),
                    TABLE + " (test)").pageLimit(150);
            Scanner sdk = new Scanner(DynamoDbLocal.get().client(), TABLE, segment, 3, false, RateLimiter.unlimited(),
                    new AwsCalls(millis -> { }), TABLE + " (test)").pageLimit(150);
            Map<String, AttributeValue> key = Map.of();
            do {
                ScanPages.PageJson read = new ScanPages.PageJson();
                ScanResponse response = raw.page(key, read);
                ScanResponse expected = sdk.page(key);
                Scanner.Page page = raw.items(key);
                Scanner.Page converted = sdk.items(key);   // a client without ScanPages: the SDK's items, converted

                assertThat(read.filled()).isTrue();
                assertThat(response.items()).isEmpty();
                // the same attributes, number texts, bytes and set orders; the same size as DynamoDB counts it
                assertThat(read.list().stream().map(ItemJson::item).toList()).isEqualTo(expected.items());
                assertThat(page.items().stream().map(ItemJson::item).toList()).isEqualTo(expected.items());
                assertThat(converted.items().stream().map(ItemJson::item).toList()).isEqualTo(expected.items());
                assertThat(page.items().stream().map(ItemJson::size).toList())
                        .isEqualTo(expected.items().stream().map(ItemCodec::itemSizeBytes).toList())
                        .isEqualTo(converted.items().stream().map(ItemJson::size).toList());
                assertThat(page.nextKey()).isEqualTo(expected.hasLastEvaluatedKey() ? expected.lastEvaluatedKey() : Map.of());
                assertThat(converted.nextKey()).isEqualTo(page.nextKey());
                items += page.items().size();
                key = page.nextKey();
            } while (!key.isEmpty());
        }
        assertThat(items).isEqualTo(ITEMS);
    }

    @Test
    void modifyHttpResponse_checksDynamoDbsCrcAndHandsTheSdkAnAnswerWithAMatchingOne() throws IOException {
        String answer = "{\"Count\":1,\"Items\":[{\"pk\":{\"S\":\"a\"}}],\"ScannedCount\":1}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);

        // a matching CRC: the items go to the sink, the SDK gets the rest with the rest's CRC
        ScanPages.PageJson read = new ScanPages.PageJson();
        ExecutionAttributes attributes = new ExecutionAttributes();
        attributes.putAttribute(ScanPages.PAGE, read);
        SdkHttpResponse handed = ScanPages.INSTANCE.modifyHttpResponse(context(crc32(bytes), new ByteArrayInputStream(bytes)), attributes);
        byte[] rest = ScanPages.INSTANCE.modifyHttpResponseContent(context(crc32(bytes), null), attributes).orElseThrow().readAllBytes();

        assertThat(read.filled()).isTrue();
        assertThat(read.list()).extracting(ItemJson::item).containsExactly(Map.of("pk", AttributeValue.fromS("a")));
        assertThat(new String(rest, StandardCharsets.UTF_8)).isEqualTo("{\"Count\":1,\"ScannedCount\":1}");
        assertThat(handed.firstMatchingHeader("x-amz-crc32")).contains(Long.toString(crc32(rest)));

        // a CRC that does not match: the answer goes on untouched, for the SDK's own check to fail it
        ScanPages.PageJson corrupt = new ScanPages.PageJson();
        attributes.putAttribute(ScanPages.PAGE, corrupt);
        handed = ScanPages.INSTANCE.modifyHttpResponse(context(crc32(bytes) + 1, new ByteArrayInputStream(bytes)), attributes);
        byte[] untouched = ScanPages.INSTANCE.modifyHttpResponseContent(context(0, null), attributes).orElseThrow().readAllBytes();

        assertThat(corrupt.filled()).isFalse();
        assertThat(untouched).isEqualTo(bytes);
        assertThat(handed.firstMatchingHeader("x-amz-crc32")).contains(Long.toString(crc32(bytes) + 1));
    }

    @Test
    void modifyHttpResponse_whenTheAnswerIsCutShort_failsAsTheSdkWouldSoTheCallIsRetried() {
        ExecutionAttributes attributes = new ExecutionAttributes();
        attributes.putAttribute(ScanPages.PAGE, new ScanPages.PageDigest());
        InputStream cut = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Premature EOF");
            }
        };

        assertThatThrownBy(() -> ScanPages.INSTANCE.modifyHttpResponse(context(0, cut), attributes))
                .isInstanceOf(SdkClientException.class)
                .satisfies(e -> assertThat(AwsErrors.retryable(e)).isTrue());
    }

    private static InterceptorContext context(long crc, InputStream body) {
        return InterceptorContext.builder()
                .request(ScanRequest.builder().tableName(TABLE).build())
                .httpRequest(SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).protocol("http").host("localhost").build())
                .httpResponse(SdkHttpResponse.builder().statusCode(200).putHeader("x-amz-crc32", Long.toString(crc)).build())
                .responseBody(body)
                .build();
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    @Test
    void withoutItems_keepsEveryOtherFieldAndRefusesWhatIsNotDynamoDbJson() throws IOException {
        String answer = "{\"Count\":2,\"Items\":[{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1.50\"}},{\"pk\":{\"S\":\"b\"},\"m\":{\"M\":{\"l\":"
                + "{\"L\":[{\"NULL\":true},{\"BOOL\":false},{\"B\":\"AAE=\"},{\"BS\":[\"AQ==\"]},{\"SS\":[\"x\"]},{\"NS\":[\"2\"]}]}}}}],"
                + "\"ScannedCount\":2,\"LastEvaluatedKey\":{\"pk\":{\"S\":\"b\"}},\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5}}";
        List<Map<String, AttributeValue>> items = new ArrayList<>();

        byte[] rest = ScanPages.withoutItems(answer.getBytes(StandardCharsets.UTF_8), (p, a) -> items.add(ScanPages.readItem(p)));

        assertThat(Json.parse(new String(rest, StandardCharsets.UTF_8))).isEqualTo(Json.parse("{\"Count\":2,\"ScannedCount\":2,"
                + "\"LastEvaluatedKey\":{\"pk\":{\"S\":\"b\"}},\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5}}"));
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).isEqualTo(Map.of("pk", AttributeValue.fromS("a"), "n", AttributeValue.fromN("1.50")));
        assertThat(items.get(1).get("m").m().get("l").l()).hasSize(6);
        for (String bad : List.of("{\"Items\":[{\"pk\":{\"X\":\"a\"}}]}", "{\"Items\":[{\"pk\":{\"S\":1}}]}",
                "{\"Items\":[{\"pk\":{\"S\":\"a\",\"N\":\"1\"}}]}", "{\"Items\":{}}", "{\"Items\":[1]}", "[]", "{\"Count\":1} {}")) {
            assertThatThrownBy(() -> ScanPages.withoutItems(bad.getBytes(StandardCharsets.UTF_8), (p, a) -> ScanPages.readItem(p)))
                    .as(bad).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> ScanPages.withoutItems(bad.getBytes(StandardCharsets.UTF_8), (p, a) -> ItemJson.read(p, a)))
                    .as(bad).isInstanceOf(IOException.class);
        }
    }
}
