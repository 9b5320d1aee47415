package dev.ferry.dynamodb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.testkit.FakeLambdaContext;
import dev.ferry.testkit.HandlerCalls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The transform under what real runs meet: a concurrent writer, throttling, 500s and partial batches, an
 * invocation that dies half way through a page, a resumed run and a re-run. Nothing is lost, nothing is written
 * twice, and every asset ends exactly as the rules say.
 */
class TransformResilienceIntegrationTest {
    @TempDir
    static Path reports;
    private static String bucket;

    @BeforeAll
    static void setUp() {
        TransformTestKit.ledger();
        bucket = VamsExample.input().at("/variables/assetBucketName").asText();
    }

    private static void assertMigrated(TransformTestKit.Tables t, Map<String, Map<String, AttributeValue>> before) {
        Map<String, Map<String, AttributeValue>> after = t.assetItems();
        assertThat(after).hasSameSizeAs(before);
        before.forEach((key, asset) -> assertThat(after.get(key)).as(key).isEqualTo(VamsExpected.asset(asset, bucket)));
        List<Map<String, AttributeValue>> versions = before.values().stream().map(VamsExpected::version).filter(v -> v != null).toList();
        assertThat(t.versionItems().values()).containsExactlyInAnyOrderElementsOf(versions);
    }

