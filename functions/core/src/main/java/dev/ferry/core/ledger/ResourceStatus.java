package dev.ferry.core.ledger;

/**
 * The life of one resource a run creates. The intent is written BEFORE the create call, so a
 * crash between the two can never leave an unrecorded resource behind.
 */
public enum ResourceStatus {
    /** About to be created; it may or may not exist. Rollback checks and removes it if it does. */
    CREATING,
    /** Created by this run. */
    CREATED,
    /** The create call found it already there: it belongs to someone else; never rolled back. */
    PREEXISTING,
    /** Removed by rollback. */
    ROLLED_BACK
}
