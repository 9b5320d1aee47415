package dev.ferry.core.rollback;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.ledger.UnitFailure;
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
    /** Nothing was rolled back, for the given reasons. */
    static RollbackResult nothing(String runId, List<String> why) {
        return new RollbackResult(runId, List.of(), why, null);
    }
}
