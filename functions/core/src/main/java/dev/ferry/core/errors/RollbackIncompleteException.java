package dev.ferry.core.errors;

/** Rollback could not undo everything; the message lists each resource still left and why. */
public class RollbackIncompleteException extends FerryException {
    public RollbackIncompleteException(String message) {
        super(message);
    }
}
