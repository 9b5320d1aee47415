package dev.ferry.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry asl ...}: commands on any Amazon States Language file. */
@Command(name = "asl", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Work with any Amazon States Language definition.", subcommands = AslRunCommand.class)
final class AslCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Commands.usage(spec);
    }
}
