package dev.ferry.local.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ferry} command line: runs Ferry's workflows in process ({@code run}, {@code asl run})
 * or on the deployed state machines ({@code start}). Exit codes: 0 success, 1 bad usage or an
 * unusable input, 2 a failed execution.
 *
 * <p>New commands (such as {@code demo} and {@code bench}) are added to the {@code subcommands}
 * list of the annotation below; give them {@code exitCodeOnInvalidInput = ExitCodes.USAGE}.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryCli.Version.class,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Durable, resumable, verifiable AWS migrations.",
        subcommands = {
                RunCommand.class,
                AslCommand.class,
                StartCommand.class,
                DemoCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class FerryCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Sleeper sleeper;

    public FerryCli() {
        this(Sleeper.REAL);
    }

    /** @param sleeper how {@code ferry start} waits between polls (tests pass one that does not sleep) */
    public FerryCli(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    Sleeper sleeper() {
        return sleeper;
    }

    public static void main(String[] args) {
        CliLogging.configure();
        System.exit(new CommandLine(new FerryCli()).execute(args));
    }

    /** {@code ferry} alone: the usage, and exit code 1. */
    @Override
    public Integer call() {
        return Commands.usage(spec);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FerryCli.class.getPackage().getImplementationVersion();
            return new String[]{"ferry " + (version == null ? "(development build)" : version)};
        }
    }
}
