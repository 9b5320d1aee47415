package dev.ferry.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry run <workflow>}: runs a shipped workflow in process with the real handlers. */
@Command(name = "run", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Run a workflow in process against your AWS configuration.",
                "The state machine is the one deployed (ferry/asl/<workflow>.asl.json) and its Lambda handlers are called",
                "directly, against AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL and the rest of the SDK's settings.",
                "Prints the execution output on stdout; progress, a rejected input's problems and the report's location on stderr.",
                "Exit codes: 0 succeeded, 1 bad usage or input file, 2 the execution failed (or its input was rejected)."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<workflow>", description = "The workflow, e.g. dynamodb-table-copy or rollback.")
    String workflow;

    @Mixin
    LocalRunOptions options;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            WorkflowResources.Workflow loaded = WorkflowResources.load(workflow);
            LocalRunner.requireRegion();
            return LocalRunner.run(spec, loaded.name(), loaded.definition(), loaded.functions(), options);
        });
    }
}
