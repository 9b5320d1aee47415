package dev.ferry.dynamodb.rollback;

import java.util.List;

/**
 * What a rollback did.
 *
 * @param runId the run
 * @param undone resources removed, in the order they were removed
 * @param kept resources left in place, each with the reason (existed before the run, not Ferry's)
 */
public record RollbackResult(String runId, List<String> undone, List<String> kept) {
}
