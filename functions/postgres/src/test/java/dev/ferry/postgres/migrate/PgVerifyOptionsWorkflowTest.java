package dev.ferry.postgres.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.testkit.WorkflowRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The verification options of postgres-to-dynamodb through the real ASL: a {@code verifySample} below 1 never
 * claims a full check, and {@code propagateDeletes: false} keeps (and reports) the items of deleted rows.
 */
class PgVerifyOptionsWorkflowTest {
    private static final WorkflowRunner RUNNER = WorkflowRunner.of(PgValidator.WORKFLOW);
    private static final int ROWS = 400;
    @TempDir
    static Path reports;
    private static PgTestKit kit;

    @BeforeAll
    static void setUp() throws Exception {
        kit = new PgTestKit("opt_verify", "opt", 50, reports);
        for (String table : new String[] {"sampled_events", "kept_events"}) {
            kit.table(table, "event_id int PRIMARY KEY, tenant_id text NOT NULL, note text NOT NULL, "
                    + "updated_at timestamptz NOT NULL DEFAULT now()", "i, 'tenant-' || (i % 5), 'note ' || i, now() - interval '1 hour'", ROWS);
        }
    }

    private static ObjectNode input(String table, String mode, double verifySample) {
        ObjectNode input = kit.input();
        input.putArray("tables").addObject().put("source", table).put("target", kit.target(table)).put("segments", 2);
        input.withObject("/options").put("verifySample", verifySample);
        input.put("mode", mode);
        return input;
    }

    private static ExecutionResult run(ObjectNode input, String runId) {
        return RUNNER.run(input, runId, WorkflowRunner.constructorWith(Dependencies.class, kit.deps()));
    }

    private static Map<String, AttributeValue> key(int id) {
        return Map.of("event_id", AttributeValue.fromN(Integer.toString(id)));
    }

    private static boolean inSample(int id) {
        return UnitVerifier.sampled(ItemReads.id(key(id)), 0.25);
    }

    private static Map<String, AttributeValue> item(String table, int id) {
        return kit.dynamo().getItem(b -> b.tableName(kit.target(table)).consistentRead(true).key(key(id))).item();
    }

