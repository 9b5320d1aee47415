package dev.ferry.postgres.migrate;

/**
 * What LoadUnit and VerifyUnit return; the state machine loops on {@code done}. The resume point stays in the
 * ledger: no row data travels in state.
 *
 * @param done the unit is finished
 * @param rows rows of the unit handled so far, over all invocations
 */
public record UnitProgress(boolean done, long rows) {
}
