package dev.ferry.engine;

/** An intrinsic function such as {@code States.StringToJson} could not compute its value (States.IntrinsicFailure). */
final class IntrinsicException extends QueryException {
    public IntrinsicException(String message) {
        super(message);
    }

    public IntrinsicException(String message, Throwable cause) {
        super(message, cause);
    }
}
