package dev.ferry.quicksight.migration;

import static dev.ferry.testkit.quicksight.QuickSightSamples.DESTINATION_ACCOUNT;
import static dev.ferry.testkit.quicksight.QuickSightSamples.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.quicksight.FakeQuickSight;
import dev.ferry.testkit.quicksight.QuickSightSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import java.util.Map;
import software.amazon.awssdk.services.quicksight.model.AccessDeniedException;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.DataSourceType;
import software.amazon.awssdk.services.quicksight.model.Edition;
import software.amazon.awssdk.services.quicksight.model.ResourceStatus;

/**
 * quicksight-migration end to end: the checked-in ASL run by the local engine with the real handlers, against
 * the sample accounts in the in-process fakes (25 datasets: some SPICE, some custom SQL, one with row-level
 * security; 3 dashboards and 2 analyses). Success, a re-run that changes nothing, cleanup from the artefacts
 * file, failures half-way with rollback, and a dry run.
 */
class QuickSightMigrationWorkflowTest {
    @TempDir
    Path dir;

    private static List<JsonNode> rows(JsonNode report, String kind) {
        List<JsonNode> out = new ArrayList<>();
        report.path("rows").forEach(r -> {
            if (r.path("kind").asText().equals(kind)) {
                out.add(r);
            }
        });
        return out;
    }

