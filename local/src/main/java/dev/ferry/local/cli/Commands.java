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
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // an AWS call made by the command itself (demo and bench set-up, start): one clear line, no stack trace
            spec.commandLine().getErr().println("ferry: an AWS call failed: " + firstLine(e.getMessage())
                    + " Check the SDK configuration (AWS_PROFILE, AWS_REGION, credentials, AWS_ENDPOINT_URL).");
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    /** Prints the command's usage on stderr and returns the usage exit code (for a command run without a subcommand). */
    static int usage(CommandSpec spec) {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
