package dev.ferry.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.statemachines.DynamoDbTableCopyWorkflow;
import dev.ferry.statemachines.DynamoDbTableCopyWorkflowProps;
import dev.ferry.statemachines.RollbackWorkflow;
import dev.ferry.statemachines.RollbackWorkflowProps;
import dev.ferry.statemachines.WorkflowSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * {@code FerryControl}: everything that runs migrations, in the control account. The run ledger (DynamoDB,
 * customer-managed KMS key), the reports bucket, one {@link FerryFunction} per handler, and the state
 * machines. Environment-agnostic: {@code cdk synth} needs no AWS account.
 */
public class ControlStack extends Stack {

    public static final String ID = "FerryControl";

    /** A handler of functions/dynamodb and how it is sized. */
    public record Handler(String name, String className, int memoryMB, int timeoutSeconds) {
        public String handler() {
            return className + "::handleRequest";
        }
    }

    /** The DynamoDB handlers, by the name used for their construct ids. */
    public static final List<Handler> DYNAMODB_HANDLERS = List.of(
            new Handler("Validate", "dev.ferry.dynamodb.copy.ValidateCopyHandler", 1024, 120),
            new Handler("Prepare", "dev.ferry.dynamodb.copy.PrepareCopyHandler", 1024, 900),
            new Handler("CopySegment", "dev.ferry.dynamodb.copy.CopySegmentHandler", 2048, 900),
            new Handler("VerifySegment", "dev.ferry.dynamodb.copy.VerifySegmentHandler", 2048, 900),
            new Handler("Report", "dev.ferry.dynamodb.copy.ReportCopyHandler", 1024, 300),
            new Handler("Rollback", "dev.ferry.dynamodb.rollback.RollbackHandler", 1024, 900));

    /** Environment variable names the handlers read (functions/core FerryConfig). */
    public static final String ENV_LEDGER_TABLE = "FERRY_LEDGER_TABLE";
    public static final String ENV_REPORTS_URI = "FERRY_REPORTS_URI";
    public static final String ENV_MAP_CONCURRENCY = "FERRY_MAP_CONCURRENCY";
    /** Where reports go in the bucket; functions may read and write only below it. */
    public static final String REPORTS_PREFIX = "reports";

    private final Key ledgerKey;
    private final Table ledgerTable;
    private final Bucket reportsBucket;
    private final Bucket accessLogsBucket;
    private final Map<String, FerryFunction> functions = new LinkedHashMap<>();
    private final DynamoDbTableCopyWorkflow dynamoDbTableCopy;
    private final RollbackWorkflow rollback;
    /** Null when there are no schedule files. */
    private final WorkflowSchedules schedules;

