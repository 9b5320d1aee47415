package dev.ferry.dynamodb.rollback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a rollback did.
 *
 * @param runId the run
 * @param undone resources removed, in the order they were removed
 * @param kept resources left in place, each with the reason (existed before the run, not Ferry's)
 * @param failure when a Map state failed because one of its units did: that unit's own error, which
 *     the state machine reports instead of the Map's generic States.ExceedToleratedFailureThreshold
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackResult(String runId, List<String> undone, List<String> kept, UnitFailure failure) {

    /**
     * The error a unit of work failed with.
     *
     * @param error the exception's class name (the error name Lambda reports)
     * @param cause its message, naming the table and segment
     */
    public record UnitFailure(String error, String cause) {
    }
}
