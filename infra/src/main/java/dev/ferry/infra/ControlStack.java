package dev.ferry.infra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.statemachines.FerryWorkflow;
import dev.ferry.statemachines.FerryWorkflows;
import dev.ferry.statemachines.WorkflowFunctions;
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
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * {@code FerryControl}: everything that runs migrations, in the control account. The run ledger (DynamoDB,
 * customer-managed KMS key), the reports bucket, and for every workflow of {@link FerryWorkflows#all()} one
 * {@link FerryFunction} per handler (from its own module's jar), its state machine and its output
 * {@code <constructId>StateMachineArn}; schedules from the schedule files. Environment-agnostic: {@code cdk synth}
 * needs no AWS account.
 */
public class ControlStack extends Stack {

    public static final String ID = "FerryControl";

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
    private final List<FerryWorkflow> workflows;
    /** By workflow name, then handler name. */
    private final Map<String, Map<String, FerryFunction>> functions = new LinkedHashMap<>();
    /** By workflow name. */
    private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();
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

        // ---- handlers: one function per handler of every workflow, from the Lambda jar of its own module
        this.workflows = FerryWorkflows.all();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ENV_LEDGER_TABLE, ledgerTable.getTableName());
        environment.put(ENV_REPORTS_URI, "s3://" + reportsBucket.getBucketName() + "/" + REPORTS_PREFIX);
        environment.put(ENV_MAP_CONCURRENCY, Integer.toString(props.getMapConcurrency()));
        environment.put("POWERTOOLS_SERVICE_NAME", "ferry");
        // SnapStart restores a snapshot; C1 only keeps the JIT cheap for short, I/O-bound invocations
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        Map<String, Code> codeByJar = new LinkedHashMap<>(); // workflows of one module share its jar's asset
        for (FerryWorkflow workflow : workflows) {
            Code code = codeByJar.computeIfAbsent(workflow.functionsJar(), jar -> code(props, workflow, jar));
            Map<String, FerryFunction> byHandler = new LinkedHashMap<>();
            for (FerryWorkflow.Handler handler : workflow.handlers()) {
                byHandler.put(handler.name(), new FerryFunction(this, functionId(workflow, handler),
                        FerryFunctionProps.builder()
                                .code(code)
                                .handler(handler.handler())
                                .memorySize(handler.memoryMB())
                                .timeout(Duration.seconds(handler.timeoutSeconds()))
                                .environment(environment)
                                .description("Ferry " + workflow.name() + " " + handler.name() + " (" + handler.className() + ")")
                                .build()));
            }
            functions.put(workflow.name(), byHandler);
            applyAccess(workflow, byHandler);
        }
        ManagedPolicy tableAccess = FunctionPermissions.tableAccessPolicy(this, "FunctionTableAccess");
        for (FerryFunction function : getFunctionList()) {
            ledgerTable.grantReadWriteData(function.getRole());
            reportsBucket.grantRead(function.getRole(), REPORTS_PREFIX + "/*");
            reportsBucket.grantPut(function.getRole(), REPORTS_PREFIX + "/*");
            function.getRole().addManagedPolicy(tableAccess);
        }

        // ---- state machines: each workflow's construct, given every workflow's functions (live aliases)
        WorkflowSettings settings = WorkflowSettings.builder().mapConcurrency(props.getMapConcurrency()).build();
        Map<String, Map<String, IFunction>> aliases = new LinkedHashMap<>();
        functions.forEach((workflow, byHandler) -> {
            Map<String, IFunction> live = new LinkedHashMap<>();
            byHandler.forEach((handler, function) -> live.put(handler, function.getAlias()));
            aliases.put(workflow, live);
        });
        for (FerryWorkflow workflow : workflows) {
            StateMachine stateMachine = workflow.factory().create(this, workflow.constructId(),
                    new WorkflowFunctions(workflow, workflows, aliases), settings);
            if (stateMachine == null) {
                throw new IllegalStateException("The factory of workflow " + workflow.name() + " returned no state "
                        + "machine; it must return the one it built in the scope it was given");
            }
            stateMachines.put(workflow.name(), stateMachine);
        }

        // ---- schedules (events/schedules/*.json): nothing at all without schedule files
        List<ScheduleFiles.Definition> scheduleFiles = ScheduleFiles.load(props.getSchedulesDir(), workflows);
        this.schedules = scheduleFiles.isEmpty() ? null
                : new WorkflowSchedules(this, "Schedules", scheduleFiles, new LinkedHashMap<String, IStateMachine>(stateMachines));

        // ---- outputs, named for what they are (ferry start finds <constructId>StateMachineArn by workflow name)
        for (FerryWorkflow workflow : workflows) {
            output(workflow.constructId() + "StateMachineArn", stateMachines.get(workflow.name()).getStateMachineArn(),
                    "Start " + workflow.name() + " executions here (input: events/" + workflow.name() + ".json): "
                            + workflow.description());
        }
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

    /**
     * What a workflow's descriptor says its functions need beyond the defaults: a VPC (its subnets and security
     * groups, plus the network-interface permissions Lambda needs there) and statements of their own, in one policy
     * per function whose wildcards carry the descriptor's reasons.
     */
    private void applyAccess(FerryWorkflow workflow, Map<String, FerryFunction> byHandler) {
        FerryWorkflow.VpcPlacement vpc = workflow.access().vpc(this);
        Map<String, List<software.amazon.awscdk.services.iam.PolicyStatement>> statements = new LinkedHashMap<>();
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        if (vpc != null) {
            for (String handler : vpc.handlers()) {
                FerryFunction function = requireFunction(workflow, byHandler, handler);
                software.amazon.awscdk.services.lambda.CfnFunction cfn =
                        (software.amazon.awscdk.services.lambda.CfnFunction) function.getFunction().getNode().getDefaultChild();
                cfn.addPropertyOverride("VpcConfig.SubnetIds", vpc.subnetIds());
                cfn.addPropertyOverride("VpcConfig.SecurityGroupIds", vpc.securityGroupIds());
                statements.computeIfAbsent(handler, h -> new ArrayList<>()).add(software.amazon.awscdk.services.iam.PolicyStatement.Builder
                        .create().sid("LambdaNetworkInterfaces").effect(software.amazon.awscdk.services.iam.Effect.ALLOW)
                        .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                                "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                        .resources(List.of("*")).build());
                reasons.computeIfAbsent(handler, h -> new ArrayList<>()).add("Lambda in a VPC creates and deletes its network "
                        + "interfaces in the subnets given at deploy time; these EC2 actions take no resource-level scope that "
                        + "Lambda's service can use (as in the managed AWSLambdaVPCAccessExecutionRole)");
            }
        }
        for (FerryWorkflow.Grant grant : workflow.access().grants(this)) {
            for (String handler : grant.handlers()) {
                requireFunction(workflow, byHandler, handler);
                statements.computeIfAbsent(handler, h -> new ArrayList<>()).add(grant.statement());
                if (grant.wildcardReason() != null) {
                    reasons.computeIfAbsent(handler, h -> new ArrayList<>()).add(grant.wildcardReason());
                }
            }
        }
        statements.forEach((handler, list) -> {
            FerryFunction function = byHandler.get(handler);
            software.amazon.awscdk.services.iam.Policy policy = software.amazon.awscdk.services.iam.Policy.Builder.create(function, "WorkflowAccess")
                    .statements(list).roles(List.of(function.getRole())).build();
            List<String> why = reasons.getOrDefault(handler, List.of());
            if (!why.isEmpty()) {
                io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(policy, List.of(FerryNag.suppress(FerryNag.IAM5,
                        workflow.name() + " " + handler + ": " + String.join("; ", why))), true);
            }
        });
    }

    private static FerryFunction requireFunction(FerryWorkflow workflow, Map<String, FerryFunction> byHandler, String handler) {
        FerryFunction function = byHandler.get(handler);
        if (function == null) {
            throw new IllegalArgumentException("workflow " + workflow.name() + ": its access names handler " + handler
                    + ", which it does not have; its handlers are " + byHandler.keySet());
        }
        return function;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** The construct id of a workflow's function: {@code <constructId><Handler>Function}. */
    static String functionId(FerryWorkflow workflow, FerryWorkflow.Handler handler) {
        return workflow.constructId() + handler.name() + "Function";
    }

    private static Code code(ControlStackProps props, FerryWorkflow workflow, String jar) {
        Code code = props.getCodeForJar().apply(jar);
        if (code == null) {
            throw new IllegalStateException("ControlStack: codeForJar gave no code for " + jar + " (the Lambda jar of "
                    + "workflow " + workflow.name() + ", module " + workflow.functionsModule() + ")");
        }
        return code;
    }

    /** The workflows of this stack, sorted by name. */
    public List<FerryWorkflow> getWorkflows() {
        return workflows;
    }

    /** The function of {@code workflow}'s {@code handler}. @throws IllegalArgumentException naming what exists */
    public FerryFunction function(String workflow, String handler) {
        Map<String, FerryFunction> byHandler = functions.get(workflow);
        if (byHandler == null || !byHandler.containsKey(handler)) {
            throw new IllegalArgumentException("No Ferry function " + workflow + "/" + handler + "; known: "
                    + getFunctionList().stream().map(f -> f.getNode().getId()).toList());
        }
        return byHandler.get(handler);
    }

    /** The functions by workflow name, then handler name (descriptor order). */
    public Map<String, Map<String, FerryFunction>> getFunctions() {
        Map<String, Map<String, FerryFunction>> view = new LinkedHashMap<>();
        functions.forEach((workflow, byHandler) -> view.put(workflow, Collections.unmodifiableMap(byHandler)));
        return Collections.unmodifiableMap(view);
    }

    /** Every function of every workflow. */
    public List<FerryFunction> getFunctionList() {
        List<FerryFunction> all = new ArrayList<>();
        functions.values().forEach(byHandler -> all.addAll(byHandler.values()));
        return Collections.unmodifiableList(all);
    }

    /** {@code workflow}'s state machine. @throws IllegalArgumentException naming the workflows */
    public StateMachine stateMachine(String workflow) {
        StateMachine stateMachine = stateMachines.get(workflow);
        if (stateMachine == null) {
            throw new IllegalArgumentException("No state machine for workflow '" + workflow + "'; the workflows are "
                    + stateMachines.keySet());
        }
        return stateMachine;
    }

    /** The state machines by workflow name, sorted by name. */
    public Map<String, StateMachine> getStateMachines() {
        return Collections.unmodifiableMap(stateMachines);
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

    /** The schedules of the schedule files; empty when there are none. */
    public java.util.Optional<WorkflowSchedules> getSchedules() {
        return java.util.Optional.ofNullable(schedules);
    }
}
