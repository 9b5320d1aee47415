package dev.ferry.dynamodb.copy;

/**
 * What VerifySegment returns; the state machine loops on {@code done}.
 *
 * @param done the destination segment is fully scanned
 * @param itemsScanned destination items counted in this segment so far
 */
public record VerifyProgress(boolean done, long itemsScanned) {
}
