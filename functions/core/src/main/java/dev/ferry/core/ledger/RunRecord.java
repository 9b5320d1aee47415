package dev.ferry.core.ledger;

/**
 * A run's own ledger record.
 *
 * @param runId the run id (the execution name unless the input gave one)
 * @param workflow the workflow name
 * @param inputHash SHA-256 of the normalised input, so a run id cannot be reused with other input
 * @param status where the run stands
 * @param createdAt ISO-8601 instant of the first start
 * @param updatedAt ISO-8601 instant of the last status change
 */
public record RunRecord(String runId, String workflow, String inputHash, RunStatus status, String createdAt, String updatedAt) {
}