    public ControlStack(Construct scope, String id, ControlStackProps props) {
        super(scope, id, props.getStackProps());

        // ---- run ledger: one table, KMS-encrypted with a key Ferry owns, recoverable, never deleted by a stack delete
        this.ledgerKey = Key.Builder.create(this, "LedgerKey")
                .description("Ferry: encrypts the run ledger and the reports")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.ledgerTable = Table.Builder.create(this, "RunLedger")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(ledgerKey)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .timeToLiveAttribute("expiresAt")
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // ---- reports (JSON summary + CSV detail per run), with server access logs in their own bucket
        this.accessLogsBucket = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED) // S3 server access logging delivers only to SSE-S3 buckets
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireAccessLogs")
                        .expiration(Duration.days(365))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.reportsBucket = Bucket.Builder.create(this, "Reports")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(ledgerKey)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .versioned(true)
                .serverAccessLogsBucket(accessLogsBucket)
                .serverAccessLogsPrefix("reports-bucket/")
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireOverwrittenReports")
                        .noncurrentVersionExpiration(Duration.days(90))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // ---- handlers
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ENV_LEDGER_TABLE, ledgerTable.getTableName());
        environment.put(ENV_REPORTS_URI, "s3://" + reportsBucket.getBucketName() + "/" + REPORTS_PREFIX);
        environment.put(ENV_MAP_CONCURRENCY, Integer.toString(props.getMapConcurrency()));
        environment.put("POWERTOOLS_SERVICE_NAME", "ferry");
        // SnapStart restores a snapshot; C1 only keeps the JIT cheap for short, I/O-bound invocations
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        for (Handler handler : DYNAMODB_HANDLERS) {
            functions.put(handler.name(), new FerryFunction(this, handler.name() + "Function", FerryFunctionProps.builder()
                    .code(props.getFunctionCode())
                    .handler(handler.handler())
                    .memorySize(handler.memoryMB())
                    .timeout(Duration.seconds(handler.timeoutSeconds()))
                    .environment(environment)
                    .description("Ferry " + handler.name() + " (" + handler.className() + ")")
                    .build()));
        }
        ManagedPolicy tableAccess = FunctionPermissions.tableAccessPolicy(this, "FunctionTableAccess");
        for (FerryFunction function : functions.values()) {
            ledgerTable.grantReadWriteData(function.getRole());
            reportsBucket.grantRead(function.getRole(), REPORTS_PREFIX + "/*");
            reportsBucket.grantPut(function.getRole(), REPORTS_PREFIX + "/*");
            function.getRole().addManagedPolicy(tableAccess);
        }

        // ---- state machines
        WorkflowSettings settings = WorkflowSettings.builder().mapConcurrency(props.getMapConcurrency()).build();
        this.dynamoDbTableCopy = new DynamoDbTableCopyWorkflow(this, "DynamoDbTableCopy",
                DynamoDbTableCopyWorkflowProps.builder()
                        .validateFunction(function("Validate").getAlias())
                        .prepareFunction(function("Prepare").getAlias())
                        .copySegmentFunction(function("CopySegment").getAlias())
                        .verifySegmentFunction(function("VerifySegment").getAlias())
                        .reportFunction(function("Report").getAlias())
                        .rollbackFunction(function("Rollback").getAlias())
                        .settings(settings)
                        .build());
        this.rollback = new RollbackWorkflow(this, "Rollback", RollbackWorkflowProps.builder()
                .rollbackFunction(function("Rollback").getAlias())
                .settings(settings)
                .build());

        // ---- schedules (events/schedules/*.json): nothing at all without schedule files
        List<ScheduleFiles.Definition> scheduleFiles = ScheduleFiles.load(props.getSchedulesDir());
        Map<String, IStateMachine> stateMachines = new LinkedHashMap<>();
        stateMachines.put(DynamoDbTableCopyWorkflow.WORKFLOW, dynamoDbTableCopy.getStateMachine());
        stateMachines.put(RollbackWorkflow.WORKFLOW, rollback.getStateMachine());
        this.schedules = scheduleFiles.isEmpty() ? null : new WorkflowSchedules(this, "Schedules", scheduleFiles, stateMachines);

        // ---- outputs, named for what they are (ferry start and the docs look them up by name)
        output("DynamoDbTableCopyStateMachineArn", dynamoDbTableCopy.getStateMachine().getStateMachineArn(),
                "Start dynamodb-table-copy runs here (input: events/dynamodb-table-copy.json)");
        output("RollbackStateMachineArn", rollback.getStateMachine().getStateMachineArn(),
                "Start a rollback of a past run here (input: {\"runId\": \"...\"})");
        output("RunLedgerTableName", ledgerTable.getTableName(), "The run ledger table");
        output("ReportsBucketName", reportsBucket.getBucketName(), "Run reports, under " + REPORTS_PREFIX + "/");
        output("LedgerKeyArn", ledgerKey.getKeyArn(), "KMS key of the run ledger and the reports");
        if (schedules != null) {
            output("ScheduleDeadLetterQueueUrl", schedules.getDeadLetterQueue().getQueueUrl(),
                    "Scheduled starts that failed after their retries land here (with the error); check it");
        }

        FerryNag.apply(this);
        ControlStackSuppressions.apply(this);
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** The function of a handler in {@link #DYNAMODB_HANDLERS}, by name. */
    public FerryFunction function(String name) {
        FerryFunction function = functions.get(name);
        if (function == null) {
            throw new IllegalArgumentException("No Ferry function " + name + "; known: " + functions.keySet());
        }
        return function;
    }

    /** The functions by handler name, in {@link #DYNAMODB_HANDLERS} order. */
    public Map<String, FerryFunction> getFunctions() {
        return Collections.unmodifiableMap(functions);
    }

    public Key getLedgerKey() {
        return ledgerKey;
    }

    public Table getLedgerTable() {
        return ledgerTable;
    }

    public Bucket getReportsBucket() {
        return reportsBucket;
    }

    public Bucket getAccessLogsBucket() {
        return accessLogsBucket;
    }

    public DynamoDbTableCopyWorkflow getDynamoDbTableCopy() {
        return dynamoDbTableCopy;
    }

    public RollbackWorkflow getRollback() {
        return rollback;
    }

    /** The schedules of the schedule files; empty when there are none. */
    public java.util.Optional<WorkflowSchedules> getSchedules() {
        return java.util.Optional.ofNullable(schedules);
    }
}