    @Test
    void execute_whenMigratingTheSampleAccount_movesVerifiesReportsAndWritesTheArtefacts() throws IOException {
        // GIVEN the sample accounts, with some throttling on the way
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.quickSight.throttleNext("CreateDataSet", 3).throttleNext("DescribeDataSource", 2);
        // ... and a second dataset of the new data-preparation experience, which reads another data source
        kit.fakes.source().newExperienceDataSets.add("athena-logs");
        Path artefacts = dir.resolve("artefacts.json");

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-success", artefacts.toString()), "qs-success");

        // THEN every moved dataset and asset matches its source
        assertThat(run.succeeded()).as("%s: %s", run.result().error(), run.message()).isTrue();
        JsonNode report = run.output();
        assertThat(report.path("status").asText()).isEqualTo("SUCCEEDED");
        List<JsonNode> datasets = rows(report, "dataset");
        assertThat(datasets).hasSize(25);
        assertThat(datasets.stream().filter(r -> "MATCH".equals(r.path("verdict").asText()))).hasSize(QuickSightSamples.MOVED);
        assertThat(datasets.stream().filter(r -> r.path("action").asText().equals("SKIPPED")).map(r -> r.path("sourceId").asText()))
                .containsExactlyInAnyOrderElementsOf(QuickSightSamples.SPICE);
        // ... the datasets DescribeDataSet refuses were found and exported: the one of the data source imported, the other not
        assertThat(rows(report, "dataset")).filteredOn(r -> r.path("sourceId").asText().equals(QuickSightSamples.NEW_EXPERIENCE))
                .singleElement().satisfies(r -> {
                    assertThat(r.path("action").asText()).isEqualTo("IMPORTED");
                    assertThat(r.path("verdict").asText()).isEqualTo("NOT_COMPARABLE");
                    assertThat(r.path("detail").asText()).contains("asset bundle");
                });
        assertThat(rows(report, "dataset")).filteredOn(r -> r.path("sourceId").asText().equals("athena-logs"))
                .singleElement().satisfies(r -> {
                    assertThat(r.path("action").asText()).isEqualTo("NOT_MOVED");
                    assertThat(r.path("detail").asText()).contains("exported asset bundle", "other_db");
                });
        assertThat(datasets.stream().filter(r -> r.path("customSql").asBoolean()).count()).isEqualTo(3);
        assertThat(rows(report, "dashboard")).hasSize(3).allSatisfy(r -> assertThat(r.path("verdict").asText()).isEqualTo("MATCH"));
        assertThat(rows(report, "analysis")).hasSize(2).allSatisfy(r -> assertThat(r.path("verdict").asText()).isEqualTo("MATCH"));
        // ... the destination holds them, reading its own data source, with the group's permissions
        FakeQuickSight.Account dst = kit.fakes.destination();
        assertThat(dst.dataSets).hasSize(QuickSightSamples.MOVED + 1).containsKey(QuickSightSamples.NEW_EXPERIENCE)
                .doesNotContainKey("athena-logs");
        assertThat(dst.dataSources).containsOnlyKeys(QuickSightSamples.DATA_SOURCE);
        assertThat(dst.dataSets.get(QuickSightSamples.WITH_RLS).rowLevelPermissionDataSet().arn())
                .isEqualTo(dst.arn("dataset", QuickSightSamples.RLS_RULES));
        assertThat(dst.dataSets.values()).allSatisfy(d -> d.physicalTableMap().values().forEach(t -> assertThat(
                t.relationalTable() != null ? t.relationalTable().dataSourceArn() : t.customSql().dataSourceArn())
                .isEqualTo(dst.arn("datasource", QuickSightSamples.DATA_SOURCE))));
        assertThat(dst.permissions.get(dst.arn("dataset", "dataset-00"))).extracting(p -> p.principal())
                .contains(dst.groupArn("default", "Admins"), dst.groupArn("default", "Analysts"));
        assertThat(dst.tags.get(dst.arn("dataset", "dataset-00"))).extracting(t -> t.key()).contains("team", "ferry:run-id");
        assertThat(dst.dataSources.get(QuickSightSamples.DATA_SOURCE).dataSource.status()).isEqualTo(ResourceStatus.CREATION_SUCCESSFUL);
        assertThat(dst.dataSources.get(QuickSightSamples.DATA_SOURCE).dataSource.secretArn()).isEqualTo(QuickSightSamples.SECRET_ARN);
        assertThat(dst.dashboards.keySet()).containsExactlyInAnyOrderElementsOf(QuickSightSamples.DASHBOARDS);
        assertThat(dst.analyses.keySet()).containsExactlyInAnyOrderElementsOf(QuickSightSamples.ANALYSES);
        assertThat(dst.groups).containsKey("Admins");
        assertThat(dst.memberships.get("Admins")).containsExactly("ferry-quicksight-destination/ferry");
        assertThat(dst.users.get("ferry-quicksight-destination/ferry").role().toString()).isEqualTo("ADMIN");
        assertThat(kit.fakes.destinationIam.inlinePolicies("aws-quicksight-service-role-v0")).hasSize(1)
                .allSatisfy((name, doc) -> assertThat(doc).contains(QuickSightSamples.SECRET_ARN));
        // ... the data source was waited on by the state machine's loop, never in a Lambda
        assertThat(run.visited()).contains("WaitForDataSource", "CheckDataSource", "AssetBundles");
        assertThat(run.visited().stream().filter(s -> s.endsWith("WaitForBundle")).count()).isGreaterThanOrEqualTo(5);
        // ... the report and the artefacts file (the earlier tool's keys, plus the run id)
        Path summary = kit.reports.resolve("qs-success").resolve("summary.json");
        assertThat(summary).exists();
        assertThat(Files.readString(kit.reports.resolve("qs-success").resolve("assets.csv"))).contains("dataset,dataset-00,dataset-00,CREATED,MATCH");
        assertThat(kit.reports.resolve("qs-success").resolve("dataset-" + QuickSightSamples.RLS_RULES + ".json")).exists();
        JsonNode file = Json.parse(Files.readString(artefacts));
        assertThat(file.path("destination_datasource_arn").asText()).isEqualTo(dst.arn("datasource", QuickSightSamples.DATA_SOURCE));
        assertThat(file.path("group_arn").asText()).isEqualTo(dst.groupArn("default", "Admins"));
        assertThat(file.path("datasets_arns")).hasSize(QuickSightSamples.MOVED + 1);
        assertThat(file.path("datasets_defs_path").asText()).endsWith("qs-success/");
        assertThat(file.path("ferry_run_id").asText()).isEqualTo("qs-success");
        assertThat(file.path("dashboards_arns")).hasSize(3);
        assertThat(file.path("ferry_status").asText()).isEqualTo("SUCCEEDED");
        // ... and no secret (the roles' external id) in the ledger, the reports or the artefacts file
        assertThat(DynamoDbLocal.get().client("us-east-1").scanPaginator(b -> b.tableName(MigrationTestKit.LEDGER)).items().stream()
                .map(Object::toString)).isNotEmpty().noneMatch(item -> item.contains(QuickSightSamples.EXTERNAL_ID));
        try (var files = Files.walk(kit.reports)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(QuickSightSamples.EXTERNAL_ID);
            }
        }
        assertThat(Files.readString(artefacts)).doesNotContain(QuickSightSamples.EXTERNAL_ID);

