package dev.ferry.local.cli;

/** The exit codes of every {@code ferry} command. */
final class ExitCodes {
    /** The command did its job; for run and start, the execution succeeded. */
    static final int OK = 0;
    /** Bad usage, or an input or definition file that cannot be read or used. */
    static final int USAGE = 1;
    /** The execution ran and failed (or timed out, or was aborted); its error and cause are on stderr. */
    static final int EXECUTION_FAILED = 2;

    private ExitCodes() {
    }
}
