package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.validation.InputSchema;
import dev.ferry.statemachines.FerryWorkflow;
import dev.ferry.statemachines.FerryWorkflows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

class WorkflowSchedulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COPY_INPUT = "{\"source\":{\"region\":\"us-west-2\"},\"destination\":{\"region\":\"us-east-1\"},"
            + "\"tables\":[\"DEV-ORDERS\"]}";

    /** Two schedules: a nightly copy (enabled) and an hourly rollback (disabled). */
    private static ControlStack stack;
    private static Template template;
    private static JsonNode json;
    private static List<String> nagFindings;
    /** No schedule files: an empty directory. */
    private static Template emptyTemplate;
    private static ControlStack emptyStack;

    @BeforeAll
    static void synthesizeOnce() throws IOException {
        Path dir = tempDir("schedules");
        Files.writeString(dir.resolve("a-nightly.json"), "{\"name\": \"nightly-orders\", \"workflow\": \"dynamodb-table-copy\","
                + " \"expression\": \"cron(0 3 * * ? *)\", \"timezone\": \"Europe/Paris\", \"input\": " + COPY_INPUT
                + ", \"enabled\": true}");
        Files.writeString(dir.resolve("b-rollback.json"), "{\"name\": \"hourly-rollback\", \"workflow\": \"rollback\","
                + " \"expression\": \"rate(1 hour)\", \"input\": {\"runId\": \"run-42\"}, \"enabled\": false}");
        Files.writeString(dir.resolve("README.md"), "not a schedule\n");

        App app = InfraTestSupport.app("WorkflowSchedulesTest", Map.of());
        stack = new ControlStack(app, ControlStack.ID, ControlStackProps.builder()
                .codeForJar(InfraTestSupport.tinyCodeForJars())
                .schedulesDir(dir)
                .build());
        emptyStack = new ControlStack(app, "NoSchedules", ControlStackProps.builder()
                .codeForJar(InfraTestSupport.tinyCodeForJars())
                .schedulesDir(tempDir("empty-schedules"))
                .build());
        template = Template.fromStack(stack);
        json = MAPPER.valueToTree(template.toJSON());
        nagFindings = InfraTestSupport.nagFindings(stack);
        emptyTemplate = Template.fromStack(emptyStack);
    }

    // ---- schedules

    @Test
    void schedules_whenTwoFiles_createOneScheduleEachWithStateTimezoneAndNoFlexibleWindow() {
        template.resourceCountIs("AWS::Scheduler::Schedule", 2);
        JsonNode nightly = scheduleProperties("nightly-orders");
        assertThat(nightly.path("ScheduleExpression").asText()).isEqualTo("cron(0 3 * * ? *)");
        assertThat(nightly.path("ScheduleExpressionTimezone").asText()).isEqualTo("Europe/Paris");
        assertThat(nightly.path("State").asText()).isEqualTo("ENABLED");
        assertThat(nightly.at("/FlexibleTimeWindow/Mode").asText()).isEqualTo("OFF");
        JsonNode rollback = scheduleProperties("hourly-rollback");
        assertThat(rollback.path("ScheduleExpression").asText()).isEqualTo("rate(1 hour)");
        assertThat(rollback.path("ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
        assertThat(rollback.path("State").asText()).isEqualTo("DISABLED");
    }

    @Test
    void schedules_whenSynthesized_targetTheirWorkflowsStateMachineWithTheRoleAndTheInput() throws IOException {
        WorkflowSchedules schedules = stack.getSchedules().orElseThrow();
        JsonNode nightly = scheduleProperties("nightly-orders").path("Target");
        assertThat(nightly.path("Arn")).isEqualTo(MAPPER.valueToTree(
                Map.of("Ref", InfraTestSupport.logicalId(stack.stateMachine("dynamodb-table-copy")))));
        assertThat(nightly.path("RoleArn")).isEqualTo(MAPPER.valueToTree(
                Map.of("Fn::GetAtt", List.of(InfraTestSupport.logicalId(schedules.getRole()), "Arn"))));
        assertThat(MAPPER.readTree(nightly.path("Input").asText())).isEqualTo(MAPPER.readTree(COPY_INPUT));
        JsonNode rollback = scheduleProperties("hourly-rollback").path("Target");
        assertThat(rollback.path("Arn")).isEqualTo(MAPPER.valueToTree(
                Map.of("Ref", InfraTestSupport.logicalId(stack.stateMachine("rollback")))));
        assertThat(MAPPER.readTree(rollback.path("Input").asText())).isEqualTo(MAPPER.readTree("{\"runId\":\"run-42\"}"));
    }

    @Test
    void schedules_whenSynthesized_retryThreeTimesThenUseTheDeadLetterQueue() {
        String queue = InfraTestSupport.logicalId(stack.getSchedules().orElseThrow().getDeadLetterQueue());
        for (String name : List.of("nightly-orders", "hourly-rollback")) {
            JsonNode target = scheduleProperties(name).path("Target");
            assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).isEqualTo(3);
            assertThat(target.at("/DeadLetterConfig/Arn")).isEqualTo(MAPPER.valueToTree(
                    Map.of("Fn::GetAtt", List.of(queue, "Arn"))));
        }
    }

    // ---- role

    @Test
    void role_whenSynthesized_isAssumedOnlyBySchedulerForThisAccount() {
        JsonNode trust = json.at("/Resources/" + InfraTestSupport.logicalId(stack.getSchedules().orElseThrow().getRole())
                + "/Properties/AssumeRolePolicyDocument/Statement");
        assertThat(trust).hasSize(1);
        assertThat(trust.at("/0/Principal/Service").asText()).isEqualTo("scheduler.amazonaws.com");
        assertThat(trust.at("/0/Condition/StringEquals/aws:SourceAccount")).isEqualTo(MAPPER.valueToTree(
                Map.of("Ref", "AWS::AccountId")));
    }

    @Test
    void rolePolicy_whenSynthesized_allowsOnlyStartExecutionOnTheStateMachinesAndSendToTheQueue() {
        WorkflowSchedules schedules = stack.getSchedules().orElseThrow();
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode resource : json.path("Resources")) {
            if ("AWS::IAM::Policy".equals(resource.path("Type").asText()) && resource.at("/Properties/Roles").toString()
                    .contains("\"" + InfraTestSupport.logicalId(schedules.getRole()) + "\"")) {
                resource.at("/Properties/PolicyDocument/Statement").forEach(statements::add);
            }
        }
        assertThat(statements).hasSize(2);
        JsonNode start = statements.stream().filter(s -> s.path("Action").toString().contains("states:")).findFirst().orElseThrow();
        assertThat(start.path("Action").asText()).isEqualTo("states:StartExecution");
        assertThat(start.path("Resource")).containsExactlyInAnyOrder(
                MAPPER.valueToTree(Map.of("Ref", InfraTestSupport.logicalId(stack.stateMachine("dynamodb-table-copy")))),
                MAPPER.valueToTree(Map.of("Ref", InfraTestSupport.logicalId(stack.stateMachine("rollback")))));
        JsonNode send = statements.stream().filter(s -> s.path("Action").toString().contains("sqs:")).findFirst().orElseThrow();
        assertThat(send.path("Action").toString()).contains("sqs:SendMessage").doesNotContain("*");
        assertThat(send.path("Resource")).isEqualTo(MAPPER.valueToTree(Map.of("Fn::GetAtt",
                List.of(InfraTestSupport.logicalId(schedules.getDeadLetterQueue()), "Arn"))));
        assertThat(statements.toString()).doesNotContain("\"*\"").doesNotContain("states:*");
    }

    // ---- dead-letter queue and outputs

    @Test
    void deadLetterQueue_whenSynthesized_isEncryptedRetainedAndDeniesRequestsWithoutTls() {
        String queue = InfraTestSupport.logicalId(stack.getSchedules().orElseThrow().getDeadLetterQueue());
        template.resourceCountIs("AWS::SQS::Queue", 1);
        JsonNode resource = json.at("/Resources/" + queue);
        assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(resource.at("/Properties/SqsManagedSseEnabled").asBoolean()).isTrue();
        assertThat(resource.at("/Properties/MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
        JsonNode policy = null;
        for (JsonNode r : json.path("Resources")) {
            if ("AWS::SQS::QueuePolicy".equals(r.path("Type").asText())) {
                policy = r.path("Properties");
            }
        }
        assertThat(policy).isNotNull();
        assertThat(policy.path("Queues").toString()).contains(queue);
        assertThat(policy.at("/PolicyDocument/Statement").toString())
                .contains("\"Effect\":\"Deny\"").contains("\"aws:SecureTransport\":\"false\"");
    }

    @Test
    void outputs_whenSchedulesExist_includeTheDeadLetterQueueUrl() {
        template.hasOutput("ScheduleDeadLetterQueueUrl", Map.of("Value",
                Map.of("Ref", InfraTestSupport.logicalId(stack.getSchedules().orElseThrow().getDeadLetterQueue()))));
    }

    @Test
    void nag_whenSchedulesExist_hasNoUnsuppressedAwsSolutionsFindings() {
        assertThat(nagFindings).isEmpty();
    }

    // ---- no schedule files

    @Test
    void controlStack_whenSchedulesDirEmpty_hasNoSchedulesQueueRoleOrOutput() {
        assertThat(emptyStack.getSchedules()).isEmpty();
        emptyTemplate.resourceCountIs("AWS::Scheduler::Schedule", 0);
        emptyTemplate.resourceCountIs("AWS::SQS::Queue", 0);
        emptyTemplate.resourceCountIs("AWS::IAM::Role", emptyStack.getFunctionList().size()
                + emptyStack.getStateMachines().size());
        // no ScheduleDeadLetterQueueUrl: the workflows' own outputs and the ledger's, nothing else
        java.util.List<String> outputs = new java.util.ArrayList<>(java.util.List.of("RunLedgerTableName", "ReportsBucketName", "LedgerKeyArn"));
        FerryWorkflows.all().forEach(w -> outputs.add(w.constructId() + "StateMachineArn"));
        assertThat(emptyTemplate.findOutputs("*").keySet()).containsExactlyInAnyOrderElementsOf(outputs)
                .doesNotContain("ScheduleDeadLetterQueueUrl");
    }

    @Test
    void load_whenDirMissingOrNull_findsNoSchedules() {
        assertThat(ScheduleFiles.load(null, FerryWorkflows.all())).isEmpty();
        assertThat(ScheduleFiles.load(Path.of("target", "no-such-schedules-dir"), FerryWorkflows.all())).isEmpty();
    }

    // ---- bad files

    @Test
    void load_whenWorkflowUnknown_namesTheFileAndTheFieldAndTheWorkflows() throws IOException {
        Path dir = dirWith("bad-workflow.json", "{\"name\": \"x\", \"workflow\": \"table-copy\", "
                + "\"expression\": \"rate(1 day)\", \"input\": " + COPY_INPUT + "}");

        assertThatThrownBy(() -> ScheduleFiles.load(dir, FerryWorkflows.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad-workflow.json: workflow: unknown workflow 'table-copy'")
                .hasMessageContaining("use one of [dynamodb-table-copy, dynamodb-transform, postgres-to-dynamodb, rollback]")
                .hasMessageContaining("-c schedulesDir=");
    }

    @Test
    void load_whenExpressionBadAndInputMissing_listsBothProblemsWithFixes() throws IOException {
        Path dir = dirWith("bad-expression.json", "{\"name\": \"x\", \"workflow\": \"dynamodb-table-copy\", "
                + "\"expression\": \"every night\"}");

        assertThatThrownBy(() -> ScheduleFiles.load(dir, FerryWorkflows.all()))
                .hasMessageContaining("bad-expression.json: expression: \"every night\" is not a schedule expression")
                .hasMessageContaining("for example \"cron(0 3 * * ? *)\"")
                .hasMessageContaining("cron(0 3 * * ? *)")
                .hasMessageContaining("bad-expression.json: input: Is missing. Fix: Add \"input\"")
                .hasMessageContaining("(input: The workflow input, as in events/<workflow>.json");
    }

    @Test
    void load_whenCronHasNoQuestionMarkOrInputHasRunId_saysHowToFix() throws IOException {
        Path dir = dirWith("bad-cron.json", "{\"name\": \"x\", \"workflow\": \"dynamodb-table-copy\", "
                + "\"expression\": \"cron(0 3 * * * *)\", \"timezone\": \"Mars/Olympus\", \"enable\": false, "
                + "\"input\": {\"runId\": \"fixed\", \"tables\": [\"T\"]}}");

        assertThatThrownBy(() -> ScheduleFiles.load(dir, FerryWorkflows.all()))
                .hasMessageContaining("bad-cron.json: expression: 'cron(0 3 * * * *)': exactly one of day-of-month")
                .hasMessageContaining("bad-cron.json: timezone: unknown time zone 'Mars/Olympus'")
                .hasMessageContaining("bad-cron.json: enable: Is not a known property: did you mean 'enabled'?")
                .hasMessageContaining("bad-cron.json: input.runId: remove it");
    }

    @Test
    void load_whenTwoFilesShareAName_namesBoth() throws IOException {
        Path dir = dirWith("a.json", "{\"name\": \"same\", \"workflow\": \"rollback\", \"expression\": \"rate(1 day)\", "
                + "\"input\": {\"runId\": \"r\"}}");
        Files.writeString(dir.resolve("b.json"), Files.readString(dir.resolve("a.json")));

        assertThatThrownBy(() -> ScheduleFiles.load(dir, FerryWorkflows.all()))
                .hasMessageContaining("b.json: name: 'same' is already the name of the schedule in a.json");
    }

    @Test
    void controlStack_whenAScheduleFileIsBad_failsSynthNamingTheFile() throws IOException {
        Path dir = dirWith("broken.json", "{\"name\": \"x\", ");
        App app = InfraTestSupport.app("WorkflowSchedulesTest-bad", Map.of());

        assertThatThrownBy(() -> new ControlStack(app, "Bad", ControlStackProps.builder()
                .codeForJar(InfraTestSupport.tinyCodeForJars()).schedulesDir(dir).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.json: not valid JSON");
    }

    // ---- the shipped files

    @Test
    void shippedSchedules_whenValidatedAgainstTheSchemas_haveNoErrors() throws IOException {
        Path root = InfraTestSupport.repoRoot();
        InputSchema scheduleSchema = InputSchema.forWorkflow("schedule");
        List<Path> files = scheduleFiles(root.resolve(FerryApp.DEFAULT_SCHEDULES_DIR));
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String text = Files.readString(file);
            assertThat(scheduleSchema.check(text)).as(file.toString()).isEmpty();
            JsonNode schedule = MAPPER.readTree(text);
            InputSchema inputSchema = InputSchema.forWorkflow(schedule.path("workflow").asText());
            assertThat(inputSchema.check(schedule.path("input").toString())).as(file + " input").isEmpty();
        }
    }

    @Test
    void shippedExample_whenLoaded_isTheDisabledNightlyCopyWithoutRunId() {
        List<ScheduleFiles.Definition> definitions = ScheduleFiles.load(
                InfraTestSupport.repoRoot().resolve(FerryApp.DEFAULT_SCHEDULES_DIR), FerryWorkflows.all());

        assertThat(definitions).extracting(ScheduleFiles.Definition::name).contains("nightly-orders-copy");
        ScheduleFiles.Definition example = definitions.stream()
                .filter(d -> d.name().equals("nightly-orders-copy")).findFirst().orElseThrow();
        assertThat(example.enabled()).isFalse();
        assertThat(example.input()).doesNotContain("runId");
    }

    @Test
    void schema_whenCheckedAgainstTheCode_namesNoWorkflowsAndTheCodeRejectsWhatTheSchemaCannot() throws IOException {
        JsonNode schemaJson = MAPPER.readTree(InfraTestSupport.repoRoot().resolve("events/schemas/schedule.schema.json").toFile());
        // the workflow descriptors are the one list of workflows: the schema names none
        assertThat(schemaJson.at("/properties/workflow").has("enum")).isFalse();
        assertThat(schemaJson.toString()).doesNotContain("dynamodb-table-copy");
        InputSchema schema = InputSchema.forWorkflow("schedule");
        assertThat(schema.check("{\"name\": \"x\", \"workflow\": \"rollback\", \"expression\": \"daily\", \"input\": {\"a\": 1}}"))
                .isNotEmpty();
        assertThat(schema.check("{\"name\": \"x\", \"workflow\": \"rollback\", \"expression\": \"at(2026-12-31T23:00:00)\", "
                + "\"input\": {\"runId\": \"r\"}, \"enabled\": true}")).isEmpty();
        // an unknown workflow and a fixed runId pass the schema: the checks from the descriptors and the
        // workflow's input schema reject them
        String copyWithRunId = "{\"name\": \"x\", \"workflow\": \"dynamodb-table-copy\", \"expression\": \"rate(1 day)\", "
                + "\"input\": {\"runId\": \"r\", \"source\": {\"region\": \"us-west-2\"}, "
                + "\"destination\": {\"region\": \"us-east-1\"}, \"tables\": [\"DEV-ORDERS\"]}}";
        assertThat(schema.check(copyWithRunId)).isEmpty();
        assertThatThrownBy(() -> ScheduleFiles.load(dirWith("run-id.json", copyWithRunId), FerryWorkflows.all()))
                .hasMessageContaining("run-id.json: input.runId: remove it");
        String unknown = "{\"name\": \"x\", \"workflow\": \"copy\", \"expression\": \"rate(1 day)\", \"input\": {\"a\": 1}}";
        assertThat(schema.check(unknown)).isEmpty();
        assertThatThrownBy(() -> ScheduleFiles.load(dirWith("unknown.json", unknown), FerryWorkflows.all()))
                .hasMessageContaining("unknown.json: workflow: unknown workflow 'copy'");
    }

    @Test
    void load_whenScheduledInputBreaksTheWorkflowsInputSchema_namesTheFileAndTheInputPath() throws IOException {
        Path dir = dirWith("bad-input.json", "{\"name\": \"x\", \"workflow\": \"dynamodb-table-copy\", "
                + "\"expression\": \"rate(1 day)\", \"input\": {\"source\": {\"region\": \"us-west-2\"}, "
                + "\"tables\": [\"DEV-ORDERS\", {\"src\": \"X\"}]}}");

        assertThatThrownBy(() -> ScheduleFiles.load(dir, FerryWorkflows.all()))
                .hasMessageContaining("bad-input.json: input.destination: Is missing.")
                .hasMessageContaining("bad-input.json: input.tables[1].src: Is not a known property")
                .hasMessageContaining("events/schemas/dynamodb-table-copy.schema.json");
    }

    @Test
    void load_whenRollbackInputHasNoRunId_saysItIsMissing() throws IOException {
        Path dir = dirWith("rollback.json", "{\"name\": \"x\", \"workflow\": \"rollback\", "
                + "\"expression\": \"rate(1 day)\", \"input\": {\"run\": \"r\"}}");

        assertThatThrownBy(() -> ScheduleFiles.load(dir, FerryWorkflows.all()))
                .hasMessageContaining("rollback.json: input.runId: Is missing.")
                .hasMessageContaining("rollback.json: input.run: Is not a known property: did you mean 'runId'?");
    }

    @Test
    void load_whenWorkflowIsNotSchedulable_saysSoAndListsTheSchedulableOnes() throws IOException {
        FerryWorkflow manual = FerryWorkflow.builder("manual-only").constructId("ManualOnly").description("by hand")
                .functions("functions/manual", "functions/manual/target/ferry-functions-manual-lambda.jar")
                .handler("Run", "dev.ferry.manual.RunHandler", 512, 60)
                .factory((scope, id, functions, settings) -> null)
                .build();
        List<FerryWorkflow> workflows = new ArrayList<>(FerryWorkflows.all());
        workflows.add(manual);
        Path dir = dirWith("manual.json", "{\"name\": \"x\", \"workflow\": \"manual-only\", "
                + "\"expression\": \"rate(1 day)\", \"input\": {\"a\": 1}}");

        assertThatThrownBy(() -> ScheduleFiles.load(dir, workflows))
                .hasMessageContaining("manual.json: workflow: workflow 'manual-only' cannot be scheduled")
                .hasMessageContaining("use one of [dynamodb-table-copy, dynamodb-transform, postgres-to-dynamodb, rollback]");
    }

    private static List<Path> scheduleFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    private static JsonNode scheduleProperties(String name) {
        for (JsonNode resource : json.path("Resources")) {
            if ("AWS::Scheduler::Schedule".equals(resource.path("Type").asText())
                    && name.equals(resource.at("/Properties/Name").asText())) {
                return resource.path("Properties");
            }
        }
        throw new AssertionError("no schedule " + name);
    }

    private static Path dirWith(String file, String content) throws IOException {
        Path dir = tempDir("bad-schedules");
        Files.writeString(dir.resolve(file), content);
        return dir;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(Path.of("target"), prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
