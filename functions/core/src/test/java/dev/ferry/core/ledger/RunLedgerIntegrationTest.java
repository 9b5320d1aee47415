package dev.ferry.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.TransientException;
import dev.ferry.testkit.DynamoDbLocal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RunLedgerIntegrationTest {
    private static RunLedger ledger;

    @BeforeAll
    static void createLedger() {
        ledger = new RunLedger(DynamoDbLocal.get().client(), "ledger-test", new dev.ferry.core.aws.AwsCalls(millis -> { }));
        ledger.ensureTable();
        ledger.ensureTable(); // idempotent
    }

    @Test
    void startOrResume_whenSameInputAgain_resumesTheRun() {
        RunRecord first = ledger.startOrResume("run-a", "dynamodb-table-copy", "hash-1");
        ledger.setStatus("run-a", RunStatus.FAILED);

        RunRecord again = ledger.startOrResume("run-a", "dynamodb-table-copy", "hash-1");

        assertThat(again.createdAt()).isEqualTo(first.createdAt());
        assertThat(ledger.run("run-a")).map(RunRecord::status).contains(RunStatus.RUNNING);
    }

    @Test
    void unitWork_whenTheWorkFails_keepsItsErrorForRollbackAndThrowsItOn() {
        ledger.startOrResume("run-u", "dynamodb-table-copy", "h");
        IllegalStateException boom = new IllegalStateException("segment 3/8 lost its checkpoint");

        assertThatThrownBy(() -> ledger.unitWork("run-u", () -> {
            throw boom;
        })).isSameAs(boom);

        assertThat(ledger.unitFailure("run-u")).contains(
                new UnitFailure(IllegalStateException.class.getName(), "segment 3/8 lost its checkpoint"));
    }

    @Test
    void unitWork_whenTheWorkSucceeds_returnsItsResultAndRecordsNoFailure() {
        ledger.startOrResume("run-v", "dynamodb-table-copy", "h");

        assertThat(ledger.unitWork("run-v", () -> "done")).isEqualTo("done");
        assertThat(ledger.unitFailure("run-v")).isEmpty();
    }

    @Test
    void startOrResume_whenOtherInput_refusesTheRunId() {
        ledger.startOrResume("run-b", "dynamodb-table-copy", "hash-1");

        assertThatThrownBy(() -> ledger.startOrResume("run-b", "dynamodb-table-copy", "hash-2"))
                .isInstanceOf(RunIdConflictException.class)
                .hasMessageContaining("run-b")
                .hasMessageContaining("new runId");
    }

    @Test
    void recordIntent_whenCalledTwice_keepsOneRecordInCreationOrder() {
        ledger.startOrResume("run-c", "dynamodb-table-copy", "h");
        Side side = Side.of("us-east-1");
        ledger.recordIntent("run-c", "dynamodb:table:us-east-1:B", "dynamodb:table", "B", side);
        ledger.recordIntent("run-c", "dynamodb:table:us-east-1:A", "dynamodb:table", "A", side);
        ledger.recordIntent("run-c", "dynamodb:table:us-east-1:B", "dynamodb:table", "B", side);
        ledger.setResourceStatus("run-c", "dynamodb:table:us-east-1:A", ResourceStatus.CREATED);

        assertThat(ledger.resources("run-c"))
                .extracting(ResourceRecord::name, ResourceRecord::status, ResourceRecord::seq)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("B", ResourceStatus.CREATING, 1L),
                        org.assertj.core.groups.Tuple.tuple("A", ResourceStatus.CREATED, 2L));
        assertThat(ledger.resources("run-c").get(0).side()).isEqualTo(side);
    }

    @Test
    void recordIntents_whenAPageOfResources_recordsThemInOrderOnceAndSetsTheirStatusTogether() {
        ledger.startOrResume("run-i", "postgres-to-dynamodb", "h");
        Side side = Side.of("us-east-1");
        ledger.recordIntent("run-i", "secret:a", "secretsmanager:secret", "a", side);
        List<RunLedger.Intent> page = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            page.add(new RunLedger.Intent("secret:p" + i, "secretsmanager:secret", "p" + i, side));
        }
        page.add(new RunLedger.Intent("secret:a", "secretsmanager:secret", "a", side)); // recorded before: kept

        List<ResourceRecord> first = ledger.recordIntents("run-i", page);
        List<ResourceRecord> again = ledger.recordIntents("run-i", page);
        ledger.setResourceStatuses("run-i", page.subList(0, 30).stream().map(RunLedger.Intent::key).toList(), ResourceStatus.CREATED);

        assertThat(first).extracting(ResourceRecord::seq).startsWith(2L, 3L).endsWith(61L, 1L);
        assertThat(again).isEqualTo(first);
        assertThat(ledger.resources("run-i")).hasSize(61).extracting(ResourceRecord::seq).isSorted().doesNotHaveDuplicates();
        assertThat(ledger.resources("run-i")).filteredOn(r -> r.status() == ResourceStatus.CREATED).hasSize(30);
    }

    @Test
    void saveCheckpoint_whenStale_isFencedOut() {
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("k1"), "n", AttributeValue.fromN("12345678901234567890.123"));
        ledger.saveCheckpoint("run-d", "t0-s0", new Checkpoint(key, 10, 100, 2, "ab", false, 1));

        assertThatThrownBy(() -> ledger.saveCheckpoint("run-d", "t0-s0", new Checkpoint(Map.of(), 5, 50, 1, null, false, 1)))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("advanced by another invocation");
        Optional<Checkpoint> saved = ledger.checkpoint("run-d", "t0-s0");
        assertThat(saved).isPresent();
        assertThat(saved.get().lastKey()).isEqualTo(key);
        assertThat(saved.get().items()).isEqualTo(10);
        assertThat(saved.get().digestHex()).isEqualTo("ab");
    }

    @Test
    void deleteCheckpoints_whenMany_removesAllOfTheRunOnly() {
        for (int i = 0; i < 30; i++) {
            ledger.saveCheckpoint("run-e", "t0-s" + i, new Checkpoint(Map.of(), i, 0, 1, null, true, 1));
        }
        ledger.saveCheckpoint("run-f", "t0-s0", new Checkpoint(Map.of(), 1, 0, 1, null, true, 1));

        assertThat(ledger.deleteCheckpoints("run-e")).isEqualTo(30);

        assertThat(ledger.checkpoints("run-e", "")).isEmpty();
        assertThat(ledger.checkpoints("run-f", "")).hasSize(1);
    }

    @Test
    void document_whenStored_roundTrips() {
        ledger.putDocument("run-g", "plan", Map.of("tables", 3));

        assertThat(ledger.document("run-g", "plan", Map.class)).contains(Map.of("tables", 3));
        assertThat(ledger.document("run-g", "missing", Map.class)).isEmpty();
    }

    @Test
    void recordIntent_whenTheSideHasAnExternalId_keepsOnlyItsDigestInTheLedger() {
        ledger.startOrResume("run-ext", "dynamodb-table-copy", "h");
        Side side = new Side("us-east-1", "arn:aws:iam::111122223333:role/ferry-destination-access", "s3cr3t-external-id", null);

        ledger.recordIntent("run-ext", "dynamodb:table:x:T", "dynamodb:table", "T", side);

        var raw = DynamoDbLocal.get().client().scan(b -> b.tableName("ledger-test")).items().stream()
                .filter(i -> i.get("pk").s().equals("run-ext")).toList();
        assertThat(raw.toString()).doesNotContain("s3cr3t-external-id");
        ResourceRecord stored = ledger.resources("run-ext").get(0);
        assertThat(stored.side().externalId()).isNull();
        assertThat(stored.side().roleArn()).isEqualTo(side.roleArn());
        assertThat(stored.externalIdDigest()).isEqualTo(side.externalIdDigest()).isNotBlank();
        assertThat(stored.needsExternalId()).isTrue();
    }

    @Test
    void saveCheckpoint_withItemsWritten_countsThemOnTheResourceExactlyOncePerPage() {
        ledger.startOrResume("run-w", "dynamodb-table-copy", "h");
        ledger.recordIntent("run-w", "dynamodb:table:x:W", "dynamodb:table", "W", Side.of("us-east-1"));
        Checkpoint page1 = new Checkpoint(Map.of(), 10, 100, 1, null, false, 1);
        ledger.saveCheckpoint("run-w", "copy#t0-s0", page1, "dynamodb:table:x:W", 10);
        ledger.saveCheckpoint("run-w", "copy#t0-s1", new Checkpoint(Map.of(), 7, 70, 1, null, true, 1), "dynamodb:table:x:W", 7);

        // a stale duplicate of page 1 is fenced out, and so is its count
        assertThatThrownBy(() -> ledger.saveCheckpoint("run-w", "copy#t0-s0", page1, "dynamodb:table:x:W", 10))
                .isInstanceOf(TransientException.class);
        assertThat(ledger.resources("run-w").get(0).itemsWritten()).isEqualTo(17);
        assertThat(ledger.checkpoint("run-w", "copy#t0-s0")).map(Checkpoint::items).contains(10L);
    }

    @Test
    void saveCheckpoint_withDetail_keepsIt() {
        ledger.saveCheckpoint("run-d", "verify#t0-s0", new Checkpoint(Map.of(), 1, 1, 1, null, true, 1, "{\"missing\":1}"));

        assertThat(ledger.checkpoint("run-d", "verify#t0-s0")).map(Checkpoint::detail).contains("{\"missing\":1}");
    }
}
