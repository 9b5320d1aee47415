package dev.ferry.local.engine.query;

/** A JSONata expression failed or returned nothing where a value is needed (States.QueryEvaluationError). */
public final class JsonataException extends QueryException {
    public JsonataException(String message) {
        super(message);
    }

    public JsonataException(String message, Throwable cause) {
        super(message, cause);
    }
}
