package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExecutionResultTest {

    private static ExecutionResult failed(String cause) {
        return new ExecutionResult("run", "arn:aws:states:us-east-1:000000000000:execution:sm:run", ExecutionStatus.FAILED,
                null, "Boom", cause, 3, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void causeMessage_whenTheCauseIsALambdaError_isItsErrorMessage() {
        ExecutionResult result = failed("{\"errorMessage\":\"table t is missing\\n- $.a: no Fix: add\",\"errorType\":\"x.Boom\",\"stackTrace\":[]}");

        assertThat(result.causeMessage()).isEqualTo("table t is missing\n- $.a: no Fix: add");
    }

    @Test
    void causeMessage_whenTheCauseIsPlainTextOrOtherJsonOrBroken_isTheCauseItself() {
        assertThat(failed("States.Timeout after 30 s").causeMessage()).isEqualTo("States.Timeout after 30 s");
        assertThat(failed("{\"other\":1}").causeMessage()).isEqualTo("{\"other\":1}");
        assertThat(failed("{not json").causeMessage()).isEqualTo("{not json");
        assertThat(failed(null).causeMessage()).isNull();
    }
}
