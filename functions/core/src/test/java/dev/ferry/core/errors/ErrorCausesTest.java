package dev.ferry.core.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A Cause shows each Lambda error document in it as its message, and keeps every other character. */
class ErrorCausesTest {
    private static final String LEDGER_ERROR = "{\"errorMessage\":\"the run ledger (ledger) failed 10 times in a row (last: "
            + "SdkClientException); the step is retried from its last checkpoint.\",\"errorType\":\"dev.ferry.core.errors."
            + "RetryBudgetExhaustedException\",\"stackTrace\":[\"dev.ferry.core.aws.AwsCalls.call(AwsCalls.java:104)\"],"
            + "\"cause\":{\"errorMessage\":\"Unable to execute HTTP request: Unexpected end of file from server\","
            + "\"errorType\":\"software.amazon.awssdk.core.exception.SdkClientException\",\"stackTrace\":[\"x.y(Z.java:1)\"]}}";
    private static final String SCAN_ERROR = "{\"errorMessage\":\"reading src segment 5/10 (verify) failed: {braces} \\\"quoted\\\"\","
            + "\"errorType\":\"dev.ferry.core.errors.RetryBudgetExhaustedException\",\"stackTrace\":[\"a.b(C.java:2)\"]}";

    @Test
    void readable_whenTheCauseIsOneErrorDocument_isItsMessage() {
        assertThat(ErrorCauses.readable(LEDGER_ERROR)).isEqualTo("the run ledger (ledger) failed 10 times in a row (last: "
                + "SdkClientException); the step is retried from its last checkpoint.");
    }

    @Test
    void readable_whenDocumentsAreInsideTheText_replacesEachByItsMessageAndKeepsTheText() {
        String cause = "Rollback incomplete: run r-1 may have left resources behind. Rollback failed with X: " + LEDGER_ERROR
                + ". Fix that, then start the rollback state machine for this runId. Original cause: " + SCAN_ERROR;

        String readable = ErrorCauses.readable(cause);

        assertThat(readable).isEqualTo("Rollback incomplete: run r-1 may have left resources behind. Rollback failed with X: "
                + "the run ledger (ledger) failed 10 times in a row (last: SdkClientException); the step is retried from its last "
                + "checkpoint.. Fix that, then start the rollback state machine for this runId. Original cause: reading src segment "
                + "5/10 (verify) failed: {braces} \"quoted\"");
        assertThat(readable).doesNotContain("stackTrace");
        assertThat(ErrorCauses.errorDocuments(cause)).hasSize(2)
                .allSatisfy(d -> assertThat(d.get("stackTrace").isArray()).isTrue());
    }

    @Test
    void readable_whenThereIsNoWholeDocument_leavesTheCauseAsItIs() {
        assertThat(ErrorCauses.readable(null)).isNull();
        assertThat(ErrorCauses.readable("plain words")).isEqualTo("plain words");
        String cut = "failed: {\"errorMessage\":\"cut off";
        assertThat(ErrorCauses.readable(cut)).isEqualTo(cut);
        assertThat(ErrorCauses.readable("{\"error\":\"no message\"}")).isEqualTo("{\"error\":\"no message\"}");
        assertThat(ErrorCauses.errorDocuments(cut)).isEmpty();
        assertThat(ErrorCauses.readable("{not json")).isEqualTo("{not json");
    }

    @Test
    void readable_keepsTheMessagesLines() {
        // a rejected input's message: one line per problem, which the CLI prints one by one
        assertThat(ErrorCauses.readable("{\"errorMessage\":\"table t is missing\\n- $.a: no Fix: add\",\"errorType\":\"x.Boom\","
                + "\"stackTrace\":[]}")).isEqualTo("table t is missing\n- $.a: no Fix: add");
    }
}
