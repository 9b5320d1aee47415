package dev.ferry.engine;

/** A JSONata expression failed or returned nothing where a value is needed (States.QueryEvaluationError). */
final class JsonataException extends QueryException {
    public JsonataException(String message) {
        super(message);
    }

    public JsonataException(String message, Throwable cause) {
        super(message, cause);
    }
}
