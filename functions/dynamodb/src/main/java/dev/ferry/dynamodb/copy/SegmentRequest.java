package dev.ferry.dynamodb.copy;

import dev.ferry.core.aws.Side;

/**
 * Input of CopySegment and VerifySegment: the Map's item, plus the previous iteration's result
 * when the state machine loops.
 *
 * @param runId the run id
 * @param unit the scan segment
 * @param source where it is read from (and re-read to verify it)
 * @param destination where it is written and verified
 * @param options the plan's options
 */
public record SegmentRequest(String runId, Unit unit, Side source, Side destination, CopyOptions options) {
}
