package dev.ferry.core.rollback;

/**
 * What an undoer did with one resource.
 *
 * @param removed true when it is gone (removed now, or already gone)
 * @param detail for a kept resource: why it stays, in words a person can act on; for a removed one,
 *     what was done (may be null)
 */
public record UndoOutcome(boolean removed, String detail) {
    /** Removed (or found already gone). */
    public static UndoOutcome gone() {
        return new UndoOutcome(true, null);
    }

    /** Removed, with what was done ("restored 12 items", ...). */
    public static UndoOutcome gone(String detail) {
        return new UndoOutcome(true, detail);
    }

    /** Left in place, and why. */
    public static UndoOutcome kept(String why) {
        return new UndoOutcome(false, java.util.Objects.requireNonNull(why, "why"));
    }
}