        // WHEN the same run is started again
        long quickSightChanges = kit.fakes.quickSight.mutations();
        long iamChanges = kit.fakes.destinationIam.mutations();
        MigrationTestKit.Outcome again = kit.migrate(QuickSightSamples.input("qs-success", artefacts.toString()), "qs-success-again");

        // THEN it verifies again and changes nothing
        assertThat(again.succeeded()).as("%s: %s", again.result().error(), again.message()).isTrue();
        assertThat(again.output().path("totals").path("mismatched").asInt()).isZero();
        assertThat(kit.fakes.quickSight.mutations()).isEqualTo(quickSightChanges);
        assertThat(kit.fakes.destinationIam.mutations()).isEqualTo(iamChanges);

        // WHEN the run is cleaned up from its artefacts file (the rollback workflow with the run id it names)
        String runId = Json.parse(Files.readString(artefacts)).path("ferry_run_id").asText();
        MigrationTestKit.Outcome cleanup = kit.rollBack(runId);

        // THEN everything the run created is gone, and what existed before is kept
        assertThat(cleanup.succeeded()).as("%s: %s", cleanup.result().error(), cleanup.message()).isTrue();
        assertThat(cleanup.visited()).contains("FindRun", "RollbackQuickSightMigration");
        assertThat(dst.dataSets).isEmpty();
        assertThat(dst.dataSources).isEmpty();
        assertThat(dst.dashboards).isEmpty();
        assertThat(dst.analyses).isEmpty();
        assertThat(dst.groups.keySet()).containsExactly("Analysts");
        assertThat(dst.users).isEmpty();
        assertThat(kit.fakes.destinationIam.inlinePolicies("aws-quicksight-service-role-v0")).isEmpty();
        assertThat(artefacts).doesNotExist();
        assertThat(kit.fakes.source().dataSets).hasSize(25);
    }

    @Test
    void execute_whenARetriedCreateMeetsTheResourceStillBeingCreated_waitsItOutAndDuplicatesNothing() {
        // GIVEN creates whose answers are lost after they took effect (a 500), so that the retried create meets the data
        // source or dataset it made still CREATION_IN_PROGRESS, which QuickSight answers with ConflictException
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.quickSight.dataSetCreationCalls = 3;
        kit.fakes.quickSight.loseNextAnswer("CreateDataSource", 1).loseNextAnswer("CreateDataSet", 2);

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-conflict", null), "qs-conflict");

        // THEN the run waited the conflicts out and succeeded
        assertThat(run.succeeded()).as("%s: %s", run.result().error(), run.message()).isTrue();
        assertThat(kit.fakes.quickSight.conflicts()).as("ConflictException answers").isGreaterThanOrEqualTo(3);
        assertThat(run.output().path("totals").path("mismatched").asInt()).isZero();
        List<JsonNode> datasets = rows(run.output(), "dataset");
        assertThat(datasets).hasSize(25);
        assertThat(datasets.stream().map(r -> r.path("sourceId").asText())).doesNotHaveDuplicates();
        assertThat(datasets.stream().filter(r -> "MATCH".equals(r.path("verdict").asText()))).hasSize(QuickSightSamples.MOVED);
        // ... with nothing made twice: one data source, one dataset per source dataset, each recorded once in the ledger
        FakeQuickSight.Account dst = kit.fakes.destination();
        assertThat(dst.dataSources).containsOnlyKeys(QuickSightSamples.DATA_SOURCE);
        assertThat(dst.dataSets).hasSize(QuickSightSamples.MOVED + 1);
        List<String> recorded = kit.ledger().resources("qs-conflict").stream()
                .filter(r -> r.type().equals("quicksight:dataset") || r.type().equals("quicksight:datasource")).map(r -> r.name()).toList();
        assertThat(recorded).doesNotHaveDuplicates().hasSize(QuickSightSamples.MOVED + 2);

        // WHEN the run is rolled back
        MigrationTestKit.Outcome cleanup = kit.rollBack("qs-conflict");

        // THEN what the conflicted creates made is removed too (it was recorded before it was made)
        assertThat(cleanup.succeeded()).as("%s: %s", cleanup.result().error(), cleanup.message()).isTrue();
        assertThat(dst.dataSets).isEmpty();
        assertThat(dst.dataSources).isEmpty();
    }

    @Test
    void rollback_whenTheRunFailsWhileItsDataSourceIsStillBeingCreated_waitsForItAndDeletesIt() {
        // GIVEN a run that fails while its new data source is still CREATION_IN_PROGRESS (QuickSight refuses to delete
        // it then, with ConflictException)
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.quickSight.dataSourcePolls = 3;
        kit.when("CheckDataSource", () -> kit.fakes.quickSight.failNext("DescribeDataSource", () -> AccessDeniedException.builder()
                .statusCode(403).message("User is not authorized to perform quicksight:DescribeDataSource").build()));

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-ds-in-progress", null), "qs-ds-in-progress");

        // THEN the rollback waited for the creation to end and deleted the data source: nothing is left behind
        assertThat(run.succeeded()).isFalse();
        assertThat(run.message()).contains("not authorized").doesNotContain("Rollback incomplete");
        assertThat(kit.fakes.destination().dataSources).isEmpty();
        assertThat(kit.fakes.destination().users).isEmpty();
        assertThat(kit.fakes.destinationIam.inlinePolicies("aws-quicksight-service-role-v0")).isEmpty();
        assertThat(kit.ledger().findRun("qs-ds-in-progress")).get().extracting(r -> r.status().name()).isEqualTo("ROLLED_BACK");
    }

    static Stream<Arguments> preflightFailures() {
        return Stream.of(
                Arguments.of("VPC connection unavailable", (Consumer<QuickSightSamples.Fakes>) f -> f.destination().unavailableVpcConnections
                        .add(QuickSightSamples.VPC_CONNECTION_ARN.substring(QuickSightSamples.VPC_CONNECTION_ARN.lastIndexOf('/') + 1)),
                        List.of("VPC connection", "UNAVAILABLE", "Nothing was imported", "Fix: repair it")),
                Arguments.of("secret scheduled for deletion", (Consumer<QuickSightSamples.Fakes>) f -> f.destinationSecrets.deleteSecret(b -> b
                        .secretId(QuickSightSamples.SECRET_ARN)), List.of(QuickSightSamples.SECRET_ARN, "scheduled for deletion",
                        "Nothing was imported", "Fix: restore it")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("preflightFailures")
    void execute_whenThePreflightCheckFails_stopsBeforeAnyImportAndRollsBackWhatTheRunMade(String name, Consumer<QuickSightSamples.Fakes> breakIt,
                                                                                         List<String> words) throws IOException {
        // GIVEN a run during which, once the datasets are moved, QuickSight can no longer use the secret or the VPC connection
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.when("AssetBundles", () -> breakIt.accept(kit.fakes));

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-preflight", null), "qs-preflight");

        // THEN the run stops before any import, naming what to fix
        assertThat(run.succeeded()).isFalse();
        assertThat(run.visited()).contains("AssetBundles", "Rollback", "ReportFailure", "RunFailed");
        assertThat(run.message()).contains(words);
        FakeQuickSight.Account dst = kit.fakes.destination();
        assertThat(dst.importJobsStarted()).isZero();
        // ... and rollback removed what the run had made before it: the datasets, the data source, the user, the group, the policy
        assertThat(dst.dataSets).isEmpty();
        assertThat(dst.dataSources).isEmpty();
        assertThat(dst.dashboards).isEmpty();
        assertThat(dst.users).isEmpty();
        assertThat(dst.groups.keySet()).containsExactly("Analysts");
        assertThat(kit.fakes.destinationIam.inlinePolicies("aws-quicksight-service-role-v0")).isEmpty();
        JsonNode summary = Json.parse(Files.readString(kit.reports.resolve("qs-preflight").resolve("summary.json")));
        assertThat(summary.path("status").asText()).isEqualTo("FAILED");
        assertThat(summary.at("/error/undone").toString()).contains("quicksight:dataset", "quicksight:datasource");
    }

    @Test
    void execute_whenADashboardsBundleWouldBringAnotherDataSource_refusesItBeforeAnyImportAndRollsBack() {
        // GIVEN a dashboard over a dataset of another data source that DescribeDataSet refuses (new data-preparation
        // experience), so that Validate cannot see its data source and only the exported bundle shows it
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.source().putAsset("dashboard", "logs-board", "Logs", List.of("dataset-00", "athena-logs"));
        kit.fakes.source().newExperienceDataSets.add("athena-logs");
        ObjectNode input = (ObjectNode) Json.parse(QuickSightSamples.input("qs-other-source", null));
        input.putArray("datasets").add("dataset-00");
        input.putArray("dashboards").add("logs-board");
        input.remove("analyses");

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(Json.write(input), "qs-other-source");

        // THEN it is refused at export, naming the dashboard, the data source and what to do, and nothing is imported
        assertThat(run.succeeded()).isFalse();
        assertThat(run.visited()).contains("Rollback");
        assertThat(run.message()).contains("dashboard logs-board", "other_db", "Nothing of it was imported",
                "Fix: move data source(s) other_db", "leave it out of dashboards");
        FakeQuickSight.Account dst = kit.fakes.destination();
        assertThat(dst.importJobsStarted()).isZero();
        assertThat(dst.dataSources).isEmpty();
        assertThat(dst.dataSets).isEmpty();
    }

    @Test
    void execute_whenADatasetIsRejectedHalfWay_rollsBackAndReportsTheColumn() throws IOException {
        // GIVEN a destination database that rejects the calculated column "margin" of some datasets
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.destination().rejectedColumns.add("margin");

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-rejected", null), "qs-rejected");

        // THEN the run fails naming the dataset, the column and the fix, after rolling back everything it created
        assertThat(run.succeeded()).isFalse();
        assertThat(run.visited()).contains("Rollback", "ReportFailure", "RunFailed");
        assertThat(run.result().error()).isEqualTo("dev.ferry.core.errors.FerryException");
        assertThat(run.message()).contains("calculated column(s) margin", "dataset-", "Fix: review the definition");
        FakeQuickSight.Account dst = kit.fakes.destination();
        assertThat(dst.dataSets).isEmpty();
        assertThat(dst.dataSources).isEmpty();
        assertThat(dst.groups.keySet()).containsExactly("Analysts");
        assertThat(dst.users).isEmpty();
        assertThat(kit.fakes.destinationIam.inlinePolicies("aws-quicksight-service-role-v0")).isEmpty();
        // ... and a report of the failed run says what happened
        JsonNode summary = Json.parse(Files.readString(kit.reports.resolve("qs-rejected").resolve("summary.json")));
        assertThat(summary.path("status").asText()).isEqualTo("FAILED");
        assertThat(summary.at("/error/cause").asText()).contains("margin");
        assertThat(summary.at("/error/undone").toString()).contains("quicksight:datasource");
    }

    @Test
    void execute_whenTheAssetImportFails_reportsItsErrorsItemByItemAndRollsBack() {
        // GIVEN an import that QuickSight fails and rolls back
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.destination().nextImportErrors.add("Dataset dataset-00 has an invalid column reference");

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-import-fails", null), "qs-import-fails");

        // THEN
        assertThat(run.succeeded()).isFalse();
        assertThat(run.message()).contains("FAILED_ROLLBACK_COMPLETED", "invalid column reference");
        assertThat(kit.fakes.destination().dataSets).isEmpty();
        assertThat(kit.fakes.destination().dashboards).isEmpty();
    }

    @Test
    void execute_whenRunAgainWithTheSameRunIdAfterARollback_movesEverythingAgain() throws IOException {
        // GIVEN a run whose asset import failed, so that it was rolled back
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.destination().nextImportErrors.add("Dataset dataset-00 has an invalid column reference");
        MigrationTestKit.Outcome failed = kit.migrate(QuickSightSamples.input("qs-again", null), "qs-again-1");
        assertThat(failed.succeeded()).isFalse();
        assertThat(kit.fakes.destination().dashboards).isEmpty();
        // ... the rollback waited for every import job it had started to end (none can be cancelled), so that none
        // creates its dashboards after the rollback removed them
        JsonNode undone = Json.parse(Files.readString(kit.reports.resolve("qs-again").resolve("summary.json"))).at("/error/undone");
        assertThat(undone.toString()).contains("quicksight:asset-bundle-import-job");
        undone.forEach(u -> {
            if (u.asText().startsWith("quicksight:asset-bundle-import-job")) {
                assertThat(u.asText()).containsAnyOf("job ended SUCCESSFUL", "job ended FAILED");
            }
        });

        // WHEN the cause is gone and the same run id is started again
        MigrationTestKit.Outcome again = kit.migrate(QuickSightSamples.input("qs-again", null), "qs-again-2");

        // THEN the run moves everything again (new asset bundle jobs, nothing taken from the rolled-back attempt)
        assertThat(again.succeeded()).as("%s: %s", again.result().error(), again.message()).isTrue();
        assertThat(again.output().path("totals").path("mismatched").asInt()).isZero();
        assertThat(kit.fakes.destination().dashboards.keySet()).containsExactlyInAnyOrderElementsOf(QuickSightSamples.DASHBOARDS);
        assertThat(kit.fakes.destination().analyses.keySet()).containsExactlyInAnyOrderElementsOf(QuickSightSamples.ANALYSES);
        assertThat(kit.fakes.destination().dataSets).hasSize(QuickSightSamples.MOVED + 1); // + the one of the new experience

        // ... and a cleanup of that run id removes what the second attempt made
        MigrationTestKit.Outcome cleanup = kit.rollBack("qs-again");
        assertThat(cleanup.succeeded()).as("%s: %s", cleanup.result().error(), cleanup.message()).isTrue();
        assertThat(kit.fakes.destination().dashboards).isEmpty();
        assertThat(kit.fakes.destination().dataSets).isEmpty();
    }

    @Test
    void rollback_whenTheRunUpdatedWhatExistedBefore_restoresItAndDeletesNothingOfIt() {
        // GIVEN a destination that already has the data source's id and a dataset of id dataset-07, neither Ferry's
        MigrationTestKit kit = new MigrationTestKit(dir);
        FakeQuickSight.Account dst = kit.fakes.destination();
        kit.fakes.quickSight.dataSourcePolls = 0;
        kit.fakes.quickSight(QuickSightSamples.DESTINATION_ROLE, REGION).createDataSource(b -> b.awsAccountId(DESTINATION_ACCOUNT)
                .dataSourceId(QuickSightSamples.DATA_SOURCE).name("Their database").type(DataSourceType.AURORA_POSTGRESQL)
                .dataSourceParameters(p -> p.auroraPostgreSqlParameters(a -> a.host("their-host").port(5432).database("theirs"))));
        dst.putDataSet(DataSet.builder().dataSetId("dataset-07").name("Their dataset").physicalTableMap(Map.of())
                .logicalTableMap(Map.of()).build());
        String input = QuickSightSamples.input("qs-update", null).replaceFirst("\\}\\s*$",
                ", \"options\": {\"onDataSetIdCollision\": \"update\"}}");

        // WHEN the run updates both in place, and is then rolled back on demand
        MigrationTestKit.Outcome run = kit.migrate(input, "qs-update");
        assertThat(run.succeeded()).as("%s: %s", run.result().error(), run.message()).isTrue();
        assertThat(rows(run.output(), "dataset")).filteredOn(r -> r.path("sourceId").asText().equals("dataset-07"))
                .singleElement().satisfies(r -> assertThat(r.path("action").asText()).isEqualTo("UPDATED"));
        assertThat(dst.dataSets.get("dataset-07").name()).isEqualTo("Dataset dataset-07");
        MigrationTestKit.Outcome cleanup = kit.rollBack("qs-update");

        // THEN both are back as they were, and everything the run created is gone
        assertThat(cleanup.succeeded()).as("%s: %s", cleanup.result().error(), cleanup.message()).isTrue();
        assertThat(dst.dataSets).containsOnlyKeys("dataset-07");
        assertThat(dst.dataSets.get("dataset-07").name()).isEqualTo("Their dataset");
        assertThat(dst.dataSets.get("dataset-07").physicalTableMap()).isEmpty();
        assertThat(dst.dataSources).containsOnlyKeys(QuickSightSamples.DATA_SOURCE);
        DataSource restored = dst.dataSources.get(QuickSightSamples.DATA_SOURCE).dataSource;
        assertThat(restored.name()).isEqualTo("Their database");
        assertThat(restored.dataSourceParameters().auroraPostgreSqlParameters().host()).isEqualTo("their-host");
        assertThat(dst.dashboards).isEmpty();
    }

    @Test
    void execute_whenTheDataSourceCreationFails_failsWithQuickSightsErrorInfo() {
        // GIVEN a data source QuickSight cannot create
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.destination().failingDataSources.put(QuickSightSamples.DATA_SOURCE, "password authentication failed for user \"qs\"");

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-ds-fails", null), "qs-ds-fails");

        // THEN
        assertThat(run.succeeded()).isFalse();
        assertThat(run.result().error()).isEqualTo(DataSourceFailedException.class.getName());
        assertThat(run.message()).contains("ACCESS_DENIED", "password authentication failed", "Fix:");
        assertThat(kit.fakes.destination().dataSources).isEmpty();
    }

    @Test
    void execute_whenDryRun_plansAndCreatesNothing() {
        MigrationTestKit kit = new MigrationTestKit(dir);
        String input = QuickSightSamples.input(null, null).replaceFirst("\\}\\s*$", ", \"options\": {\"dryRun\": true}}");

        MigrationTestKit.Outcome run = kit.migrate(input, "qs-dry-run");

        assertThat(run.succeeded()).as("%s: %s", run.result().error(), run.message()).isTrue();
        assertThat(run.output().path("status").asText()).isEqualTo("PLANNED");
        assertThat(rows(run.output(), "dataset").stream().filter(r -> r.path("action").asText().equals("WOULD_CREATE"))).hasSize(QuickSightSamples.MOVED);
        assertThat(run.visited()).doesNotContain("Foundation");
        assertThat(kit.fakes.quickSight.mutations()).isZero();
    }

    @Test
    void execute_whenAdoptingTheEarlierToolsArtefacts_bringsThemInLineAndCleanupRemovesThem() throws IOException {
        // GIVEN what the earlier tool made in the destination: the data source, the group and one dataset
        MigrationTestKit kit = new MigrationTestKit(dir);
        FakeQuickSight.Account dst = kit.fakes.destination();
        var client = kit.fakes.quickSight(QuickSightSamples.DESTINATION_ROLE, REGION);
        client.createGroup(b -> b.awsAccountId(DESTINATION_ACCOUNT).namespace("default").groupName("Admins"));
        Path seed = dir.resolve("seed-artefacts.json");
        Files.writeString(seed, """
                {"destination_role_arn": "arn:aws:iam::%s:role/QS-MigrationDest",
                 "destination_datasource_arn": null,
                 "group_arn": "%s",
                 "datasets_arns": [],
                 "datasets_defs_path": "artefacts/datasets"}
                """.formatted(DESTINATION_ACCOUNT, dst.groupArn("default", "Admins")));
        String input = QuickSightSamples.input("qs-adopt", null).replaceFirst("\\}\\s*$", ", \"adoptArtefacts\": \""
                + seed.toString().replace("\\", "\\\\") + "\"}");

        // WHEN
        MigrationTestKit.Outcome run = kit.migrate(input, "qs-adopt");
        MigrationTestKit.Outcome cleanup = kit.rollBack("qs-adopt");

        // THEN the adopted group went with the cleanup, as the earlier tool's cleanup would have removed it
        assertThat(run.succeeded()).as("%s: %s", run.result().error(), run.message()).isTrue();
        assertThat(cleanup.succeeded()).as("%s: %s", cleanup.result().error(), cleanup.message()).isTrue();
        assertThat(dst.groups.keySet()).containsExactly("Analysts");
        assertThat(dst.dataSets).isEmpty();
    }

    @Test
    void execute_whenTheDestinationIsStandardEdition_rejectsTheInputAndCreatesNothing() {
        MigrationTestKit kit = new MigrationTestKit(dir);
        kit.fakes.destination().edition = Edition.STANDARD;

        MigrationTestKit.Outcome run = kit.migrate(QuickSightSamples.input("qs-standard", null), "qs-standard");

        assertThat(run.succeeded()).isFalse();
        assertThat(run.visited()).containsExactly("Validate", "InputRejected");
        assertThat(run.result().error()).isEqualTo("dev.ferry.core.errors.InvalidInputException");
        assertThat(run.message()).contains("$.destination.accountId", "Standard edition", "Fix: Upgrade");
        assertThat(kit.fakes.quickSight.mutations()).isZero();
        assertThat(kit.ledger().findRun("qs-standard")).isEmpty();
    }
}
