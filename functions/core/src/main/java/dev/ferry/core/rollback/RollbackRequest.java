package dev.ferry.core.rollback;

/**
 * Input of every Rollback state: from a workflow's Catch (the failure), or from the rollback
 * workflow (an operator's request).
 *
 * @param runId the run to roll back
 * @param error the error that caused it (null on demand)
 * @param cause its cause
 * @param inputHash the failed execution's input hash: a run id that the ledger holds for other input
 *     belongs to another run and is left alone (null on demand)
 * @param onDemand an operator asked for it (the rollback workflow): a finished run is rolled back too,
 *     and an unknown run id is an input error
 * @param unitFailed the failure came from a Map state, whose error only says that a child failed: the
 *     result carries the unit's own error from the ledger instead
 */
public record RollbackRequest(String runId, String error, String cause, String inputHash, boolean onDemand, boolean unitFailed) {
}
