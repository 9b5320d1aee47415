package dev.ferry.engine;

/**
 * A task's failure as Step Functions reports it: an error name (what Retry and Catch match) and a
 * cause. Throw it from {@link TaskInvoker#invoke}.
 */
public final class TaskFailedException extends Exception {
    private final String error;
    private final String cause;

    public TaskFailedException(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause));
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
