package dev.ferry.engine;

/** How an execution ended, as Step Functions names it. */
public enum ExecutionStatus {
    SUCCEEDED,
    FAILED,
    /** The definition's top-level TimeoutSeconds passed; the error is {@code States.Timeout}. */
    TIMED_OUT
}
