package dev.ferry.core.errors;

/** The copied result does not match its source; the message names the tables and the report. */
public class VerificationFailedException extends FerryException {
    public VerificationFailedException(String message) {
        super(message);
    }
}
