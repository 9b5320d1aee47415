package dev.ferry.core.report;

/** What verification found for one target (a table, a dataset, a secret set). */
public enum Verdict {
    /** The destination equals the source as it was when verified. */
    MATCH,
    /** The destination differs from the source; the detail says how and what to do. */
    MISMATCH,
    /** The destination held data before the run, so equality cannot be claimed; the detail says what was checked. */
    NOT_COMPARABLE,
    /** A dry run: nothing was written or compared. */
    PLANNED
}
