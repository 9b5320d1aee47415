package dev.ferry.local.cli;

import dev.ferry.engine.ExecutionListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows an execution's progress on stderr: each top-level state as it is entered, retries, and
 * Map progress. On a terminal the Map progress is one line with a bar, redrawn in place; otherwise
 * (a pipe, a file, CI) it is printed as plain lines at every tenth of the way.
 */
final class ProgressPrinter implements ExecutionListener {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private boolean statusLineOpen;
    private String lastPlainProgress;

    private final java.util.Map<String, Integer> highestDone = new java.util.HashMap<>();
    private final java.util.Set<String> entered = new java.util.HashSet<>();

    ProgressPrinter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void stateEntered(String path, String type) {
        if (!path.contains("/")) {
            entered.add(path);
            line("-> " + path + " (" + type + ")");
        }
    }

    /** Whether the execution entered any of these top-level states. */
    synchronized boolean enteredAny(String... states) {
        return java.util.Arrays.stream(states).anyMatch(entered::contains);
    }

    /** Prints a state the follower of a deployed execution saw (it has no type). */
    synchronized void stateSeen(String name) {
        line("-> " + name);
    }

    @Override
    public synchronized void retrying(String path, String error, int attempt, Duration delay) {
        line(String.format(Locale.ROOT, "   retry %d of %s after %s, in %.1f s", attempt, path, error, delay.toMillis() / 1000.0));
    }

    @Override
    public synchronized void stateFailed(String path, String error, String cause) {
        if (!path.contains("/")) {
            line("   " + path + " failed: " + error);
        }
    }

    @Override
    public synchronized void mapProgress(String path, int done, int total) {
        if (path.contains("/")) {
            return;
        }
        // iterations finish on several threads: a late report of an earlier count must not move the bar back
        Integer shown = highestDone.get(path);
        if (shown != null && done < shown) {
            return;
        }
        highestDone.put(path, done);
        String text = path + ": " + done + "/" + total;
        if (terminal) {
            int filled = total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total;
            err.print("\r   " + text + " [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]\u001b[K");
            err.flush();
            statusLineOpen = true;
            return;
        }
        String step = path + ":" + (total == 0 ? 10 : done * 10 / total);
        if (done == total || !step.equals(lastPlainProgress)) {
            lastPlainProgress = step;
            line("   " + text);
        }
    }

    /** Ends the status line and prints how the execution ended. */
    synchronized void finished(String status, Duration duration, Long stateTransitions) {
        line(String.format(Locale.ROOT, "execution %s in %.1f s", status, duration.toMillis() / 1000.0)
                + (stateTransitions == null ? "" : ", state transitions: " + stateTransitions));
    }

    private void line(String text) {
        if (statusLineOpen) {
            err.println();
            statusLineOpen = false;
        }
        err.println(text);
        err.flush();
    }
}
