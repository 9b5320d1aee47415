package dev.ferry.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ferry bench}: benchmarks, one mode a subcommand in its own class ({@code copy}: the whole default run
 * against a sequential copier; {@code copy-phase}: the copy phase alone). Other workflows add their mode to the
 * {@code subcommands} list. {@code ferry bench} alone runs {@code copy-phase} with its defaults, as it always did.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Benchmark Ferry against a sequential copier.",
                "Modes: copy (the whole default run, as a user runs it), copy-phase (the copy alone, in one JVM).",
                "Without a mode: copy-phase with its defaults. See docs/performance.md."},
        subcommands = {BenchCopyCommand.class, BenchCopyPhaseCommand.class, BenchTransformCommand.class, BenchPostgresCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine copyPhase = spec.subcommands().get("copy-phase");
        return copyPhase.execute();
    }
}
