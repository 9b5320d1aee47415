package dev.ferry.local.cli;

import java.util.List;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Finds a workflow's deployed state machine from the control stack's outputs: workflow
 * {@code dynamodb-table-copy} is output {@code DynamoDbTableCopyStateMachineArn}, matched without
 * regard to case, so the output's capitalisation (DynamoDb, Dynamodb) does not matter.
 */
final class StateMachineArns {
    private static final String SUFFIX = "StateMachineArn";

    private StateMachineArns() {
    }

    static String fromStack(CloudFormationClient cloudFormation, String stackName, String workflow) {
        List<Stack> stacks = cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks();
        if (stacks.isEmpty()) {
            throw new CliException("stack " + stackName + " was not found: deploy it, pass --stack, or pass --state-machine-arn");
        }
        String wanted = workflow.replace("-", "") + SUFFIX;
        List<Output> outputs = stacks.get(0).outputs();
        return outputs.stream().filter(o -> o.outputKey().equalsIgnoreCase(wanted)).map(Output::outputValue).findFirst()
                .orElseThrow(() -> new CliException("stack " + stackName + " has no output for workflow '" + workflow + "' (looked for "
                        + pascalCase(workflow) + SUFFIX + ", in any case); its state machine outputs are "
                        + outputs.stream().map(Output::outputKey).filter(k -> k.endsWith(SUFFIX)).toList()
                        + ": check the workflow name or pass --state-machine-arn"));
    }

    private static String pascalCase(String workflow) {
        StringBuilder out = new StringBuilder();
        for (String part : workflow.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
