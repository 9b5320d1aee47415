package dev.ferry.dynamodb.transform;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.FaultInjector;
import dev.ferry.testkit.SampleTables;
import dev.ferry.testkit.VamsAssets;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the transform tests share: the JVM's one DynamoDB Local (the tables and the ledger in us-east-1), a fault
 * injector wired into Ferry's own client factory, a reports folder, and generated VAMS v2.2 tables.
 */
final class TransformTestKit {
    static final String REGION = "us-east-1";
    static final String LEDGER = "ferry-ledger-transform";

    final FaultInjector faults = new FaultInjector(11);
    final ClientFactory clients;
    final Path reports;

    TransformTestKit(Path reports) {
        DynamoDbLocal.get();
        this.reports = reports;
        this.clients = ClientFactory.builder().addInterceptor(faults).build();
    }

    TransformTestKit(Path reports, software.amazon.awssdk.core.interceptor.ExecutionInterceptor extra) {
        DynamoDbLocal.get();
        this.reports = reports;
        this.clients = ClientFactory.builder().addInterceptor(faults).addInterceptor(extra).build();
    }

    /** Dependencies with no real sleeping; every invocation does a whole unit unless a margin says otherwise. */
    Dependencies deps() {
        return deps(0);
    }

    Dependencies deps(long safetyMarginMillis) {
        return Dependencies.builder().clients(clients).ledgerTable(LEDGER).ledgerAutoCreate(true)
                .reportsLocation(reports.toString()).safetyMarginMillis(safetyMarginMillis).mapConcurrency(10)
                .sleeper(millis -> { }).build();
    }

    TransformRun run() {
        return new TransformRun(deps());
    }

    static DynamoDbClient ddb() {
        return DynamoDbLocal.get().client(REGION);
    }

    static RunLedger ledger() {
        RunLedger ledger = new RunLedger(ddb(), LEDGER, new AwsCalls(millis -> { }));
        ledger.ensureTable();
        return ledger;
    }

    /** Two fresh tables named after {@code prefix}, the assets table holding {@code count} generated v2.2 assets. */
    static Tables vams(String prefix, int count) {
        Tables t = new Tables(prefix + "-assets", prefix + "-versions");
        VamsAssets.createTables(ddb(), t.assets(), t.versions());
        VamsAssets.fill(ddb(), t.assets(), count, 3);
        return t;
    }

    /** A VAMS table pair. */
    record Tables(String assets, String versions) {
        Map<String, Map<String, AttributeValue>> assetItems() {
            return SampleTables.scanAll(ddb(), assets, "databaseId", "assetId");
        }

        Map<String, Map<String, AttributeValue>> versionItems() {
            return SampleTables.scanAll(ddb(), versions, "assetId", "assetVersionId");
        }
    }
}
