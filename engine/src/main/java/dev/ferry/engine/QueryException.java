package dev.ferry.engine;

/**
 * A path, intrinsic function or JSONata expression failed at run time. The engine turns each
 * subclass into the Step Functions error name it stands for; the message becomes the cause.
 */
abstract class QueryException extends RuntimeException {
    protected QueryException(String message) {
        super(message);
    }

    protected QueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
