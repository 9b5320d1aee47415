package dev.ferry.dynamodb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.LedgerDocuments;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.testkit.SampleTables;
import dev.ferry.testkit.VamsAssets;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;

/** The options: dry run, limit, onItemError skip with failed-keys.json taken back as keysFrom, on-demand backups, a write cap. */
class TransformOptionsIntegrationTest {
    @TempDir
    static Path reports;
    private static TransformTestKit kit;
    private static String bucket;

    @BeforeAll
    static void setUp() {
        kit = new TransformTestKit(reports);
        TransformTestKit.ledger();
        bucket = VamsExample.input().at("/variables/assetBucketName").asText();
    }

    private static ObjectNode input(TransformTestKit.Tables t, String runId) {
        return VamsExample.on(t.assets(), t.versions(), runId, TransformTestKit.REGION);
    }

    private static ObjectNode options(ObjectNode input) {
        return (ObjectNode) input.get("options");
    }

    @Test
    void dryRun_whenAsked_countsAndShowsDiffsButWritesNothing() throws Exception {
        TransformTestKit.Tables t = TransformTestKit.vams("opt-dry", 200);
        Map<String, Map<String, AttributeValue>> before = t.assetItems();
        ObjectNode in = input(t, "opt-dry");
        // (a backup is a write too: DynamoDB Local has none, so asking for one proves the dry run does not take it)
        options(in).put("dryRun", true).put("backup", "on-demand");

        TransformRun.Outcome run = kit.run().run(in, "opt-dry");

        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(run.visited()).doesNotContain("VerifySegments");
        assertThat(run.output().path("status").asText()).isEqualTo("PLANNED");
        assertThat(run.output().at("/counts/transformed").asLong()).isEqualTo(180);
        assertThat(run.output().at("/counts/emitted").asLong()).isEqualTo(180);
        assertThat(run.output().path("detail").asText()).startsWith("Dry run, nothing written");
        assertThat(t.assetItems()).isEqualTo(before);
        assertThat(t.versionItems()).isEmpty();
        assertThat(run.output().path("backups")).isEmpty();
        assertThat(TransformTestKit.ledger().resources("opt-dry")).isEmpty();
        try (Stream<Path> files = Files.list(reports.resolve("opt-dry"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("transform-"));
        }
        assertThat(Files.readString(reports.resolve("opt-dry/items.csv"))).contains("sample: would change", "currentVersionId",
                "(removed)");
    }

    @Test
    void limit_whenSet_transformsExactlyThatManyItemsAndVerifiesThem() {
        TransformTestKit.Tables t = TransformTestKit.vams("opt-limit", 300);
        Map<String, Map<String, AttributeValue>> before = t.assetItems();
        ObjectNode in = input(t, "opt-limit");
        options(in).put("limit", 25);

        TransformRun.Outcome run = kit.run().run(in, "opt-limit");

        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(run.output().at("/counts/transformed").asLong()).isEqualTo(25);
        assertThat(run.output().at("/verification/items").asText()).isEqualTo("MATCH");
        assertThat(run.output().at("/verification/itemsChecked").asLong()).isEqualTo(25);
        Map<String, Map<String, AttributeValue>> after = t.assetItems();
        long migrated = before.entrySet().stream().filter(e -> !e.getValue().equals(after.get(e.getKey()))).count();
        assertThat(migrated).isEqualTo(25);
        before.forEach((k, asset) -> {
            if (!asset.equals(after.get(k))) {
                assertThat(after.get(k)).isEqualTo(VamsExpected.asset(asset, bucket));
            }
        });
        assertThat(t.versionItems()).hasSize(25);
    }

    @Test
    void onItemErrorSkip_thenKeysFrom_transformsTheOthersListsTheFailedAndRetriesExactlyThose() throws Exception {
        // GIVEN 150 assets, 4 of them with a currentVersion that has no Version
        TransformTestKit.Tables t = TransformTestKit.vams("opt-skip", 150);
        List<Map<String, AttributeValue>> broken = new ArrayList<>();
        for (int i = 1000; i < 1004; i++) {
            Map<String, AttributeValue> asset = new LinkedHashMap<>(VamsAssets.asset(i, 3));
            asset.put("currentVersion", AttributeValue.fromM(Map.of("Comment", AttributeValue.fromS("no version yet"))));
            broken.add(asset);
        }
        SampleTables.put(TransformTestKit.ddb(), t.assets(), broken);
        Map<String, Map<String, AttributeValue>> before = t.assetItems();
        ObjectNode in = input(t, "opt-skip");
        options(in).put("onItemError", "skip").put("segments", 2);

        // WHEN the run skips them
        TransformRun.Outcome run = kit.run().run(in, "opt-skip");

        // THEN it succeeds with the others, and lists the four
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(run.output().at("/counts/failed").asLong()).isEqualTo(4);
        assertThat(run.output().at("/counts/transformed").asLong()).isEqualTo(135);
        assertThat(run.output().at("/verification/items").asText()).isEqualTo("MATCH");
        Path failedKeys = reports.resolve("opt-skip/failed-keys.json");
        JsonNode manifest = Json.MAPPER.readTree(failedKeys.toFile());
        assertThat(manifest.path("keys")).hasSize(4);
        assertThat(manifest.at("/failures/0/path").asText()).isEqualTo("$.transform.emit[0].item");
        Map<String, Map<String, AttributeValue>> afterSkip = t.assetItems();
        before.forEach((k, asset) -> assertThat(afterSkip.get(k)).isEqualTo(
                asset.get("currentVersion") != null && !asset.get("currentVersion").m().containsKey("Version") ? asset
                        : VamsExpected.asset(asset, bucket)));

        // WHEN the four are given a Version and a second run takes failed-keys.json as its only input
        for (Map<String, AttributeValue> b : broken) {
            TransformTestKit.ddb().updateItem(u -> u.tableName(t.assets())
                    .key(Map.of("databaseId", b.get("databaseId"), "assetId", b.get("assetId")))
                    .updateExpression("SET currentVersion.Version = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS("1"))));
        }
        Map<String, Map<String, AttributeValue>> beforeRetry = t.assetItems();
        ObjectNode retry = input(t, "opt-skip-retry");
        options(retry).put("keysFrom", failedKeys.toString());
        TransformRun.Outcome again = kit.run().run(retry, "opt-skip-retry");

        // THEN exactly those four are read and transformed
        assertThat(again.succeeded()).as("%s: %s", again.error(), again.message()).isTrue();
        assertThat(again.output().at("/counts/scanned").asLong()).isEqualTo(4);
        assertThat(again.output().at("/counts/transformed").asLong()).isEqualTo(4);
        assertThat(again.output().at("/verification/items").asText()).isEqualTo("MATCH");
        Map<String, Map<String, AttributeValue>> after = t.assetItems();
        beforeRetry.forEach((k, asset) -> assertThat(after.get(k)).isEqualTo(VamsExpected.asset(asset, bucket)));
        assertThat(t.versionItems()).hasSize(139);
    }

    @Test
    void backupOnDemand_whenTheServiceTakesBackups_takesOneOfEveryTableWrittenBeforeAnyWriteAndReportsTheirArns() {
        // GIVEN the service's answers to ListBackups and CreateBackup (DynamoDB Local has no backups)
        TransformTestKit.Tables t = TransformTestKit.vams("opt-backup", 50);
        BackupService backups = new BackupService();
        TransformTestKit withBackups = new TransformTestKit(reports, backups);
        ObjectNode in = input(t, "opt-backup");
        options(in).put("backup", "on-demand");

        TransformRun.Outcome run = withBackups.run().run(in, "opt-backup");

        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(backups.requested).containsExactly(t.assets(), t.versions());
        assertThat(backups.requestedBeforeFirstWrite).isTrue();
        assertThat(run.output().path("backups")).hasSize(2);
        assertThat(run.output().at("/backups/0/arn").asText()).startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/" + t.assets() + "/backup/");
        assertThat(run.output().at("/backups/0/name").asText()).isEqualTo("ferry-opt-backup-" + t.assets());
        assertThat(TransformTestKit.ledger().document("opt-backup", LedgerDocuments.PREPARED, PreparedTransform.class)
                .orElseThrow().backups()).hasSize(2);
    }

    @Test
    void backupOnDemand_whenTheBackupIsDenied_failsInPlanBeforeAnyWriteAndStillWritesTheFailedRunsReport() throws Exception {
        // GIVEN a role that may list backups but not take one
        TransformTestKit.Tables t = TransformTestKit.vams("opt-nobackup", 30);
        Map<String, Map<String, AttributeValue>> before = t.assetItems();
        BackupService backups = new BackupService();
        backups.denyCreate = true;
        ObjectNode in = input(t, "opt-nobackup");
        options(in).put("backup", "on-demand");

        // WHEN
        TransformRun.Outcome run = new TransformTestKit(reports, backups).run().run(in, "opt-nobackup");

        // THEN the run fails in Plan, nothing is written, and the failed run's report says why
        assertThat(run.succeeded()).isFalse();
        assertThat(run.visited()).contains("Plan", "Rollback", "ReportFailure", "RunFailed").doesNotContain("TransformSegments");
        assertThat(run.message()).contains("backup", "CreateBackup");
        assertThat(t.assetItems()).isEqualTo(before);
        assertThat(t.versionItems()).isEmpty();
        JsonNode summary = Json.MAPPER.readTree(reports.resolve("opt-nobackup/summary.json").toFile());
        assertThat(summary.path("status").asText()).isEqualTo("FAILED");
        assertThat(summary.at("/failure/error").asText()).isNotBlank();
        assertThat(summary.at("/failure/cause").asText()).contains("CreateBackup");
        assertThat(reports.resolve("opt-nobackup/items.csv")).exists();
    }

    @Test
    void maxWriteUnitsPerSecond_whenSet_makesTheWritesWaitForCapacity() {
        TransformTestKit.Tables t = TransformTestKit.vams("opt-cap", 120);
        AtomicLong waited = new AtomicLong();
        Dependencies deps = Dependencies.builder().clients(ClientFactory.builder().build()).ledgerTable(TransformTestKit.LEDGER)
                .ledgerAutoCreate(true).reportsLocation(reports.toString()).mapConcurrency(10).sleeper(waited::addAndGet).build();
        ObjectNode in = input(t, "opt-cap");
        options(in).put("maxWriteUnitsPerSecond", 20);

        TransformRun.Outcome run = new TransformRun(deps).run(in, "opt-cap");

        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        // 108 updates and 108 records, each at least 1 WCU, at 20 WCU/s: at least ~9 s of waiting
        assertThat(waited.get()).isGreaterThan(9_000);
    }

    @Test
    void maxReadUnitsPerSecond_whenSet_makesTheReadsWaitForCapacity() {
        // GIVEN 120 assets: scanning them, eventually consistent, takes one RCU per 8 KB (and verifying them as much again)
        TransformTestKit.Tables t = TransformTestKit.vams("opt-rcap", 120);
        long bytes = t.assetItems().values().stream().mapToLong(dev.ferry.core.codec.ItemCodec::itemSizeBytes).sum();
        long scanUnits = bytes / 8192;
        assertThat(scanUnits).isGreaterThanOrEqualTo(5);
        AtomicLong waited = new AtomicLong();
        Dependencies deps = Dependencies.builder().clients(ClientFactory.builder().build()).ledgerTable(TransformTestKit.LEDGER)
                .ledgerAutoCreate(true).reportsLocation(reports.toString()).mapConcurrency(10).sleeper(waited::addAndGet).build();
        ObjectNode in = input(t, "opt-rcap");
        options(in).put("maxReadUnitsPerSecond", 1).put("segments", 1);

        // WHEN only reads are capped, at 1 RCU/s
        TransformRun.Outcome run = new TransformRun(deps).run(in, "opt-rcap");

        // THEN the run waited for read capacity, at least as long as the transform's scan alone needs past its first
        // second (writes are not capped: nothing else waits)
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        assertThat(waited.get()).isGreaterThanOrEqualTo((scanUnits - 1) * 1000);
    }

    @Test
    void segmentsAndBatchSize_whenSet_cutThatManyUnitsInAShuffledOrderAndWritePagesOfThatSize() throws Exception {
        TransformTestKit.Tables t = TransformTestKit.vams("opt-units", 200);
        ObjectNode in = input(t, "opt-units");
        options(in).put("segments", 8).put("batchSize", 10);

        TransformRun.Outcome run = kit.run().run(in, "opt-units");

        // THEN eight units, in an order other than the table's (so concurrent segments meet different partitions)
        assertThat(run.succeeded()).as("%s: %s", run.error(), run.message()).isTrue();
        List<String> units = TransformTestKit.ledger().document("opt-units", LedgerDocuments.PREPARED, PreparedTransform.class)
                .orElseThrow().units().stream().map(TransformUnit::unitId).toList();
        assertThat(units).containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7")
                .isNotEqualTo(List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"));
        // AND the rollback data comes a page of at most 10 items at a time, 180 items in all
        long pageFiles = 0;
        long items = 0;
        try (Stream<Path> files = Files.list(reports.resolve("opt-units"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("transform-")).toList()) {
                int n = Json.MAPPER.readTree(f.toFile()).path("items").size();
                assertThat(n).as(f.getFileName().toString()).isBetween(1, 10);
                pageFiles++;
                items += n;
            }
        }
        assertThat(items).isEqualTo(180);
        assertThat(pageFiles).isGreaterThanOrEqualTo(18);
    }

    /**
     * Answers ListBackups and CreateBackup as DynamoDB does (DynamoDB Local answers "unknown operation"), and notes
     * whether every backup was asked for before the run wrote any item.
     */
    private static final class BackupService implements ExecutionInterceptor {
        final List<String> requested = new CopyOnWriteArrayList<>();
        volatile boolean requestedBeforeFirstWrite = true;
        private volatile boolean written;
        /** CreateBackup answers AccessDeniedException (a role without dynamodb:CreateBackup). */
        boolean denyCreate;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String op = context.request().getClass().getSimpleName();
            if (op.equals("UpdateItemRequest") || op.equals("BatchWriteItemRequest")) {
                if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest u
                        && u.tableName().startsWith(TransformTestKit.LEDGER)) {
                    return;
                }
                written = true;
            }
            if (context.request() instanceof CreateBackupRequest c) {
                requested.add(c.tableName());
                requestedBeforeFirstWrite &= !written;
                if (denyCreate) {
                    throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder().statusCode(400)
                            .message("User is not authorized to perform: dynamodb:CreateBackup")
                            .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                    .errorCode("AccessDeniedException").errorMessage("not authorized").build()).build();
                }
            }
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateBackupRequest || context.request() instanceof ListBackupsRequest) {
                return context.httpResponse().toBuilder().statusCode(200).removeHeader("x-amz-crc32").build();
            }
            return context.httpResponse();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            String body;
            if (context.request() instanceof CreateBackupRequest c) {
                body = "{\"BackupDetails\": {\"BackupArn\": \"arn:aws:dynamodb:us-east-1:000000000000:table/" + c.tableName()
                        + "/backup/01700000000000-" + Integer.toHexString(c.backupName().hashCode()) + "\", \"BackupName\": \""
                        + c.backupName() + "\", \"BackupStatus\": \"CREATING\", \"BackupType\": \"USER\", "
                        + "\"BackupCreationDateTime\": 1700000000}}";
            } else if (context.request() instanceof ListBackupsRequest) {
                body = "{\"BackupSummaries\": []}";
            } else {
                return context.responseBody();
            }
            return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
