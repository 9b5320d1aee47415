package dev.ferry.engine;

import java.util.List;
import java.util.Set;

/** The States Language's error names and how Retry and Catch match them. */
final class ErrorNames {
    static final String ALL = "States.ALL";
    static final String TIMEOUT = "States.Timeout";
    static final String TASK_FAILED = "States.TaskFailed";
    static final String RUNTIME = "States.Runtime";
    static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";
    static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";

    /** Errors no Retry or Catch handles, not even one naming them: the execution fails. */
    private static final Set<String> TERMINAL = Set.of(RUNTIME, DATA_LIMIT_EXCEEDED);

    private ErrorNames() {
    }

    static boolean isTerminal(String error) {
        return error != null && TERMINAL.contains(error);
    }

    /**
     * True when a retrier's or catcher's ErrorEquals matches the error: by name; {@code States.ALL}
     * matches every error; {@code States.TaskFailed} every error except {@code States.Timeout}.
     * Terminal errors match nothing. A Fail state without Error fails with no name, which only the
     * wildcards match.
     */
    static boolean matches(List<String> errorEquals, String error) {
        if (isTerminal(error)) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(error) || name.equals(ALL) || name.equals(TASK_FAILED) && !TIMEOUT.equals(error)) {
                return true;
            }
        }
        return false;
    }
}
