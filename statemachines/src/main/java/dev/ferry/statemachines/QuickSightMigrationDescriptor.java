package dev.ferry.statemachines;

/** The {@code quicksight-migration} workflow: {@link QuickSightMigrationWorkflow}, handlers in functions/quicksight. */
public final class QuickSightMigrationDescriptor implements FerryWorkflow.Provider {

    static final String MODULE = "functions/quicksight";
    static final String JAR = MODULE + "/target/ferry-functions-quicksight-lambda.jar";
    private static final String PACKAGE = "dev.ferry.quicksight.migration.";

    @Override
    public FerryWorkflow workflow() {
        return FerryWorkflow.builder(QuickSightMigrationWorkflow.WORKFLOW)
                .constructId("QuickSightMigration")
                .description("Move a QuickSight data source, its DIRECT_QUERY datasets, dashboards and analyses to another "
                        + "account; verify, report; roll back on failure")
                .functions(MODULE, JAR)
                .handler(QuickSightMigrationWorkflow.VALIDATE, PACKAGE + "ValidateMigrationHandler", 1024, 300)
                .handler(QuickSightMigrationWorkflow.FOUNDATION, PACKAGE + "FoundationHandler", 1024, 300)
                .handler(QuickSightMigrationWorkflow.CHECK_DATA_SOURCE, PACKAGE + "DataSourceStatusHandler", 512, 60)
                .handler(QuickSightMigrationWorkflow.COPY_DATA_SET, PACKAGE + "CopyDataSetHandler", 1024, 300)
                .handler(QuickSightMigrationWorkflow.MOVE_BUNDLE, PACKAGE + "MoveBundleHandler", 1024, 300)
                .handler(QuickSightMigrationWorkflow.VERIFY, PACKAGE + "VerifyMigrationHandler", 1024, 900)
                .handler(QuickSightMigrationWorkflow.REPORT, PACKAGE + "ReportMigrationHandler", 1024, 300)
                .handler(QuickSightMigrationWorkflow.REPORT_FAILURE, PACKAGE + "ReportFailureHandler", 512, 120)
                .handler(FerryWorkflow.ROLLBACK, FerryWorkflow.ROLLBACK_HANDLER, 1024, 900)
                .schedulable(false)
                .factory((scope, id, functions, settings) -> {
                    QuickSightMigrationWorkflowProps.Builder props = QuickSightMigrationWorkflowProps.builder().settings(settings);
                    QuickSightMigrationWorkflowProps.HANDLERS.forEach(h -> props.function(h, functions.get(h)));
                    return new QuickSightMigrationWorkflow(scope, id, props.build()).getStateMachine();
                })
                .build();
    }
}
