package dev.ferry.statemachines;

/**
 * The {@code rollback} workflow: {@link RollbackWorkflow}. Its own function is FindRun (functions/core, packaged
 * in the functions/dynamodb jar); it then invokes the Rollback function of the workflow that made the run, so a
 * workflow added with a Rollback handler gets its branch here without an edit.
 */
public final class RollbackDescriptor implements FerryWorkflow.Provider {

    static final String FIND_RUN_HANDLER = "dev.ferry.core.rollback.FindRunHandler";

    @Override
    public FerryWorkflow workflow() {
        return FerryWorkflow.builder(RollbackWorkflow.WORKFLOW)
                .constructId("Rollback")
                .description("Undo what a past run created, with the Rollback function of the workflow that made it")
                .functions(DynamoDbTableCopyDescriptor.MODULE, DynamoDbTableCopyDescriptor.JAR)
                .handler(RollbackWorkflow.FIND_RUN, FIND_RUN_HANDLER, 512, 60)
                .schedulable(true)
                .factory((scope, id, functions, settings) -> {
                    RollbackWorkflowProps.Builder props = RollbackWorkflowProps.builder()
                            .findRunFunction(functions.get(RollbackWorkflow.FIND_RUN))
                            .settings(settings);
                    for (FerryWorkflow workflow : functions.workflowsWith(FerryWorkflow.ROLLBACK)) {
                        props.rollbackFunction(workflow, functions.of(workflow.name(), FerryWorkflow.ROLLBACK));
                    }
                    return new RollbackWorkflow(scope, id, props.build()).getStateMachine();
                })
                .build();
    }
}
