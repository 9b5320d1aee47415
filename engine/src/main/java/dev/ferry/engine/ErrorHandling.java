package dev.ferry.engine;

import java.util.List;

/** A state's Retry and Catch, scanned in order: the first entry whose ErrorEquals matches applies. */
record ErrorHandling(List<Retrier> retriers, List<Catcher> catchers) {
    static final ErrorHandling NONE = new ErrorHandling(List.of(), List.of());

    /** Index of the first retrier matching the error, or -1. */
    int retrierFor(String error) {
        for (int i = 0; i < retriers.size(); i++) {
            if (retriers.get(i).matches(error)) {
                return i;
            }
        }
        return -1;
    }

    Catcher catcherFor(String error) {
        for (Catcher catcher : catchers) {
            if (catcher.matches(error)) {
                return catcher;
            }
        }
        return null;
    }
}
