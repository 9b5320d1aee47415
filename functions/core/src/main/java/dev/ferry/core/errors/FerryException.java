package dev.ferry.core.errors;

/**
 * Base of every error a Ferry handler throws on purpose.
 *
 * <p>Lambda reports a Java exception's fully qualified class name as the error name, and the
 * state machines' Retry and Catch match on it, so subclasses are part of the workflow contract:
 * never rename one without updating the state machines. Messages say what was wrong and how to
 * fix it, and never contain a secret or item data.
 */
public class FerryException extends RuntimeException {
    public FerryException(String message) {
        super(message);
    }

    public FerryException(String message, Throwable cause) {
        super(message, cause);
    }
}
