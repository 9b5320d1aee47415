package dev.ferry.quicksight.migration;

import dev.ferry.core.errors.ErrorCauses;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.WorkflowRunner;
import dev.ferry.testkit.quicksight.QuickSightSamples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What the quicksight-migration tests share: the sample accounts in the fakes, plugged into Ferry's own client
 * factory; the run ledger in the JVM's DynamoDB Local; runs of the real checked-in state machines.
 */
final class MigrationTestKit {
    static final String LEDGER = "ferry-ledger-quicksight";
    static final WorkflowRunner MIGRATION = WorkflowRunner.of(QuickSightNames.WORKFLOW);
    static final WorkflowRunner ROLLBACK = WorkflowRunner.of("rollback");

    final QuickSightSamples.Fakes fakes;
    final Dependencies deps;
    final Path reports;

    MigrationTestKit(Path dir) {
        DynamoDbLocal.get();
        this.reports = dir.resolve("reports");
        this.fakes = QuickSightSamples.create(dir.resolve("bundles"));
        ClientFactory clients = ClientFactory.builder()
                .stsFactory(side -> fakes.assumeRole)
                .client(QuickSightClient.class, side -> fakes.quickSight(side.roleArn(), side.region()))
                .client(IamClient.class, side -> fakes.iam(side.roleArn()))
                .client(StsClient.class, side -> fakes.sts(side.roleArn()))
                .client(SsmClient.class, side -> fakes.ssm)
                .client(SecretsManagerClient.class, side -> fakes.secrets(side.roleArn()))
                .build();
        this.deps = Dependencies.builder().clients(clients).ledgerTable(LEDGER).ledgerAutoCreate(true)
                .reportsLocation(reports.toString()).sleeper(millis -> { }).build();
    }

    RunLedger ledger() {
        return new RunLedger(DynamoDbLocal.get().client("us-east-1"), LEDGER, new AwsCalls(millis -> { }));
    }

    /** How an execution ended and which states it went through. */
    record Outcome(ExecutionResult result, List<String> visited) {
        boolean succeeded() {
            return result.succeeded();
        }

        JsonNode output() {
            return result.output();
        }

        String message() {
            return ErrorCauses.readable(result.cause());
        }
    }

    /** What happens in the accounts when a state is first entered (a change half-way through a run). */
    private final Map<String, Runnable> onState = new ConcurrentHashMap<>();

    /** Runs {@code change} once, when a run first enters state {@code path} (e.g. "AssetBundles"). */
    MigrationTestKit when(String path, Runnable change) {
        onState.put(path, change);
        return this;
    }

    Outcome run(WorkflowRunner workflow, String input, String executionName) {
        List<String> visited = new CopyOnWriteArrayList<>();
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void stateEntered(String path, String type) {
                visited.add(path);
                Runnable change = onState.remove(path);
                if (change != null) {
                    change.run();
                }
            }
        };
        ExecutionResult result = workflow.run(Json.parse(input), executionName, WorkflowRunner.constructorWith(Dependencies.class, deps),
                listener);
        return new Outcome(result, List.copyOf(visited));
    }

    Outcome migrate(String input, String executionName) {
        return run(MIGRATION, input, executionName);
    }

    /** The rollback workflow on demand, given the roles' external ids (the run ledger keeps none). */
    Outcome rollBack(String runId) {
        return run(ROLLBACK, "{\"runId\": \"" + runId + "\", \"externalIds\": {\""
                + dev.ferry.testkit.quicksight.QuickSightSamples.SOURCE_ROLE + "\": \"" + dev.ferry.testkit.quicksight.QuickSightSamples.EXTERNAL_ID
                + "\", \"" + dev.ferry.testkit.quicksight.QuickSightSamples.DESTINATION_ROLE + "\": \""
                + dev.ferry.testkit.quicksight.QuickSightSamples.EXTERNAL_ID + "\"}}", "rollback-" + runId);
    }
}
