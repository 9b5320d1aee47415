package dev.ferry.engine;

/** A JSONPath matched nothing, or a result could not be placed where a ResultPath points (States.Runtime). */
final class PathException extends QueryException {
    public PathException(String message) {
        super(message);
    }
}
