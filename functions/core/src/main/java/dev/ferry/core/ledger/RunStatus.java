package dev.ferry.core.ledger;

/** Where a run stands, as kept in its ledger record. */
public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, ROLLING_BACK, ROLLED_BACK, ROLLBACK_INCOMPLETE
}
