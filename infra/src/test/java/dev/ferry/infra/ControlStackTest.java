package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.statemachines.AslRenderer;
import dev.ferry.statemachines.FerryErrors;
import dev.ferry.statemachines.FerryWorkflow;
import dev.ferry.statemachines.FerryWorkflows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

class ControlStackTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COPY = "dynamodb-table-copy";

    private static ControlStack stack;
    private static Template template;
    private static JsonNode json;
    /** The same stack with mapConcurrency 50. */
    private static Template tunedTemplate;
    private static List<String> nagFindings;

    @BeforeAll
    static void synthesizeOnce() {
        App app = InfraTestSupport.app("ControlStackTest", Map.of());
        stack = new ControlStack(app, ControlStack.ID, ControlStackProps.builder()
                .codeForJar(InfraTestSupport.tinyCodeForJars())
                .build());
        ControlStack tuned = new ControlStack(app, "Tuned", ControlStackProps.builder()
                .codeForJar(InfraTestSupport.tinyCodeForJars())
                .mapConcurrency(50)
                .build());
        template = Template.fromStack(stack);
        json = MAPPER.valueToTree(template.toJSON());
        tunedTemplate = Template.fromStack(tuned);
        nagFindings = InfraTestSupport.nagFindings(stack);
    }

    // ---- props

    @Test
    void build_whenCodeForJarMissing_saysWhichJar() {
        assertThatThrownBy(() -> ControlStackProps.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("codeForJar is required")
                .hasMessageContaining("ferry-functions-dynamodb-lambda.jar");
    }

    @Test
    void build_whenMapConcurrencyOutOfRange_rejectsIt() {
        assertThatThrownBy(() -> ControlStackProps.builder().codeForJar(InfraTestSupport.tinyCodeForJars()).mapConcurrency(0).build())
                .hasMessageContaining("mapConcurrency must be between 1 and 10000");
    }

    // ---- run ledger

    @Test
    void ledgerTable_whenSynthesized_hasPkSkOnDemandKmsPitrAndTtl() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "pk", "AttributeType", "S"),
                        Map.of("AttributeName", "sk", "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST",
                "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS",
                        "KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(InfraTestSupport.logicalId(stack.getLedgerKey()), "Arn"))),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "DeletionProtectionEnabled", true));
    }

    @Test
    void ledgerTableAndKey_whenSynthesized_areRetainedAndTheKeyRotates() {
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        template.hasResource("AWS::KMS::Key", Map.of("DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of("EnableKeyRotation", true))));
    }

    // ---- reports bucket

    @Test
    void reportsBucket_whenSynthesized_isKmsEncryptedVersionedPrivateLoggedAndRetained() {
        String reports = InfraTestSupport.logicalId(stack.getReportsBucket());
        JsonNode bucket = json.at("/Resources/" + reports);
        assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
        JsonNode props = bucket.path("Properties");
        assertThat(props.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText())
                .isEqualTo("aws:kms");
        assertThat(props.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/BucketKeyEnabled").asBoolean()).isTrue();
        assertThat(props.path("PublicAccessBlockConfiguration")).isEqualTo(MAPPER.valueToTree(Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        assertThat(props.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        assertThat(props.at("/LoggingConfiguration/DestinationBucketName/Ref").asText())
                .isEqualTo(InfraTestSupport.logicalId(stack.getAccessLogsBucket()));
    }

    @Test
    void buckets_whenSynthesized_denyRequestsWithoutTls() {
        for (String bucket : List.of(InfraTestSupport.logicalId(stack.getReportsBucket()),
                InfraTestSupport.logicalId(stack.getAccessLogsBucket()))) {
            template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                    "Bucket", Map.of("Ref", bucket),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Action", "s3:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
        }
    }

    // ---- functions

    @Test
    void functions_whenSynthesized_areJava21WithSnapStartTracingAndTheirHandlers() {
        template.resourceCountIs("AWS::Lambda::Function", handlerCount());
        for (FerryWorkflow.Handler handler : handlers()) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler.className() + "::handleRequest",
                    "Runtime", "java21",
                    "MemorySize", handler.memoryMB(),
                    "Timeout", handler.timeoutSeconds(),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active")));
        }
    }

    @Test
    void functions_whenSynthesized_areNamespacedPerWorkflowAndSizedByTheirDescriptors() {
        List<String> sized = new ArrayList<>();
        stack.getFunctions().forEach((workflow, byHandler) -> byHandler.forEach((handler, function) -> {
            JsonNode props = json.at("/Resources/" + InfraTestSupport.logicalId(function.getFunction()) + "/Properties");
            sized.add(function.getNode().getId() + "=" + props.path("MemorySize").asInt() + "/" + props.path("Timeout").asInt());
        }));
        List<String> described = new ArrayList<>();
        FerryWorkflows.all().forEach(w -> w.handlers().forEach(h ->
                described.add(w.constructId() + h.name() + "Function=" + h.memoryMB() + "/" + h.timeoutSeconds())));
        assertThat(sized).containsExactlyInAnyOrderElementsOf(described);
        assertThat(sized).contains("DynamoDbTableCopyValidateFunction=1024/120",
                "DynamoDbTableCopyPrepareFunction=1024/900", "DynamoDbTableCopyCopySegmentFunction=2048/900",
                "DynamoDbTableCopyVerifySegmentFunction=2048/900", "DynamoDbTableCopyReportFunction=1024/300",
                "DynamoDbTableCopyRollbackFunction=1024/900", "RollbackFindRunFunction=512/60");
        assertThat(functionProperties("dev.ferry.core.rollback.RollbackHandler::handleRequest").path("Description").asText())
                .isEqualTo("Ferry dynamodb-table-copy Rollback (dev.ferry.core.rollback.RollbackHandler)");
    }

    @Test
    void functions_whenWorkflowsShareAModule_shareOneAssetOfItsJar() {
        List<String> asked = new ArrayList<>();
        App app = InfraTestSupport.app("ControlStackTest-jars", Map.of());
        new ControlStack(app, "Jars", ControlStackProps.builder()
                .codeForJar(jar -> {
                    asked.add(jar);
                    return InfraTestSupport.tinyCode();
                })
                .build());

        assertThat(asked).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(FerryWorkflows.all().stream().map(FerryWorkflow::functionsJar).distinct().toList())
                .contains("functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar");
    }

    @Test
    void functions_whenSynthesized_eachHaveALiveAliasOnTheirPublishedVersion() {
        template.resourceCountIs("AWS::Lambda::Alias", handlerCount());
        template.resourceCountIs("AWS::Lambda::Version", handlerCount());
        FerryFunction validate = stack.function(COPY, "Validate");
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionName", Map.of("Ref", InfraTestSupport.logicalId(validate.getFunction())),
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(
                        InfraTestSupport.logicalId(validate.getFunction().getCurrentVersion()), "Version"))));
    }

    @Test
    void functions_whenSynthesized_logToTheirOwnOneMonthLogGroup() {
        FerryFunction copy = stack.function(COPY, "CopySegment");
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.ferry.dynamodb.copy.CopySegmentHandler::handleRequest",
                "LoggingConfig", Map.of("LogGroup", Map.of("Ref", InfraTestSupport.logicalId(copy.getLogGroup())))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        template.resourcePropertiesCountIs("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30),
                handlerCount() + stack.getStateMachines().size()); // + the state machines' log groups
    }

    @Test
    void functions_whenSynthesized_getLedgerReportsConcurrencyAndJvmSettings() {
        JsonNode env = functionProperties("dev.ferry.dynamodb.copy.ValidateCopyHandler::handleRequest").at("/Environment/Variables");
        assertThat(env.path("FERRY_LEDGER_TABLE")).isEqualTo(MAPPER.valueToTree(
                Map.of("Ref", InfraTestSupport.logicalId(stack.getLedgerTable()))));
        assertThat(env.path("FERRY_REPORTS_URI").toString())
                .contains("s3://").contains(InfraTestSupport.logicalId(stack.getReportsBucket())).endsWith("\"/reports\"]]}");
        assertThat(env.path("FERRY_MAP_CONCURRENCY").asText()).isEqualTo("10");
        assertThat(env.path("POWERTOOLS_SERVICE_NAME").asText()).isEqualTo("ferry");
        assertThat(env.path("JAVA_TOOL_OPTIONS").asText()).isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }

    @Test
    void functionRoles_whenSynthesized_assumeOnlyFerryRolesAndUpdateOrDeleteOnlyTaggedTables() {
        JsonNode statements = json.at("/Resources/" + InfraTestSupport.logicalId(stack.getNode().findChild("FunctionTableAccess"))
                + "/Properties/PolicyDocument/Statement");
        JsonNode assume = statementWithSid(statements, "AssumeFerryAccessRoles");
        assertThat(assume.path("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(assume.path("Resource").toString()).contains(":iam::*:role/ferry-*");
        JsonNode delete = statementWithSid(statements, "UpdateAndDeleteOnlyTablesFerryCreated");
        assertThat(delete.path("Action").toString()).isEqualTo("[\"dynamodb:DeleteTable\",\"dynamodb:UpdateTable\"]");
        assertThat(delete.at("/Condition/Null")).isEqualTo(MAPPER.valueToTree(Map.of("aws:ResourceTag/ferry:run-id", "false")));
        assertThat(statements.toString()).doesNotContain("\"dynamodb:*\"");
        // attached to every function's role
        String policy = InfraTestSupport.logicalId(stack.getNode().findChild("FunctionTableAccess"));
        template.resourcePropertiesCountIs("AWS::IAM::Role", Map.of("ManagedPolicyArns", List.of(Map.of("Ref", policy))),
                handlerCount());
    }

    // ---- state machines

    @Test
    void stateMachines_whenSynthesized_areJsonataWithLoggingAllAndTracing() {
        List<String> workflows = FerryWorkflows.all().stream().map(FerryWorkflow::name).toList();
        assertThat(stack.getStateMachines().keySet()).containsExactlyElementsOf(workflows).contains("dynamodb-table-copy", "rollback");
        template.resourceCountIs("AWS::StepFunctions::StateMachine", workflows.size());
        template.resourcePropertiesCountIs("AWS::StepFunctions::StateMachine", Map.of(
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", false)),
                "TracingConfiguration", Map.of("Enabled", true)), workflows.size());
        assertThat(stack.stateMachine(COPY).getNode().getPath()).isEqualTo("FerryControl/DynamoDbTableCopy/StateMachine");
        assertThat(copyDefinition().path("QueryLanguage").asText()).isEqualTo("JSONata");
    }

    @Test
    void copyStateMachine_whenSynthesized_invokesEachFunctionThroughItsLiveAlias() {
        JsonNode states = copyDefinition().path("States");
        assertThat(states.at("/Validate/Arguments/FunctionName").asText())
                .isEqualTo("${" + InfraTestSupport.logicalId(stack.function(COPY, "Validate").getAlias()) + "}");
        assertThat(states.at("/Segments/ItemProcessor/States/CopySegment/Arguments/FunctionName").asText())
                .isEqualTo("${" + InfraTestSupport.logicalId(stack.function(COPY, "CopySegment").getAlias()) + "}");
        assertThat(states.at("/Rollback/Arguments/FunctionName").asText())
                .isEqualTo("${" + InfraTestSupport.logicalId(stack.function(COPY, "Rollback").getAlias()) + "}");
    }

    @Test
    void copyStateMachine_whenSynthesized_hasDistributedMapsCatchingToRollbackAndRetriesOnTheErrorClassNames() {
        JsonNode states = copyDefinition().path("States");
        assertThat(states.at("/Segments/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        assertThat(states.at("/Segments/MaxConcurrency").asInt()).isEqualTo(10);
        assertThat(states.at("/Segments/Catch/0/Next").asText()).isEqualTo("Rollback");
        assertThat(states.at("/Prepare/Catch/0/Next").asText()).isEqualTo("Rollback");
        assertThat(states.at("/Report/Catch/1/Next").asText()).isEqualTo("Rollback");
        assertThat(states.at("/Validate/Retry").toString())
                .contains("\"" + FerryErrors.TRANSIENT + "\"", "\"Lambda.TooManyRequestsException\"");
        assertThat(states.at("/Segments/ItemProcessor/States/CopySegment/Retry").toString())
                .contains("\"dev.ferry.core.errors.TransientException\"");
    }

    @Test
    void mapConcurrency_whenSet_reachesTheMapsAndEveryFunction() {
        tunedTemplate.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("FERRY_MAP_CONCURRENCY", "50")))),
                handlerCount());
        assertThat(MAPPER.valueToTree(tunedTemplate.toJSON()).toString()).contains("\\\"MaxConcurrency\\\":50");
    }

    // ---- outputs and nag

    @Test
    void outputs_whenSynthesized_areNamedForWhatTheyAre() {
        List<String> outputs = new ArrayList<>(List.of("RunLedgerTableName", "ReportsBucketName", "LedgerKeyArn"));
        FerryWorkflows.all().forEach(w -> outputs.add(w.constructId() + "StateMachineArn"));
        assertThat(template.findOutputs("*").keySet()).containsExactlyInAnyOrderElementsOf(outputs)
                .contains("DynamoDbTableCopyStateMachineArn", "RollbackStateMachineArn");
        template.hasOutput("DynamoDbTableCopyStateMachineArn", Map.of("Value",
                Map.of("Ref", InfraTestSupport.logicalId(stack.stateMachine(COPY)))));
        template.hasOutput("RollbackStateMachineArn", Map.of("Value",
                Map.of("Ref", InfraTestSupport.logicalId(stack.stateMachine("rollback")))));
        template.hasOutput("LedgerKeyArn", Map.of("Value",
                Map.of("Fn::GetAtt", List.of(InfraTestSupport.logicalId(stack.getLedgerKey()), "Arn"))));
    }

    @Test
    void nag_whenSynthesized_hasNoUnsuppressedAwsSolutionsFindings() {
        assertThat(nagFindings).isEmpty();
    }

    @Test
    void nagSuppressions_whenAStateMachineHasNoDistributedMap_leaveOutTheDistributedMapReason() {
        assertThat(stateMachinePolicySuppressions(COPY)).anyMatch(r -> r.startsWith("The Distributed Map policy"))
                .anyMatch(r -> r.startsWith("The policy CDK generates for state machine logging"));
        assertThat(stateMachinePolicySuppressions("rollback")).noneMatch(r -> r.startsWith("The Distributed Map policy"))
                .anyMatch(r -> r.startsWith("The policy CDK generates for state machine logging"));
    }

    private static List<String> stateMachinePolicySuppressions(String workflow) {
        IConstruct policy = stack.stateMachine(workflow).getRole().getNode().findChild("DefaultPolicy");
        List<String> reasons = new ArrayList<>();
        json.at("/Resources/" + InfraTestSupport.logicalId(policy) + "/Metadata/cdk_nag/rules_to_suppress")
                .forEach(rule -> reasons.add(rule.path("reason").asText()));
        return reasons;
    }

    private static JsonNode copyDefinition() {
        String id = InfraTestSupport.logicalId(stack.stateMachine(COPY));
        try {
            return MAPPER.readTree(AslRenderer.render(json, id).asl());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<FerryWorkflow.Handler> handlers() {
        return FerryWorkflows.all().stream().flatMap(w -> w.handlers().stream()).toList();
    }

    private static int handlerCount() {
        return handlers().size();
    }

    private static JsonNode functionProperties(String handler) {
        for (JsonNode resource : json.path("Resources")) {
            if ("AWS::Lambda::Function".equals(resource.path("Type").asText())
                    && handler.equals(resource.at("/Properties/Handler").asText())) {
                return resource.path("Properties");
            }
        }
        throw new AssertionError("no function with handler " + handler);
    }

    private static JsonNode statementWithSid(JsonNode statements, String sid) {
        for (JsonNode statement : statements) {
            if (sid.equals(statement.path("Sid").asText())) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + statements);
    }
}
