package dev.ferry.dynamodb.transform;

/**
 * What TransformSegment and VerifySegment return; the state machine loops on {@code done}. Where to
 * resume stays in the ledger: item data never travels in state.
 *
 * @param done the unit is finished
 * @param items items read by the unit so far, over all invocations
 */
public record UnitProgress(boolean done, long items) {
}
