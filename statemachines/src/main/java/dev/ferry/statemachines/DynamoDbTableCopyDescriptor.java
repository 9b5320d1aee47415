package dev.ferry.statemachines;

/** The {@code dynamodb-table-copy} workflow: {@link DynamoDbTableCopyWorkflow}, handlers in functions/dynamodb. */
public final class DynamoDbTableCopyDescriptor implements FerryWorkflow.Provider {

    static final String MODULE = "functions/dynamodb";
    static final String JAR = MODULE + "/target/ferry-functions-dynamodb-lambda.jar";
    private static final String COPY = "dev.ferry.dynamodb.copy.";

    @Override
    public FerryWorkflow workflow() {
        return FerryWorkflow.builder(DynamoDbTableCopyWorkflow.WORKFLOW)
                .constructId("DynamoDbTableCopy")
                .description("Copy DynamoDB tables (schema and items) across accounts and regions, verify the copy, "
                        + "report; roll back on failure")
                .functions(MODULE, JAR)
                .handler(DynamoDbTableCopyWorkflow.VALIDATE, COPY + "ValidateCopyHandler", 1024, 120)
                .handler(DynamoDbTableCopyWorkflow.PREPARE, COPY + "PrepareCopyHandler", 1024, 900)
                .handler(DynamoDbTableCopyWorkflow.COPY_SEGMENT, COPY + "CopySegmentHandler", 2048, 900)
                .handler(DynamoDbTableCopyWorkflow.VERIFY_SEGMENT, COPY + "VerifySegmentHandler", 2048, 900)
                .handler(DynamoDbTableCopyWorkflow.REPORT, COPY + "ReportCopyHandler", 1024, 300)
                .handler(FerryWorkflow.ROLLBACK, FerryWorkflow.ROLLBACK_HANDLER, 1024, 900)
                .schedulable(true)
                .factory((scope, id, functions, settings) -> new DynamoDbTableCopyWorkflow(scope, id,
                        DynamoDbTableCopyWorkflowProps.builder()
                                .validateFunction(functions.get(DynamoDbTableCopyWorkflow.VALIDATE))
                                .prepareFunction(functions.get(DynamoDbTableCopyWorkflow.PREPARE))
                                .copySegmentFunction(functions.get(DynamoDbTableCopyWorkflow.COPY_SEGMENT))
                                .verifySegmentFunction(functions.get(DynamoDbTableCopyWorkflow.VERIFY_SEGMENT))
                                .reportFunction(functions.get(DynamoDbTableCopyWorkflow.REPORT))
                                .rollbackFunction(functions.get(FerryWorkflow.ROLLBACK))
                                .settings(settings)
                                .build()).getStateMachine())
                .build();
    }
}
