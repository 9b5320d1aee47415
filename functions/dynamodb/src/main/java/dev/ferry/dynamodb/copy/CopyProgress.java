package dev.ferry.dynamodb.copy;

/**
 * What CopySegment returns; the state machine loops on {@code done}. The resume key stays in the
 * ledger: item data never travels in state.
 *
 * @param done the segment is fully copied
 * @param itemsCopied items copied from this segment so far, over all invocations
 */
public record CopyProgress(boolean done, long itemsCopied) {
}
