package dev.ferry.local.cli;

/** Stops a command with a message for the user (printed on stderr as {@code ferry: <message>}) and an exit code. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message) {
        this(message, ExitCodes.USAGE, null);
    }

    CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
