package dev.ferry.dynamodb.copy;

import dev.ferry.testkit.SampleTables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.testkit.FakeLambdaContext;
import dev.ferry.core.rollback.RollbackHandler;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.WorkflowRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Faults, time budgets, resume, rollback, dry run and reuse, against DynamoDB Local. */
class CopyResilienceIntegrationTest {
    private static final WorkflowRunner ROLLBACK = WorkflowRunner.of("rollback");
    @TempDir
    static Path reports;
    private static CopyTestKit kit;
    private static Map<String, Map<String, AttributeValue>> sourceItems;

    @BeforeAll
    static void sourceTable() {
        kit = new CopyTestKit(reports);
        SampleTables.createRich(kit.source(), "res-src", BillingMode.PAY_PER_REQUEST);
        Random random = new Random(3);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            items.add(SampleTables.richItem(i, random));
        }
        SampleTables.put(kit.source(), "res-src", items);
        sourceItems = SampleTables.scanAll(kit.source(), "res-src", "pk", "sk");
    }

    @AfterEach
    void noFaults() {
        kit.faults.clear();
    }

    private static String copyTo(String runId, String destination, String options) {
        return CopyTestKit.input(runId, "[{\"source\": \"res-src\", \"destination\": \"" + destination + "\"}]", options);
    }

    @Test
    void copy_whenThrottledFailingAndPartialBatches_losesAndDuplicatesNothing() {
        kit.faults.throttle("BatchWriteItem", 0.15).serverErrors("BatchWriteItem", 0.05).unprocessed(0.3)
                .throttle("Scan", 0.1).serverErrors("Scan", 0.05);

        CopyRun.Outcome outcome = kit.copy().run(copyTo("res-faults", "res-faults", "{\"segments\": 3}"), "e");

        assertThat(outcome.succeeded()).as("error: %s", outcome.message()).isTrue();
        assertThat(kit.faults.injectedErrors()).isGreaterThan(10);
        assertThat(kit.faults.heldBackItems()).isGreaterThan(100);
        assertThat(SampleTables.scanAll(kit.destination(), "res-faults", "pk", "sk")).isEqualTo(sourceItems);
        assertThat(outcome.output().at("/tables/0/result").asText()).isEqualTo("MATCH");
    }

    @Test
    void run_whenThirtyPercentOfAllDynamoDbCallsFail_succeedsWithEveryItemIdentical() {
        // every DynamoDB call of the run (ledger set-up and its waits, describes, scans, writes, checkpoints,
        // report) fails 30% of the time: throttling and HTTP 500 alike; a third of batch items come back unprocessed
        kit.faults.throttle(dev.ferry.testkit.FaultInjector.ALL, 0.15).serverErrors(dev.ferry.testkit.FaultInjector.ALL, 0.15)
                .unprocessed(0.3);
        dev.ferry.core.runtime.Dependencies freshLedger = kit.deps().toBuilder().ledgerTable("ferry-ledger-faults").build();

        CopyRun.Outcome outcome = new CopyRun(freshLedger).run(copyTo("res-thirty", "res-thirty", "{\"segments\": 3}"), "e");

        assertThat(outcome.succeeded()).as("%s: %s", outcome.error(), outcome.message()).isTrue();
        assertThat(kit.faults.injectedErrors()).isGreaterThan(50);
        assertThat(outcome.visited()).doesNotContain("InputRejected", "Rollback");
        assertThat(SampleTables.scanAll(kit.destination(), "res-thirty", "pk", "sk")).isEqualTo(sourceItems);
        assertThat(outcome.output().at("/tables/0/result").asText()).isEqualTo("MATCH");
    }

    @Test
    void copy_whenWritesAreThrottledBeyondTheRetryBudget_failsNamingWhatIsLeftAndRollsBack() {
        kit.faults.throttle("BatchWriteItem", 1.0);

        CopyRun.Outcome outcome = kit.copy().run(copyTo("res-budget", "res-budget", "{\"segments\": 1}"), "e");

        // the Distributed Map only says a child failed; rollback hands on the unit's own error from the ledger
        assertThat(outcome.error()).isEqualTo(dev.ferry.core.errors.RetryBudgetExhaustedException.class.getName());
        assertThat(outcome.message())
                .contains("res-src -> res-budget segment 1/1")
                .contains("still unwritten")
                .contains("Nothing was lost");
        assertThat(outcome.rollback().get("undone").toString()).contains("res-budget");
        assertThat(kit.destination().listTables().tableNames()).doesNotContain("res-budget");
    }

    @Test
    void copy_whenWriteRateIsCapped_waitsForCapacity() {
        java.util.concurrent.atomic.AtomicLong waited = new java.util.concurrent.atomic.AtomicLong();
        dev.ferry.core.runtime.Dependencies recording = kit.deps().toBuilder().sleeper(waited::addAndGet).build();
        long writeUnits = sourceItems.values().stream()
                .mapToLong(i -> dev.ferry.core.codec.ItemCodec.writeCapacityUnits(dev.ferry.core.codec.ItemCodec.itemSizeBytes(i))).sum();

        CopyRun.Outcome outcome = new CopyRun(recording).run(copyTo("res-capped", "res-capped",
                "{\"segments\": 1, \"maxWriteUnitsPerSecond\": 1000}"), "e");

        assertThat(outcome.succeeded()).as("error: %s", outcome.message()).isTrue();
        // at 1000 WCU/s, writing the table's units takes at least (units - one second's burst) / 1000 seconds
        assertThat(waited.get()).isGreaterThanOrEqualTo((writeUnits - 1000) * 1000 / 1000);
        assertThat(SampleTables.scanAll(kit.destination(), "res-capped", "pk", "sk")).isEqualTo(sourceItems);
    }

    @Test
    void verify_whenTheDestinationLostAnItem_failsWithTheReportNamingItsKeyAndKeepsTheTables() throws Exception {
        CopyRun run = kit.copy();
        Map<String, AttributeValue> victim = sourceItems.values().iterator().next();
        run.beforeVerify = () -> kit.destination().deleteItem(b -> b.tableName("res-verify")
                .key(Map.of("pk", victim.get("pk"), "sk", victim.get("sk"))));

        CopyRun.Outcome outcome = run.run(copyTo("res-verify", "res-verify", "{\"segments\": 1}"), "e");

        assertThat(outcome.error()).isEqualTo(dev.ferry.core.errors.VerificationFailedException.class.getName());
        assertThat(outcome.message()).contains("res-verify", "1 missing", "re-run");
        assertThat(outcome.visited()).contains("VerificationFailed").doesNotContain("Rollback");
        assertThat(Files.readString(reports.resolve("res-verify").resolve("tables.csv"))).contains("MISMATCH");
        assertThat(Files.readString(reports.resolve("res-verify").resolve("differences.csv")))
                .contains("missing", "pk=\"\"" + victim.get("pk").s() + "\"\"");
        assertThat(kit.destination().describeTable(b -> b.tableName("res-verify")).table().itemCount()).isNotNull();
    }

    @Test
    void copySegment_whenTimeBudgetRunsOut_checkpointsAndResumesWhereItStopped() {
        // a safety margin larger than the time left: each invocation copies one page and stops
        CopyRun.Outcome outcome = new CopyRun(kit.deps(CopyTestKit.ONE_PAGE_PER_INVOCATION))
                .run(copyTo("res-resume", "res-resume", "{\"segments\": 1}"), "e");

        assertThat(outcome.succeeded()).as("error: %s", outcome.message()).isTrue();
        Checkpoint done = kit.ledger().checkpoint("res-resume", "copy#t0-s0").orElseThrow();
        assertThat(done.pages()).isGreaterThan(1);
        assertThat(done.invocations()).isEqualTo(done.pages());
        assertThat(outcome.copyInvocations()).isEqualTo((int) done.pages());
        assertThat(SampleTables.scanAll(kit.destination(), "res-resume", "pk", "sk")).isEqualTo(sourceItems);
    }

    @Test
    void copySegment_whenStoppedHalfWay_nextInvocationContinuesFromTheCheckpoint() throws Exception {
        CopyRun.Outcome planned = kit.copy().run(copyTo("res-half", "res-half", "{\"dryRun\": true, \"segments\": 1}"), "e");
        assertThat(planned.succeeded()).isTrue();
        JsonNode plan = HandlerCalls.call(new ValidateCopyHandler(kit.deps()), validateInput(copyTo("res-half", "res-half", "{\"segments\": 1}")),
                FakeLambdaContext.plenty());
        JsonNode prepared = HandlerCalls.call(new PrepareCopyHandler(kit.deps()), plan, FakeLambdaContext.plenty());
        ObjectNode segment = Json.object();
        segment.put("runId", "res-half");
        segment.set("unit", prepared.at("/units/0"));
        segment.set("source", plan.get("source"));
        segment.set("destination", plan.get("destination"));
        segment.set("options", plan.get("options"));
        CopySegmentHandler oneAtATime = new CopySegmentHandler(kit.deps(CopyTestKit.ONE_PAGE_PER_INVOCATION));

        JsonNode first = HandlerCalls.call(oneAtATime, segment, new FakeLambdaContext("copy", () -> 20_000));

        assertThat(first.get("done").asBoolean()).isFalse();
        long afterFirst = first.get("itemsCopied").asLong();
        assertThat(SampleTables.scanAll(kit.destination(), "res-half", "pk", "sk")).hasSize((int) afterFirst);
        // a fresh handler instance, as after a crash or a new Lambda: it resumes from the ledger
        JsonNode rest = HandlerCalls.call(new CopySegmentHandler(kit.deps()), segment, FakeLambdaContext.plenty());
        assertThat(rest.get("done").asBoolean()).isTrue();
        assertThat(rest.get("itemsCopied").asLong()).isEqualTo(3000);
        assertThat(kit.ledger().checkpoint("res-half", "copy#t0-s0").orElseThrow().invocations()).isEqualTo(2);
        assertThat(SampleTables.scanAll(kit.destination(), "res-half", "pk", "sk")).isEqualTo(sourceItems);
    }

    @Test
    void run_whenFailingAfterTablesWereCreated_rollsBackOnlyWhatItCreated() {
        SampleTables.createRich(kit.source(), "res-doomed", BillingMode.PAY_PER_REQUEST);
        SampleTables.put(kit.source(), "res-doomed", List.of(SampleTables.richItem(1, new Random(1))));
        SampleTables.createRich(kit.destination(), "res-existing", BillingMode.PAY_PER_REQUEST);
        SampleTables.put(kit.destination(), "res-existing", List.of(SampleTables.richItem(99_999, new Random(2))));
        CopyRun run = kit.copy();
        run.afterPrepare = () -> kit.source().deleteTable(b -> b.tableName("res-doomed")); // the source vanishes mid-run

        CopyRun.Outcome outcome = run.run(CopyTestKit.input("res-rollback",
                "[{\"source\": \"res-src\", \"destination\": \"res-existing\"}, {\"source\": \"res-doomed\", \"destination\": \"res-created\"}]",
                "{\"ifDestinationExists\": \"reuse-if-compatible\"}"), "e");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("res-doomed");
        assertThat(outcome.rollback().get("undone").toString()).contains("res-created");
        assertThat(outcome.rollback().get("kept").toString()).contains("res-existing", "existed before");
        assertThat(kit.destination().listTables().tableNames()).contains("res-existing").doesNotContain("res-created");
        assertThat(kit.ledger().run("res-rollback").orElseThrow().status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(kit.ledger().checkpoints("res-rollback", "")).isEmpty();
    }

    @Test
    void rollback_whenRequestedForASucceededRun_removesItsTablesAndIsIdempotent() {
        CopyRun.Outcome outcome = kit.copy().run(copyTo("res-undo", "res-undo", "{\"verify\": \"count\"}"), "e");
        assertThat(outcome.succeeded()).as("error: %s", outcome.message()).isTrue();
        ObjectNode request = Json.object().put("runId", "res-undo");

        // the rollback workflow itself: FindRun, then the copy's own Rollback function
        ExecutionResult first = ROLLBACK.run(request, "undo-1", WorkflowRunner.constructorWith(Dependencies.class, kit.deps()));
        ExecutionResult second = ROLLBACK.run(request, "undo-2", WorkflowRunner.constructorWith(Dependencies.class, kit.deps()));

        assertThat(first.succeeded()).as("%s: %s", first.error(), first.cause()).isTrue();
        assertThat(first.output().get("undone").toString()).contains("res-undo");
        assertThat(second.output().get("undone").toString()).contains("already removed");
        assertThat(kit.destination().listTables().tableNames()).doesNotContain("res-undo");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kit.destination().describeTable(b -> b.tableName("res-undo")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void rollback_whenALaterAttemptOfASucceededRunFails_keepsItsTables() {
        CopyRun.Outcome done = kit.copy().run(copyTo("res-keep", "res-keep", "{\"verify\": \"count\"}"), "e");
        assertThat(done.succeeded()).as("error: %s", done.message()).isTrue();
        ObjectNode failure = Json.object().put("runId", "res-keep").put("error", "dev.ferry.core.errors.FerryException")
                .put("cause", "a later attempt failed").put("inputHash", kit.ledger().run("res-keep").orElseThrow().inputHash());

        JsonNode result = HandlerCalls.call(new RollbackHandler(kit.deps()), failure, FakeLambdaContext.plenty());

        assertThat(result.get("undone")).isEmpty();
        assertThat(result.get("kept").toString()).contains("already succeeded", "rollback workflow");
        assertThat(kit.destination().listTables().tableNames()).contains("res-keep");
        assertThat(kit.ledger().run("res-keep").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void prepare_whenARunResumes_keepsTheSegmentCountItStartedWith() {
        JsonNode plan = HandlerCalls.call(new ValidateCopyHandler(kit.deps()), validateInput(copyTo("res-segments", "res-segments", "{}")),
                FakeLambdaContext.plenty());
        JsonNode first = HandlerCalls.call(new PrepareCopyHandler(kit.deps()), plan, FakeLambdaContext.plenty());
        assertThat(first.get("units")).hasSize(3); // auto: 3,000 small items, one segment per 1,000
        // as if DescribeTable's size estimate had grown since the first Prepare: the ledger's decision must win
        var recorded = kit.ledger().document("res-segments", dev.ferry.core.ledger.LedgerDocuments.PREPARED, PreparedCopy.class).orElseThrow();
        var table = recorded.tables().get(0);
        kit.ledger().putDocument("res-segments", dev.ferry.core.ledger.LedgerDocuments.PREPARED, new PreparedCopy("res-segments", false, List.of(
                new PreparedCopy.PreparedTable(0, table.source(), table.destination(), table.action(), 5, table.sourceItemCount(),
                        table.sourceSizeBytes(), table.destinationHadItems(), table.deletionProtection(), table.warnings())), List.of()));

        JsonNode resumed = HandlerCalls.call(new PrepareCopyHandler(kit.deps()), plan, FakeLambdaContext.plenty());

        assertThat(resumed.get("units")).hasSize(5);
        assertThat(resumed.at("/units/4/totalSegments").asInt()).isEqualTo(5);
    }

    @Test
    void rollback_whenRequestedForAnUnknownOrMissingRunId_failsWithTheFix() {
        for (String runId : new String[] {"no-such-run", ""}) {
            ObjectNode request = Json.object().put("runId", runId);

            ExecutionResult result = ROLLBACK.run(request, "undo-" + (runId.isEmpty() ? "blank" : runId),
                    WorkflowRunner.constructorWith(Dependencies.class, kit.deps()));

            assertThat(result.succeeded()).isFalse();
            assertThat(result.error()).isEqualTo(dev.ferry.core.errors.InvalidInputException.class.getName());
            assertThat(result.cause()).contains("$.runId");
        }
    }

    @Test
    void dryRun_whenAsked_plansAndReportsButWritesNothing() throws Exception {
        List<String> before = kit.destination().listTables().tableNames();

        CopyRun.Outcome outcome = kit.copy().run(copyTo("res-dry", "res-dry", "{\"dryRun\": true}"), "e");

        assertThat(outcome.succeeded()).as("error: %s", outcome.message()).isTrue();
        assertThat(outcome.output().get("status").asText()).isEqualTo("PLANNED");
        assertThat(outcome.output().at("/tables/0/action").asText()).isEqualTo("WOULD_CREATE");
        assertThat(kit.destination().listTables().tableNames()).isEqualTo(before);
        assertThat(kit.ledger().run("res-dry")).isEmpty();
        assertThat(Files.readString(reports.resolve("res-dry").resolve("tables.csv"))).contains("PLANNED", "res-dry");
    }

    @Test
    void copy_whenDestinationExistsAndIsCompatible_reusesItAndReportsWhatItHeld() {
        SampleTables.createRich(kit.destination(), "res-reuse", BillingMode.PROVISIONED);

        CopyRun.Outcome outcome = kit.copy().run(copyTo("res-reuse", "res-reuse",
                "{\"ifDestinationExists\": \"reuse-if-compatible\"}"), "e");

        assertThat(outcome.succeeded()).as("error: %s", outcome.message()).isTrue();
        assertThat(outcome.output().at("/tables/0/action").asText()).isEqualTo("REUSED");
        assertThat(outcome.output().at("/tables/0/result").asText()).isEqualTo("MATCH");
        assertThat(outcome.output().at("/tables/0/warnings").toString()).contains("billing mode differs");
        assertThat(SampleTables.scanAll(kit.destination(), "res-reuse", "pk", "sk")).isEqualTo(sourceItems);
    }

    private static JsonNode validateInput(String input) {
        ObjectNode in = Json.object();
        in.set("input", Json.parse(input));
        in.put("executionName", "e");
        return in;
    }
}
