package dev.ferry.dynamodb.copy;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.FakeStsClient;
import dev.ferry.testkit.FaultInjector;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the copy tests share: the JVM's one DynamoDB Local (regions stand in for accounts:
 * us-west-2 is the source, us-east-1 the destination and control side), a fault injector and a
 * fake STS wired into Ferry's own client factory, and a ledger.
 */
final class CopyTestKit {
    static final String LEDGER = "ferry-ledger-test";
    static final String SOURCE_REGION = "us-west-2";
    static final String DEST_REGION = "us-east-1";
    static final String SOURCE_ROLE = "arn:aws:iam::111122223333:role/ferry-source-access";
    static final String DEST_ROLE = "arn:aws:iam::444455556666:role/ferry-destination-access";
    /** A safety margin beyond any Lambda timeout: every invocation processes one page and returns. */
    static final long ONE_PAGE_PER_INVOCATION = 10_000_000;

    final FaultInjector faults = new FaultInjector(42);
    final FakeStsClient sts = new FakeStsClient().allow(SOURCE_ROLE, "ext-src").allow(DEST_ROLE, "ext-dst");
    final ClientFactory clients;
    final Path reports;

    CopyTestKit(Path reports) {
        DynamoDbLocal.get();
        this.reports = reports;
        this.clients = ClientFactory.builder().addInterceptor(faults).stsFactory(s -> sts).build();
    }

    Dependencies deps() {
        return deps(0);
    }

    /** Dependencies with no real sleeping; {@code safetyMarginMillis} decides when a segment pauses. */
    Dependencies deps(long safetyMarginMillis) {
        return Dependencies.builder().clients(clients).ledgerTable(LEDGER).ledgerAutoCreate(true)
                .reportsLocation(reports.toString()).safetyMarginMillis(safetyMarginMillis).mapConcurrency(10)
                .sleeper(millis -> { }).build();
    }

    /** A run of the real state machine with {@link #deps()}. */
    CopyRun copy() {
        return new CopyRun(deps());
    }

    DynamoDbClient source() {
        return DynamoDbLocal.get().client(SOURCE_REGION);
    }

    DynamoDbClient destination() {
        return DynamoDbLocal.get().client(DEST_REGION);
    }

    RunLedger ledger() {
        return new RunLedger(DynamoDbLocal.get().client(DEST_REGION), LEDGER, new AwsCalls(millis -> { }));
    }

    /** Input JSON copying {@code tablesJson} from the source to the destination region. */
    static String input(String runId, String tablesJson, String optionsJson) {
        return """
                {"runId": "%s",
                 "source": {"region": "%s"},
                 "destination": {"region": "%s"},
                 "tables": %s,
                 "options": %s}
                """.formatted(runId, SOURCE_REGION, DEST_REGION, tablesJson, optionsJson);
    }
}