    @Test
    void run_whenAConcurrentWriterUpdatesItemsDuringTheRun_losesNoUpdate() throws Exception {
        // GIVEN 500 assets; a writer that, just before the run updates an asset, changes its currentVersion (a touched
        // attribute) once for about one asset in five, and a thread counting views up on random assets all along
        TransformTestKit.Tables t = TransformTestKit.vams("res-cw", 500);
        List<Map<String, AttributeValue>> keys = t.assetItems().values().stream()
                .map(a -> Map.of("databaseId", a.get("databaseId"), "assetId", a.get("assetId"))).toList();
        DynamoDbClient writer = TransformTestKit.ddb();
        Map<String, String> comments = new ConcurrentHashMap<>();
        AtomicBoolean racing = new AtomicBoolean(true);
        Map<String, AtomicInteger> views = new ConcurrentHashMap<>();
        Random random = new Random(5);
        ExecutionInterceptor racer = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                if (racing.get() && request instanceof UpdateItemRequest u && u.tableName().equals(t.assets())
                        && u.updateExpression().contains("REMOVE")) {
                    String id = u.key().get("assetId").s();
                    boolean race;
                    synchronized (random) {
                        race = random.nextInt(5) == 0;
                    }
                    if (race && !comments.containsKey(id)) {
                        String comment = "changed by the concurrent writer " + id;
                        comments.put(id, comment);
                        writer.updateItem(b -> b.tableName(t.assets()).key(u.key())
                                .updateExpression("SET currentVersion.#c = :c ADD #v :one")
                                .expressionAttributeNames(Map.of("#c", "Comment", "#v", "views"))
                                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(comment), ":one", AttributeValue.fromN("1"))));
                        views.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }
        };
        AtomicBoolean running = new AtomicBoolean(true);
        Thread background = new Thread(() -> {
            Random r = new Random(9);
            while (running.get()) {
                Map<String, AttributeValue> key = keys.get(r.nextInt(keys.size()));
                writer.updateItem(b -> b.tableName(t.assets()).key(key).updateExpression("ADD #v :one")
                        .expressionAttributeNames(Map.of("#v", "views"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                views.computeIfAbsent(key.get("assetId").s(), k -> new AtomicInteger()).incrementAndGet();
            }
        });
        TransformTestKit kit = new TransformTestKit(reports, racer);
        ObjectNode input = VamsExample.on(t.assets(), t.versions(), "res-cw", TransformTestKit.REGION);
        ((ObjectNode) input.get("options")).put("segments", 4);

        // WHEN the run goes on while both write
        background.start();
        TransformRun.Outcome run;
        try {
            run = kit.run().run(input, "res-cw");
        } finally {
            running.set(false);
            racing.set(false);
            background.join();
        }

        // THEN every concurrent update is there, and every asset is migrated from what the writer left
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(comments).isNotEmpty();
        assertThat(run.output().at("/counts/conflicts").asLong()).isEqualTo(comments.size());
        assertThat(run.output().at("/counts/transformed").asLong()).isEqualTo(450);
        Map<String, Map<String, AttributeValue>> assets = t.assetItems();
        for (Map<String, AttributeValue> asset : assets.values()) {
            String id = asset.get("assetId").s();
            int expected = views.getOrDefault(id, new AtomicInteger()).get();
            assertThat(asset.containsKey("views") ? Integer.parseInt(asset.get("views").n()) : 0).as("views of %s", id).isEqualTo(expected);
            assertThat(asset).as(id).doesNotContainKey("currentVersion");
        }
        Map<String, Map<String, AttributeValue>> versions = t.versionItems();
        comments.forEach((id, comment) -> assertThat(versions.values()).as("version of %s", id)
                .anySatisfy(v -> {
                    assertThat(v.get("assetId").s()).isEqualTo(id);
                    assertThat(v.get("comment")).isEqualTo(AttributeValue.fromS(comment));
                }));
        assertThat(versions).hasSize(450);
        assertThat(run.output().at("/verification/items").asText()).isEqualTo("MATCH");
    }

    @Test
    void run_whenThrottledFailingAndPartialBatches_losesAndDuplicatesNothing() {
        // GIVEN throttling, 500s (after the server did the work) and unprocessed items on every DynamoDB call of the run
        TransformTestKit.Tables t = TransformTestKit.vams("res-faults", 600);
        Map<String, Map<String, AttributeValue>> before = t.assetItems();
        TransformTestKit kit = new TransformTestKit(reports);
        kit.faults.throttle(dev.ferry.testkit.FaultInjector.ALL, 0.15).serverErrors(dev.ferry.testkit.FaultInjector.ALL, 0.1)
                .unprocessed(0.3);
        ObjectNode input = VamsExample.on(t.assets(), t.versions(), "res-faults", TransformTestKit.REGION);
        ((ObjectNode) input.get("options")).put("segments", 3);

        // WHEN
        TransformRun.Outcome run = kit.run().run(input, "res-faults");
        kit.faults.clear();

        // THEN
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(kit.faults.injectedErrors()).isGreaterThan(100);
        assertThat(kit.faults.heldBackItems()).isPositive();
        assertMigrated(t, before);
        assertThat(run.output().at("/counts/transformed").asLong()).isEqualTo(540);
        assertThat(run.output().at("/counts/emitted").asLong()).isGreaterThanOrEqualTo(540);
    }

    @Test
    void run_whenAnInvocationDiesHalfWayThroughAPage_theRetryFinishesItAndRollbackStillUndoesEverything() throws Exception {
        // GIVEN an invocation that dies (a transient failure) when it comes to one asset's update: the page's file
        // was written and the page's other writes landed; the state machine retries the segment
        TransformTestKit.Tables t = TransformTestKit.vams("res-crash", 300);
        Map<String, Map<String, AttributeValue>> before = t.assetItems();
        AtomicInteger crashes = new AtomicInteger(1);
        ExecutionInterceptor stubborn = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateItemRequest u && u.tableName().equals(t.assets())
                        && "asset-43".equals(u.key().get("assetId").s()) && crashes.getAndDecrement() > 0) {
                    throw new dev.ferry.core.errors.TransientException("the invocation died (simulated)");
                }
            }
        };
        TransformTestKit kit = new TransformTestKit(reports, stubborn);
        ObjectNode input = VamsExample.on(t.assets(), t.versions(), "res-crash", TransformTestKit.REGION);
        ((ObjectNode) input.get("options")).put("segments", 1);

        // WHEN
        TransformRun.Outcome run = kit.run().run(input, "res-crash");

        // THEN the segment ran twice, each attempt with a page file of its own, and the result is exact
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertMigrated(t, before);
        List<ResourceRecord> pages = TransformTestKit.ledger().resources("res-crash").stream()
                .filter(r -> r.type().equals(SegmentTransformer.ITEM_PREIMAGES)).toList();
        // the page the invocation died in has two files: the dead attempt's and the retry's (each item in the newer one only
        // if the dead attempt had not written it); every other page one
        Map<String, Long> filesPerPage = pages.stream().map(ResourceRecord::name)
                .collect(java.util.stream.Collectors.groupingBy(n -> n.substring(0, n.lastIndexOf('-')), java.util.stream.Collectors.counting()));
        assertThat(filesPerPage.values()).containsOnlyOnce(2L).hasSize(2); // 300 assets: two pages of at most 250
        assertThat(run.output().at("/counts/transformed").asLong()).isEqualTo(270);

        // AND a rollback of the run restores every asset bit for bit and deletes every record it emitted
        JsonNode rollback = Rollbacks.onDemand(kit.deps(), "res-crash");
        assertThat(rollback.path("kept")).as(rollback.toString()).isEmpty();
        assertThat(t.assetItems()).isEqualTo(before);
        assertThat(t.versionItems()).isEmpty();
    }

    @Test
    void run_whenResumedAfterStoppingHalfWayAndThenRunAgain_changesNothingMore() throws Exception {
        // GIVEN a run stopped after its first page (its Lambda ran out of time), as a crash would leave it
        TransformTestKit.Tables t = TransformTestKit.vams("res-resume", 400);
        Map<String, Map<String, AttributeValue>> before = t.assetItems();
        TransformTestKit kit = new TransformTestKit(reports);
        ObjectNode input = VamsExample.on(t.assets(), t.versions(), "res-resume", TransformTestKit.REGION);
        ((ObjectNode) input.get("options")).put("segments", 1).put("batchSize", 50);
        JsonNode plan = HandlerCalls.call(new ValidateTransformHandler(kit.deps()),
                Json.object().<ObjectNode>set("input", input).put("executionName", "e"), FakeLambdaContext.plenty());
        JsonNode prepared = HandlerCalls.call(new PlanTransformHandler(kit.deps()), plan, FakeLambdaContext.plenty());
        ObjectNode unit = Json.object().put("runId", "res-resume");
        unit.set("unit", prepared.at("/units/0"));
        unit.set("plan", plan);
        JsonNode first = HandlerCalls.call(new TransformSegmentHandler(kit.deps(10_000_000)), unit, new FakeLambdaContext("t", () -> 20_000));
        assertThat(first.get("done").asBoolean()).isFalse();
        assertThat(t.assetItems()).isNotEqualTo(before);

        // WHEN the same run id runs again, to its end; and then once more
        TransformRun.Outcome resumed = kit.run().run(input, "res-resume");
        Map<String, Map<String, AttributeValue>> afterResume = t.assetItems();
        Map<String, Map<String, AttributeValue>> versionsAfterResume = t.versionItems();
        TransformRun.Outcome again = kit.run().run(input, "res-resume");

        // THEN the resumed run finished the work once; the re-run changed nothing and verified afresh
        assertThat(resumed.succeeded()).as("%s: %s", resumed.error(), resumed.message()).isTrue();
        assertThat(resumed.output().at("/counts/transformed").asLong()).isEqualTo(360);
        assertThat(resumed.output().at("/counts/scanned").asLong()).isEqualTo(400);
        assertMigrated(t, before);
        assertThat(again.succeeded()).as("%s: %s", again.error(), again.message()).isTrue();
        assertThat(t.assetItems()).isEqualTo(afterResume);
        assertThat(t.versionItems()).isEqualTo(versionsAfterResume);
        assertThat(again.segmentInvocations()).isEqualTo(1);
        assertThat(again.visited()).contains("VerifySegments");
        assertThat(again.output().at("/verification/itemsChecked").asLong()).isEqualTo(400);
    }

    @Test
    void transformSegment_whenUpdatesOfOnePartitionThrottle_theReportNamesItsKey() {
        // GIVEN every other update of partition db-3 throttled (a hot partition)
        TransformTestKit.Tables t = TransformTestKit.vams("res-hot", 200);
        AtomicInteger calls = new AtomicInteger();
        ExecutionInterceptor hot = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateItemRequest u && u.tableName().equals(t.assets())
                        && "db-3".equals(u.key().get("databaseId").s())
                        && calls.incrementAndGet() % 2 == 0) {
                    throw ProvisionedThroughputExceededException.builder().message("hot partition").statusCode(400)
                            .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                    .errorCode("ProvisionedThroughputExceededException").build()).build();
                }
            }
        };
        TransformTestKit kit = new TransformTestKit(reports, hot);

        TransformRun.Outcome run = kit.run().run(VamsExample.on(t.assets(), t.versions(), "res-hot", TransformTestKit.REGION), "res-hot");

        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(run.output().at("/counts/throttled").asLong()).isPositive();
        assertThat(run.output().at("/hotPartitions/0/partitionKey").asText()).isEqualTo("databaseId=db-3");
    }
}