    private static void plant(String table, int id, String note) {
        kit.dynamo().updateItem(b -> b.tableName(kit.target(table)).key(key(id)).updateExpression("SET note = :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(note))));
    }

    private static String problems(String runId) throws Exception {
        return Files.readString(reports.resolve(runId).resolve("problems.csv"), StandardCharsets.UTF_8);
    }

    @Test
    void verify_whenVerifySampleIsAQuarter_comparesOnlyThatShareFieldByFieldAndNeverClaimsAFullCheck() throws Exception {
        // GIVEN a full migration verified with a quarter of the rows compared field by field
        long expectedSample = IntStream.rangeClosed(1, ROWS).filter(PgVerifyOptionsWorkflowTest::inSample).count();
        assertThat(expectedSample).isBetween(1L, ROWS - 1L);
        int outside = IntStream.rangeClosed(1, ROWS).filter(id -> !inSample(id)).findFirst().orElseThrow();
        int inside = IntStream.rangeClosed(1, ROWS).filter(PgVerifyOptionsWorkflowTest::inSample).findFirst().orElseThrow();

        ExecutionResult full = run(input("sampled_events", "full", 0.25), "opt-sample-full");

        // THEN counts and keys are complete, the sample is what the report says it compared, and the verdict is not MATCH
        assertThat(full.succeeded()).as("%s: %s", full.error(), full.cause()).isTrue();
        JsonNode table = full.output().at("/tables/0");
        assertThat(table.get("sourceRows").asLong()).isEqualTo(ROWS);
        assertThat(table.get("targetItems").asLong()).isEqualTo(ROWS);
        assertThat(table.get("missing").asLong()).isZero();
        assertThat(table.get("result").asText()).isEqualTo("NOT_COMPARABLE");
        assertThat(table.get("detail").asText()).contains("all " + ROWS + " row(s) accounted for", expectedSample + " of " + ROWS
                + " compared field by field", "presence only").doesNotContain("every item");

        // WHEN an item outside the sample is changed in DynamoDB and a sampled drift check runs
        plant("sampled_events", outside, "planted outside the sample");
        ExecutionResult sampledCheck = run(input("sampled_events", "drift-check", 0.25), "opt-sample-drift");

        // THEN the check cannot see it, and says so instead of claiming every row was compared
        assertThat(sampledCheck.succeeded()).as("%s: %s", sampledCheck.error(), sampledCheck.cause()).isTrue();
        JsonNode checked = sampledCheck.output().at("/tables/0");
        assertThat(checked.get("result").asText()).isEqualTo("NOT_COMPARABLE");
        assertThat(checked.get("differing").asLong()).isZero();
        assertThat(checked.get("detail").asText()).contains(expectedSample + " of " + ROWS).doesNotContain("every item");

        // WHEN an item inside the sample is changed too: the sampled check finds that one only
        plant("sampled_events", inside, "planted inside the sample");
        ExecutionResult insideCheck = run(input("sampled_events", "drift-check", 0.25), "opt-sample-drift-2");
        assertThat(insideCheck.succeeded()).isFalse();
        assertThat(insideCheck.error()).isEqualTo("dev.ferry.core.errors.VerificationFailedException");
        assertThat(problems("opt-sample-drift-2")).contains("event_id=" + inside + ",FIELDS_DIFFER")
                .doesNotContain("event_id=" + outside + ",");

        // and a full check (verifySample 1.0) finds both: the planted difference outside the sample was real
        ExecutionResult fullCheck = run(input("sampled_events", "drift-check", 1.0), "opt-sample-drift-3");
        assertThat(fullCheck.succeeded()).isFalse();
        assertThat(problems("opt-sample-drift-3")).contains("event_id=" + inside + ",FIELDS_DIFFER", "event_id=" + outside + ",FIELDS_DIFFER");
    }

    @Test
    void incremental_whenPropagateDeletesIsFalse_keepsTheItemOfADeletedRowAndReportsWhy() throws Exception {
        // GIVEN a migrated table, then a row deleted and another changed in PostgreSQL
        ExecutionResult full = run(input("kept_events", "full", 1.0), "opt-kept-full");
        assertThat(full.succeeded()).as("%s: %s", full.error(), full.cause()).isTrue();
        kit.sql("DELETE FROM kept_events WHERE event_id = 7");
        kit.sql("UPDATE kept_events SET note = 'changed', updated_at = now() WHERE event_id = 8");
        ObjectNode keep = input("kept_events", "incremental", 1.0);
        keep.withObject("/options").put("propagateDeletes", false);

        // WHEN an incremental run keeps deletes out
        ExecutionResult incremental = run(keep, "opt-kept-incremental");

        // THEN the run succeeds, the change is brought over, the deleted row's item stays, and the report says so and why
        assertThat(incremental.succeeded()).as("%s: %s", incremental.error(), incremental.cause()).isTrue();
        JsonNode table = incremental.output().at("/tables/0");
        assertThat(table.get("written").asLong()).isEqualTo(1);
        assertThat(table.get("deleted").asLong()).isZero();
        assertThat(table.get("extra").asLong()).isEqualTo(1);
        assertThat(table.get("result").asText()).isEqualTo("NOT_COMPARABLE");
        assertThat(table.get("detail").asText()).contains("1 item(s) whose row is gone were kept", "propagateDeletes is false");
        assertThat(item("kept_events", 7)).isNotEmpty();
        assertThat(item("kept_events", 8).get("note").s()).isEqualTo("changed");
        assertThat(problems("opt-kept-incremental").lines().filter(l -> l.contains("ITEM_KEPT")))
                .singleElement().asString().contains("N=7)", "kept because propagateDeletes is false");

        // WHEN the next incremental run propagates deletes: that very item is deleted, and the table matches again
        ExecutionResult propagate = run(input("kept_events", "incremental", 1.0), "opt-kept-propagate");
        assertThat(propagate.succeeded()).as("%s: %s", propagate.error(), propagate.cause()).isTrue();
        assertThat(propagate.output().at("/tables/0/deleted").asLong()).isEqualTo(1);
        assertThat(propagate.output().at("/tables/0/result").asText()).isEqualTo("MATCH");
        assertThat(item("kept_events", 7)).isEmpty();
    }
}
