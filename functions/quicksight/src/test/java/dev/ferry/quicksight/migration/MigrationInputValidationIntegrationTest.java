package dev.ferry.quicksight.migration;

import static dev.ferry.testkit.quicksight.QuickSightSamples.DESTINATION_ACCOUNT;
import static dev.ferry.testkit.quicksight.QuickSightSamples.REGION;
import static dev.ferry.testkit.quicksight.QuickSightSamples.SOURCE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import dev.ferry.testkit.quicksight.QuickSightSamples;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.Edition;

/**
 * Every kind of bad input Validate rejects: each names its JSON path and a fix, and nothing is created (no
 * QuickSight or IAM change, no ledger record).
 */
class MigrationInputValidationIntegrationTest {
    @TempDir
    Path dir;

    /** A change to the sample input and accounts, and the path the problem must name. */
    record Case(String name, BiConsumer<ObjectNode, QuickSightSamples.Fakes> change, String path, String words) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badInputs() {
        String otherAccount = "999988887777";
        return Stream.of(
                new Case("Standard edition", (in, f) -> f.destination().edition = Edition.STANDARD, "$.destination.accountId", "Standard edition"),
                new Case("unknown data source", (in, f) -> in.put("dataSourceId", "no_such_db"), "$.dataSourceId", "no data source 'no_such_db'"),
                new Case("data source of another type", (in, f) -> in.put("dataSourceId", "other_db"), "$.dataSourceId", "of type ATHENA"),
                new Case("secret in another account", (in, f) -> in.put("secretArn", QuickSightSamples.SECRET_ARN.replace(DESTINATION_ACCOUNT, otherAccount)),
                        "$.secretArn", "not in the destination account"),
                new Case("secret in another region", (in, f) -> in.put("secretArn", QuickSightSamples.SECRET_ARN.replace(REGION, "eu-west-1")),
                        "$.secretArn", "region eu-west-1"),
                new Case("VPC connection in another account", (in, f) -> in.put("vpcConnectionArn",
                        QuickSightSamples.VPC_CONNECTION_ARN.replace(DESTINATION_ACCOUNT, otherAccount)), "$.vpcConnectionArn", "not in the destination account"),
                new Case("secret that does not exist", (in, f) -> in.put("secretArn", QuickSightSamples.SECRET_ARN.replace("-AbCdEf", "-ZzZzZz")),
                        "$.secretArn", "There is no secret"),
                new Case("secret with a customer-managed key and no secretKmsKeyArn", (in, f) -> f.destinationSecrets.seed(
                        QuickSightSamples.SECRET_ARN, "{}", "arn:aws:kms:" + REGION + ":" + DESTINATION_ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"),
                        "$.secretKmsKeyArn", "customer-managed key"),
                new Case("VPC connection that does not exist", (in, f) -> f.destination().vpcConnections.clear(), "$.vpcConnectionArn",
                        "no QuickSight VPC connection"),
                new Case("dataset id collision", (in, f) -> f.destination().putDataSet(DataSet.builder().dataSetId("dataset-07").name("Someone else's")
                        .physicalTableMap(java.util.Map.of()).logicalTableMap(java.util.Map.of()).build()), "$.datasets",
                        "already has a dataset 'dataset-07'"),
                new Case("principal in the mapping that does not exist", (in, f) -> ((ObjectNode) in.get("principalMap")).put(
                        "arn:aws:quicksight:" + REGION + ":" + SOURCE_ACCOUNT + ":group/default/Finance",
                        "arn:aws:quicksight:" + REGION + ":" + DESTINATION_ACCOUNT + ":group/default/Finance"),
                        "$.principalMap['arn:aws:quicksight:us-east-1:111122223333:group/default/Finance']", "does not exist"),
                new Case("artefacts location that is not file, s3 or ssm", (in, f) -> in.put("artefacts", "https://example.com/artefacts.json"),
                        "$.artefacts", "neither a local file, s3:// nor ssm://"),
                new Case("role of another account", (in, f) -> ((ObjectNode) in.get("source")).put("roleArn",
                        "arn:aws:iam::" + otherAccount + ":role/ferry-quicksight-source"), "$.source.roleArn", "not in 111122223333"),
                new Case("listed dataset that does not exist", (in, f) -> in.putArray("datasets").add("no-such-dataset"), "$.datasets[0]",
                        "no dataset 'no-such-dataset'"),
                new Case("unregistered principal without an email", (in, f) -> in.remove("adminEmail"), "$.adminEmail", "not registered in QuickSight"),
                new Case("missing required field", (in, f) -> in.remove("region"), "$.region", "missing"),
                new Case("unknown dashboard", (in, f) -> in.putArray("dashboards").add("no-such-dashboard"), "$.dashboards[0]", "no dashboard"),
                new Case("dashboard the destination already has", (in, f) -> f.destination().putAsset("dashboard", "operations",
                        "Someone else's operations", java.util.List.of()), "$.dashboards[1]", "already has a dashboard 'operations'"),
                new Case("dashboard using a dataset the destination has and the run does not move", (in, f) -> {
                    f.source().putAsset("dashboard", "spice-board", "SPICE board", java.util.List.of("spice-sales"));
                    f.destination().putDataSet(DataSet.builder().dataSetId("spice-sales").name("Theirs")
                            .physicalTableMap(java.util.Map.of()).logicalTableMap(java.util.Map.of()).build());
                    in.putArray("dashboards").add("spice-board");
                }, "$.dashboards[0]", "would overwrite that dataset"),
                new Case("dashboard over a dataset of another data source", (in, f) -> {
                    f.source().putAsset("dashboard", "logs-board", "Logs", java.util.List.of("dataset-00", "athena-logs"));
                    in.putArray("dashboards").add("logs-board");
                }, "$.dashboards[0]", "The dashboard 'logs-board' uses dataset 'athena-logs' (Dataset athena-logs), which reads data source "
                        + "'other_db', not this run's 'autoplan_db'"),
                new Case("renamed data source with dashboards", (in, f) -> in.put("destinationDataSourceId", "renamed_db"),
                        "$.destinationDataSourceId", "keep the id"),
                new Case("row-level security dataset left out", (in, f) -> {
                    in.putArray("datasets").add(QuickSightSamples.WITH_RLS);
                    in.remove("dashboards");
                    in.remove("analyses");
                }, "$.datasets", "row-level security"),
                new Case("same account on both sides", (in, f) -> ((ObjectNode) in.get("destination")).put("accountId", SOURCE_ACCOUNT),
                        "$.destination.accountId", "same account"),
                new Case("new-experience dataset whose id the destination has", (in, f) -> {
                    f.destination().putDataSet(DataSet.builder().dataSetId(QuickSightSamples.NEW_EXPERIENCE).name("Someone else's")
                            .physicalTableMap(java.util.Map.of()).logicalTableMap(java.util.Map.of()).build());
                    in.putArray("datasets").add(QuickSightSamples.NEW_EXPERIENCE);
                    in.remove("dashboards");
                    in.remove("analyses");
                }, "$.datasets[0]", "would overwrite it"),
                new Case("destination role that cannot be assumed (wrong external id)", (in, f) -> ((ObjectNode) in.get("destination"))
                        .put("externalId", "not-the-external-id"), "$.destination.roleArn",
                        "Cannot get credentials for role " + QuickSightSamples.DESTINATION_ROLE + " (AccessDenied, HTTP 403)"),
                new Case("missing credentials (a profile that has none)", (in, f) -> {
                    ObjectNode destination = (ObjectNode) in.get("destination");
                    destination.remove("roleArn");
                    destination.remove("externalId");
                    destination.put("profile", "ferry-test-profile-that-does-not-exist");
                }, "$.destination.profile", "Cannot get credentials for profile ferry-test-profile-that-does-not-exist"),
                new Case("no QuickSight service role", (in, f) -> {
                    f.destinationIam.removeRole("aws-quicksight-service-role-v0");
                    f.destinationIam.removeRole("aws-quicksight-secretsmanager-role-v0");
                }, "$.destination.accountId", "Neither of QuickSight's service roles")
        ).map(Arguments::of);
    }

