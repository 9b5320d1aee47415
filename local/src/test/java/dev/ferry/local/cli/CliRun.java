package dev.ferry.local.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the {@code ferry} command line with captured stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
    static CliRun ferry(String... args) {
        return ferry(new FerryCli(duration -> { }), args);
    }

    static CliRun ferry(FerryCli cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
