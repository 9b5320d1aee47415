package dev.ferry.local.cli;

import dev.ferry.engine.FunctionsMap;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry asl run}: runs any definition file in process, like {@code ferry run}. */
@Command(name = "run", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Run any ASL definition in process. Lambda tasks run the handlers the functions map names.",
                "Exit codes: 0 succeeded, 1 bad usage, input or definition, 2 the execution failed."})
final class AslRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--definition", required = true, paramLabel = "<file>", description = "The state machine definition (JSON).")
    Path definition;

    @Option(names = "--functions", paramLabel = "<functions.json>",
            description = "Maps the definition's function tokens to handlers, as statemachines/asl/<workflow>.functions.json does.")
    Path functions;

    @Mixin
    LocalRunOptions options;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            FunctionsMap map = functions == null ? FunctionsMap.empty()
                    : WorkflowResources.functionsMap(JsonFiles.read(functions, "functions map"));
            String name = definition.getFileName().toString().replaceAll("(\\.asl)?\\.json$", "");
            return LocalRunner.run(spec, name, JsonFiles.read(definition, "definition"), map, options);
        });
    }
}
