package dev.ferry.statemachines;

/** The {@code dynamodb-transform} workflow: {@link DynamoDbTransformWorkflow}, handlers in functions/dynamodb. */
public final class DynamoDbTransformDescriptor implements FerryWorkflow.Provider {

    private static final String TRANSFORM = "dev.ferry.dynamodb.transform.";

    @Override
    public FerryWorkflow workflow() {
        return FerryWorkflow.builder(DynamoDbTransformWorkflow.WORKFLOW)
                .constructId("DynamoDbTransform")
                .description("Reshape a DynamoDB table's items (and emit records into other tables) with JSONata; "
                        + "verify, report, roll back exactly on failure")
                .functions(DynamoDbTableCopyDescriptor.MODULE, DynamoDbTableCopyDescriptor.JAR)
                .handler(DynamoDbTransformWorkflow.VALIDATE, TRANSFORM + "ValidateTransformHandler", 1024, 300)
                .handler(DynamoDbTransformWorkflow.PLAN, TRANSFORM + "PlanTransformHandler", 1024, 300)
                .handler(DynamoDbTransformWorkflow.TRANSFORM_SEGMENT, TRANSFORM + "TransformSegmentHandler", 2048, 900)
                .handler(DynamoDbTransformWorkflow.VERIFY_SEGMENT, TRANSFORM + "VerifyTransformHandler", 2048, 900)
                .handler(DynamoDbTransformWorkflow.REPORT, TRANSFORM + "ReportTransformHandler", 1024, 300)
                .handler(FerryWorkflow.ROLLBACK, FerryWorkflow.ROLLBACK_HANDLER, 2048, 900)
                .schedulable(true)
                .factory((scope, id, functions, settings) -> new DynamoDbTransformWorkflow(scope, id,
                        DynamoDbTransformWorkflowProps.builder()
                                .validateFunction(functions.get(DynamoDbTransformWorkflow.VALIDATE))
                                .planFunction(functions.get(DynamoDbTransformWorkflow.PLAN))
                                .transformSegmentFunction(functions.get(DynamoDbTransformWorkflow.TRANSFORM_SEGMENT))
                                .verifySegmentFunction(functions.get(DynamoDbTransformWorkflow.VERIFY_SEGMENT))
                                .reportFunction(functions.get(DynamoDbTransformWorkflow.REPORT))
                                .rollbackFunction(functions.get(FerryWorkflow.ROLLBACK))
                                .settings(settings)
                                .build()).getStateMachine())
                .build();
    }
}
