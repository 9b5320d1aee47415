package dev.ferry.dynamodb.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.SampleTables;
import dev.ferry.testkit.WorkflowRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * dynamodb-table-copy end to end: the checked-in ASL (as CDK synthesizes it) run by the local
 * engine, with the real handlers found through the synthesized functions map, against DynamoDB
 * Local; the success path and the Catch -> Rollback path.
 */
class DynamoDbTableCopyWorkflowTest {
    @TempDir
    static Path reports;
    private static DynamoDbClient source;
    private static DynamoDbClient destination;
    private static Dependencies deps;

    @BeforeAll
    static void setUp() {
        DynamoDbLocal local = DynamoDbLocal.get();
        deps = Dependencies.builder().clients(ClientFactory.defaults()).ledgerTable("ferry-ledger-workflow")
                .ledgerAutoCreate(true).reportsLocation(reports.toString()).build();
        source = local.client("us-west-2");
        destination = local.client("us-east-1");
        // the ledger lives in the control region, which is also this test's destination region:
        // create it up front so table listings before and after a run compare like for like
        new RunLedger(destination, "ferry-ledger-workflow", new AwsCalls(millis -> { })).ensureTable();
        SampleTables.createRich(source, "wf-orders", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(source, "wf-orders", 2500, 5, 0);
    }

    private static ExecutionResult run(JsonNode input, String executionName, ExecutionListener listener) {
        return WorkflowRunner.of(CopyValidator.WORKFLOW).run(input, executionName,
                WorkflowRunner.constructorWith(Dependencies.class, deps), listener);
    }

    private static ObjectNode input(String... tablesJson) {
        ObjectNode in = Json.object();
        in.putObject("source").put("region", "us-west-2");
        in.putObject("destination").put("region", "us-east-1");
        var tables = in.putArray("tables");
        for (String t : tablesJson) {
            tables.add(Json.parse(t));
        }
        in.putObject("options").put("segments", 4);
        return in;
    }

    @Test
    void execute_whenCopyingATable_succeedsVerifiedWithinTheTransitionBudget() {
        ExecutionResult result = run(input("{\"source\": \"wf-orders\", \"destination\": \"wf-orders-copy\"}"), "wf-success",
                ExecutionListener.NONE);

        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        assertThat(result.output().get("runId").asText()).isEqualTo("wf-success");
        assertThat(result.output().at("/tables/0/result").asText()).isEqualTo("MATCH");
        assertThat(result.output().at("/totals/destinationItems").asLong()).isEqualTo(2500);
        Map<String, Map<String, AttributeValue>> copied = SampleTables.scanAll(destination, "wf-orders-copy", "pk", "sk");
        assertThat(copied).isEqualTo(SampleTables.scanAll(source, "wf-orders", "pk", "sk"));
        // 4 segments (as the input asks): Validate, Prepare, IsDryRun, Segments,
        // 4 x (CopySegment, SegmentCopied, VerifySegment, SegmentVerified, SegmentDone), Report, Done
        assertThat(result.stateTransitions()).isEqualTo(26).isLessThanOrEqualTo(100);
        assertThat(reports.resolve("wf-success").resolve("summary.json")).exists();
    }

    @Test
    void execute_whenFailingAfterTablesWereCreated_rollsBackAndLeavesTheDestinationAsItWas() {
        SampleTables.createRich(source, "wf-doomed", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(source, "wf-doomed", 50, 6, 0);
        SampleTables.createRich(destination, "wf-existing", BillingMode.PAY_PER_REQUEST);
        SampleTables.fill(destination, "wf-existing", 10, 7, 0);
        Map<String, Map<String, AttributeValue>> existingBefore = SampleTables.scanAll(destination, "wf-existing", "pk", "sk");
        List<String> tablesBefore = destination.listTables().tableNames();
        List<String> visited = new CopyOnWriteArrayList<>();
        List<String> taskFailures = new CopyOnWriteArrayList<>();
        ExecutionListener sabotage = new ExecutionListener() {
            @Override
            public void stateEntered(String path, String type) {
                visited.add(path);
            }

            @Override
            public void taskFailed(String path, String resource, String error, String cause) {
                taskFailures.add(path + " " + error + " " + cause);
            }

            @Override
            public void stateExited(String path, JsonNode output) {
                if (path.equals("Prepare")) {
                    source.deleteTable(b -> b.tableName("wf-doomed")); // the source disappears mid-run
                }
            }
        };
        ObjectNode input = input("{\"source\": \"wf-doomed\", \"destination\": \"wf-doomed-copy\"}");
        ((ObjectNode) input.get("options")).put("segments", 1);

        ExecutionResult result = run(input, "wf-failure", sabotage);

        assertThat(result.succeeded()).isFalse();
        assertThat(visited).contains("Prepare", "Rollback", "RunFailed");
        // the Distributed Map only says a child failed (States.ExceedToleratedFailureThreshold); rollback
        // hands on the child's own error from the ledger, so the execution fails with it
        assertThat(taskFailures).anySatisfy(f -> assertThat(f).contains("CopySegment", "dev.ferry.core.errors.FerryException", "wf-doomed"));
        assertThat(result.error()).isEqualTo("dev.ferry.core.errors.FerryException");
        assertThat(result.cause()).contains("wf-doomed");
        assertThat(destination.listTables().tableNames()).isEqualTo(tablesBefore).doesNotContain("wf-doomed-copy");
        assertThat(SampleTables.scanAll(destination, "wf-existing", "pk", "sk")).isEqualTo(existingBefore);
    }

    @Test
    void execute_whenInputIsInvalid_failsInValidateWithoutRollback() {
        List<String> visited = new CopyOnWriteArrayList<>();
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void stateEntered(String path, String type) {
                visited.add(path);
            }
        };

        ExecutionResult result = run(input("\"wf-missing-table\""), "wf-invalid", listener);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).isEqualTo("dev.ferry.core.errors.InvalidInputException");
        assertThat(result.cause()).contains("$.tables[0]", "does not exist");
        assertThat(visited).containsExactly("Validate", "InputRejected");
    }
}
