package dev.ferry.dynamodb.transform;

/**
 * Input of TransformSegment and VerifySegment: the Map's item, plus the previous iteration's result
 * when the state machine loops.
 *
 * @param runId the run id
 * @param unit the unit of work
 * @param plan the validated plan
 */
public record UnitRequest(String runId, TransformUnit unit, TransformPlan plan) {
}
