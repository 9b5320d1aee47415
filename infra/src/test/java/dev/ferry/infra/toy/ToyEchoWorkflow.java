package dev.ferry.infra.toy;

import dev.ferry.statemachines.FerryStateMachines;
import dev.ferry.statemachines.WorkflowSettings;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvokeJsonataProps;
import software.constructs.Construct;

/** The toy workflow's construct: {@code Echo -> Done}. */
public class ToyEchoWorkflow extends Construct {

    public static final String ECHO = "Echo";

    private final StateMachine stateMachine;

    public ToyEchoWorkflow(Construct scope, String id, IFunction echo, WorkflowSettings settings) {
        super(scope, id);
        LambdaInvoke task = LambdaInvoke.jsonata(this, ECHO, LambdaInvokeJsonataProps.builder()
                .lambdaFunction(echo)
                .payload(TaskInput.fromText("{% $states.input %}"))
                .outputs("{% $states.result.Payload %}")
                .build());
        this.stateMachine = FerryStateMachines.create(this, "Ferry toy-echo: echo the input",
                task.next(new Succeed(this, "Done")), FerryStateMachines.logGroup(this, settings));
    }

    public StateMachine getStateMachine() {
        return stateMachine;
    }
}
