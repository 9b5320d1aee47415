package dev.ferry.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** What every command's {@code call()} shares: a {@link CliException} becomes its message on stderr and its exit code. */
final class Commands {
    private Commands() {
    }

    /**
     * Runs a command's body. A {@link CliException} prints {@code ferry: <message>} on stderr and
     * returns its exit code; an interruption returns {@link ExitCodes#USAGE}; any other exception
     * propagates to picocli, which prints it and exits with 1.
     */
    static int guard(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (CliException e) {
            spec.commandLine().getErr().println("ferry: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("ferry: interrupted");
            return ExitCodes.USAGE;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints the command's usage on stderr and returns the usage exit code (for a command run without a subcommand). */
    static int usage(CommandSpec spec) {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
