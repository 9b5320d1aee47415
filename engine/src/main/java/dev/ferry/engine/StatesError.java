package dev.ferry.engine;

/** A state's failure: an error name, which Retry and Catch match, and a cause. */
final class StatesError extends RuntimeException {
    private final String error;
    private final String cause;

    StatesError(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.cause = cause;
    }

    /** The error a failed path, intrinsic function or JSONata expression in a state stands for. */
    static StatesError of(QueryException e, String stateName) {
        String error = e instanceof JsonataException ? ErrorNames.QUERY_EVALUATION_ERROR
                : e instanceof IntrinsicException ? ErrorNames.INTRINSIC_FAILURE : ErrorNames.RUNTIME;
        return new StatesError(error, inState(stateName, e.getMessage()));
    }

    /** The cause text Step Functions gives an error found while running a state. */
    static String inState(String stateName, String message) {
        return "An error occurred while executing the state '" + stateName + "'. " + message;
    }

    String error() {
        return error;
    }

    String cause() {
        return cause;
    }
}
