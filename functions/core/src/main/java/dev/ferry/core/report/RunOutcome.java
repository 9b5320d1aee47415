package dev.ferry.core.report;

/** How a run ended, as its report says. */
public enum RunOutcome {
    /** Every target verified. */
    SUCCEEDED,
    /** Verification found a difference (or the run failed): the report says what. */
    FAILED,
    /** A dry run: the plan only. */
    PLANNED
}
