package dev.ferry.infra.toy;

import dev.ferry.statemachines.FerryWorkflow;

/**
 * A toy workflow that exists only in this test: its descriptor, its construct ({@link ToyEchoWorkflow}) and its
 * services file (test resources {@code toy-workflow/META-INF/services/}) are all it takes. Its handler class
 * is only a name: nothing here runs it.
 */
public final class ToyEchoDescriptor implements FerryWorkflow.Provider {

    public static final String NAME = "toy-echo";
    public static final String ECHO_HANDLER = "dev.ferry.toy.EchoHandler";

    @Override
    public FerryWorkflow workflow() {
        return FerryWorkflow.builder(NAME)
                .constructId("ToyEcho")
                .description("Echo the input (a test workflow)")
                .functions("functions/toy", "functions/toy/target/ferry-functions-toy-lambda.jar")
                .handler(ToyEchoWorkflow.ECHO, ECHO_HANDLER, 512, 30)
                .handler(FerryWorkflow.ROLLBACK, FerryWorkflow.ROLLBACK_HANDLER, 512, 300)
                .schedulable(true)
                .factory((scope, id, functions, settings) ->
                        new ToyEchoWorkflow(scope, id, functions.get(ToyEchoWorkflow.ECHO), settings).getStateMachine())
                .build();
    }
}
