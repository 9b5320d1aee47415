package dev.ferry.core.errors;

import java.util.Objects;

/**
 * One thing wrong with a workflow's input.
 *
 * @param path JSON path of the offending value, for example {@code $.tables[2].destination}
 * @param message what is wrong
 * @param fix how to fix it
 */
public record Problem(String path, String message, String fix) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    @Override
    public String toString() {
        return path + ": " + message + " Fix: " + fix;
    }
}
