package dev.ferry.statemachines;

/** The {@code postgres-to-dynamodb} workflow: {@link PostgresToDynamoDbWorkflow}, handlers in functions/postgres. */
public final class PostgresToDynamoDbDescriptor implements FerryWorkflow.Provider {

    static final String MODULE = "functions/postgres";
    static final String JAR = MODULE + "/target/ferry-functions-postgres-lambda.jar";
    private static final String MIGRATE = "dev.ferry.postgres.migrate.";

    @Override
    public FerryWorkflow workflow() {
        return FerryWorkflow.builder(PostgresToDynamoDbWorkflow.WORKFLOW)
                .constructId("PostgresToDynamoDb")
                .description("Load PostgreSQL tables into DynamoDB and credentials into Secrets Manager (ids remapped, decrypted "
                        + "in memory only), verify, report; roll back on failure; incremental and drift-check runs for the parallel run")
                .functions(MODULE, JAR)
                .handler(PostgresToDynamoDbWorkflow.VALIDATE, MIGRATE + "ValidateHandler", 1024, 300)
                .handler(PostgresToDynamoDbWorkflow.PREPARE, MIGRATE + "PrepareHandler", 1024, 900)
                .handler(PostgresToDynamoDbWorkflow.LOAD_UNIT, MIGRATE + "LoadUnitHandler", 2048, 900)
                .handler(PostgresToDynamoDbWorkflow.VERIFY_UNIT, MIGRATE + "VerifyUnitHandler", 2048, 900)
                .handler(PostgresToDynamoDbWorkflow.REPORT, MIGRATE + "ReportHandler", 1024, 300)
                .handler(FerryWorkflow.ROLLBACK, FerryWorkflow.ROLLBACK_HANDLER, 1024, 900)
                .schedulable(true)
                .access(new PostgresToDynamoDbAccess())
                .factory((scope, id, functions, settings) -> new PostgresToDynamoDbWorkflow(scope, id, functions, settings).getStateMachine())
                .build();
    }
}
