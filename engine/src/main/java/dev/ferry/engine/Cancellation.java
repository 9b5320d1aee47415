package dev.ferry.engine;

/**
 * Tells running branches and iterations to stop: when a sibling fails, when the execution times
 * out. States check it before they start and while they wait; a running task finishes first.
 */
final class Cancellation {
    private final Cancellation parent;
    private volatile boolean cancelled;

    private Cancellation(Cancellation parent) {
        this.parent = parent;
    }

    static Cancellation root() {
        return new Cancellation(null);
    }

    /** A group that is cancelled with this one, and can be cancelled on its own. */
    Cancellation child() {
        return new Cancellation(this);
    }

    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled || parent != null && parent.isCancelled();
    }

    /** @throws Cancelled when cancelled */
    void check() {
        if (isCancelled()) {
            throw new Cancelled();
        }
    }

    /** Unwinds a cancelled branch or iteration; its result is discarded, never reported as an error. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }
}
