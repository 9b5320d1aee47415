package dev.ferry.local.engine.query;

/** An intrinsic function such as {@code States.StringToJson} could not compute its value (States.IntrinsicFailure). */
public final class IntrinsicException extends QueryException {
    public IntrinsicException(String message) {
        super(message);
    }

    public IntrinsicException(String message, Throwable cause) {
        super(message, cause);
    }
}
