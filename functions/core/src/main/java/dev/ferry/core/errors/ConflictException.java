package dev.ferry.core.errors;

/**
 * The world does not allow the run to go on as asked: a destination table exists with an
 * incompatible schema, or a run id is reused with different input. Nothing was written by the
 * step that threw it.
 */
public class ConflictException extends FerryException {
    public ConflictException(String message) {
        super(message);
    }
}
