package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * The end of one execution.
 *
 * @param executionName    the execution's name ({@code $$.Execution.Name})
 * @param executionArn     the execution's ARN ({@code $$.Execution.Id})
 * @param status           how it ended
 * @param output           the output when it succeeded, otherwise null
 * @param error            the error name when it failed (may be null for a Fail state without Error)
 * @param cause            the error's cause when it failed (may be null)
 * @param stateTransitions state transitions as Step Functions bills a Standard workflow: each state
 *                         entered counts one, each retry one more, and so do the states of STANDARD
 *                         child executions of a Distributed Map (EXPRESS children are billed by
 *                         duration instead, so they are not counted)
 * @param startedAt        when the execution started (engine time)
 * @param endedAt          when it ended (engine time)
 */
public record ExecutionResult(String executionName, String executionArn, ExecutionStatus status, JsonNode output,
                              String error, String cause, long stateTransitions, Instant startedAt, Instant endedAt) {
    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }
}