    @org.junit.jupiter.api.Test
    void validate_whenQuickSightStaysThrottledPastEveryRetry_failsAsValidationFailedNotAsRejectedInput() {
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.quickSight.throttleNext("DescribeAccountSettings", 1_000);
        long before = kit.fakes.quickSight.mutations();

        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-throttled", null), "qs-throttled");

        assertThat(run.visited()).containsExactly("Validate", "ValidationFailed");
        assertThat(run.result().error()).isEqualTo(dev.ferry.core.errors.RetryBudgetExhaustedException.class.getName());
        assertThat(run.message()).contains("DescribeAccountSettings", "times in a row");
        assertThat(kit.fakes.quickSight.mutations()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void validate_whenInputIsBad_namesThePathAndAFixAndCreatesNothing(Case c) {
        // GIVEN
        MigrationTestKit kit = new MigrationTestKit(dir);
        ObjectNode input = (ObjectNode) Json.parse(QuickSightSamples.input("qs-bad-" + Math.abs(c.name().hashCode()), null));
        c.change().accept(input, kit.fakes);
        long before = kit.fakes.quickSight.mutations();

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(Json.write(input), "qs-bad");

        // THEN
        assertThat(run.succeeded()).isFalse();
        assertThat(run.visited()).containsExactly("Validate", "InputRejected");
        assertThat(run.result().error()).isEqualTo(InvalidInputException.class.getName());
        assertThat(run.message()).contains("- " + c.path() + ": ").contains(c.words()).contains("Fix:")
                .doesNotContain(QuickSightSamples.EXTERNAL_ID).doesNotContain("not-the-external-id");
        assertThat(kit.fakes.quickSight.mutations()).isEqualTo(before);
        assertThat(kit.fakes.destinationIam.mutations()).isZero();
        assertThat(kit.ledger().findRun(input.path("runId").asText())).isEmpty();
    }

    @ParameterizedTest(name = "onDataSetIdCollision={0}")
    @MethodSource("collisionOptions")
    void validate_whenAnIdIsTakenAndTheOptionSaysMapOrUpdate_plansIt(String option, String action, String destinationId) {
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.destination().putDataSet(DataSet.builder().dataSetId("dataset-07").name("Someone else's")
                .physicalTableMap(java.util.Map.of()).logicalTableMap(java.util.Map.of()).build());
        ObjectNode input = (ObjectNode) Json.parse(QuickSightSamples.input("qs-collision", null));
        input.putObject("options").put("onDataSetIdCollision", option);

        MigrationPlan plan = new MigrationValidator(kit.deps).validate(input, "qs-collision");

        MigrationPlan.PlannedDataSet d = plan.datasets().stream().filter(x -> x.sourceId().equals("dataset-07")).findFirst().orElseThrow();
        assertThat(d.action().name()).isEqualTo(action);
        assertThat(d.destinationId()).isEqualTo(destinationId);
    }

    static Stream<Arguments> collisionOptions() {
        return Stream.of(Arguments.of("map", "CREATE", "dataset-07-migrated"), Arguments.of("update", "UPDATE", "dataset-07"));
    }

    @org.junit.jupiter.api.Test
    void validate_whenSeveralThingsAreWrong_listsEveryProblemAtOnce() {
        MigrationTestKit kit = new MigrationTestKit(dir);
        ObjectNode input = (ObjectNode) Json.parse(QuickSightSamples.input("qs-many", null));
        input.put("dataSourceId", "no_such_db");
        input.put("artefacts", "gs://bucket/artefacts.json");
        input.put("secretArn", QuickSightSamples.SECRET_ARN.replace(REGION, "eu-west-1"));

        assertThatThrownBy(() -> new MigrationValidator(kit.deps).validate(input, "qs-many"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).extracting(Problem::path)
                        .contains("$.dataSourceId", "$.artefacts", "$.secretArn"));
    }
}
