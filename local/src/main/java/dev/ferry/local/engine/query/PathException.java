package dev.ferry.local.engine.query;

/** A JSONPath matched nothing, or a result could not be placed where a ResultPath points (States.Runtime). */
public final class PathException extends QueryException {
    public PathException(String message) {
        super(message);
    }
}
