package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code ferry start <workflow>}: starts the deployed state machine and follows the execution to its end. */
@Command(name = "start", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Start a workflow on AWS and follow it to its end.",
                "Starts the workflow's deployed state machine and shows its progress until it ends.",
                "The state machine is --state-machine-arn, or the <Workflow>StateMachineArn output of the control stack.",
                "Exit codes: 0 succeeded, 1 bad usage, input or AWS error, 2 the execution failed, timed out or was aborted."})
final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    FerryCli cli;

    @Parameters(index = "0", paramLabel = "<workflow>", description = "The workflow, e.g. dynamodb-table-copy or rollback.")
    String workflow;

    @Option(names = "--input", required = true, paramLabel = "<file>", description = "The execution input: a JSON file.")
    Path input;

    @Option(names = "--state-machine-arn", paramLabel = "<arn>", description = "The state machine to start (default: from the stack's outputs).")
    String stateMachineArn;

    @Option(names = "--stack", defaultValue = "FerryControl", paramLabel = "<stack>",
            description = "The stack whose outputs name the state machines. Default: ${DEFAULT-VALUE}.")
    String stack;

    @Option(names = "--name", paramLabel = "<execution name>",
            description = "The execution name (the run id, unless the input sets runId). Default: ferry-<yyyyMMdd-HHmmss>-<4 hex>.")
    String name;

    @Option(names = "--region", paramLabel = "<region>", description = "The AWS region (default: the SDK's configuration).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "<url>", description = "Send Step Functions and CloudFormation calls here, e.g. an emulator.")
    URI endpoint;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            JsonNode executionInput = JsonFiles.read(input, "input");
            String executionName = ExecutionNames.orGenerate(name, Clock.systemUTC());
            ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(), System.console() != null);
            try (AwsClients clients = new AwsClients(region, endpoint)) {
                String arn = stateMachineArn != null ? stateMachineArn : StateMachineArns.fromStack(clients.cloudFormation(), stack, workflow);
                String executionArn = clients.sfn().startExecution(b -> b.stateMachineArn(arn).name(executionName)
                        .input(Json.write(executionInput))).executionArn();
                spec.commandLine().getErr().println("ferry: started " + executionArn);
                return new ExecutionFollower(clients.sfn(), progress, cli.sleeper()).follow(executionArn,
                        spec.commandLine().getOut(), spec.commandLine().getErr());
            } catch (SdkException e) {
                throw new CliException("the AWS call failed: " + e.getMessage()
                        + " (check your credentials and region, --region, and that the stack or state machine exists)", ExitCodes.USAGE, e);
            }
        });
    }
}
