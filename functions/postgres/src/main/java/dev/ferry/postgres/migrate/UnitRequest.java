package dev.ferry.postgres.migrate;

/**
 * Input of LoadUnit and VerifyUnit: the Map's item (and, when the state machine loops, the previous result).
 *
 * @param runId the run id
 * @param unit the key range
 */
public record UnitRequest(String runId, Unit unit) {
}
