package dev.ferry.local.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.ferry.local.cli.CliRun.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry start} against Step Functions and CloudFormation faked by WireMock. */
class StartCommandTest {
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:DynamoDbTableCopy";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:DynamoDbTableCopy:exec-1";

    private final WireMockServer aws = new WireMockServer(options().dynamicPort());
    private final List<Duration> sleeps = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void startFakeAws() {
        aws.start();
    }

    @AfterEach
    void stopFakeAws() {
        aws.stop();
    }

    private static MappingBuilder sfn(String operation) {
        return post("/").withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
    }

    private void stackOutputs(String outputsXml) {
        aws.stubFor(post("/").withRequestBody(containing("Action=DescribeStacks")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                          <DescribeStacksResult><Stacks><member>
                            <StackName>FerryControl</StackName><StackStatus>CREATE_COMPLETE</StackStatus>
                            <CreationTime>2026-01-01T00:00:00Z</CreationTime>
                            <Outputs>%s</Outputs>
                          </member></Stacks></DescribeStacksResult>
                          <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                        </DescribeStacksResponse>""".formatted(outputsXml))));
    }

    private void execution(String finalStatusJson) {
        aws.stubFor(sfn("StartExecution").willReturn(json("{\"executionArn\": \"" + EXECUTION + "\", \"startDate\": 1767225600.0}")));
        aws.stubFor(sfn("DescribeExecution").inScenario("execution").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("finished")
                .willReturn(json("{\"executionArn\": \"" + EXECUTION + "\", \"stateMachineArn\": \"" + MACHINE
                        + "\", \"status\": \"RUNNING\", \"startDate\": 1767225600.0}")));
        aws.stubFor(sfn("DescribeExecution").inScenario("execution").whenScenarioStateIs("finished")
                .willReturn(json("{\"executionArn\": \"" + EXECUTION + "\", \"stateMachineArn\": \"" + MACHINE
                        + "\", \"startDate\": 1767225600.0, \"stopDate\": 1767225660.0, " + finalStatusJson + "}")));
        aws.stubFor(sfn("GetExecutionHistory").willReturn(json("""
                {"events": [{"id": 3, "timestamp": 1767225601.0, "type": "TaskStateEntered",
                  "stateEnteredEventDetails": {"name": "CopySegments", "input": "{}"}}]}""")));
    }

    private CliRun start(String... extra) throws IOException {
        Path input = Files.writeString(dir.resolve("input.json"), "{\"runId\": \"copy-1\"}");
        List<String> args = new ArrayList<>(List.of("start", "dynamodb-table-copy", "--input", input.toString(), "--name", "exec-1",
                "--endpoint-url", aws.baseUrl(), "--region", "us-east-1"));
        args.addAll(List.of(extra));
        return ferry(new FerryCli(sleeps::add), args.toArray(String[]::new));
    }

    @Test
    void start_whenStackNamesTheStateMachine_startsFollowsAndPrintsTheOutput() throws IOException {
        stackOutputs("<member><OutputKey>DynamoDbTableCopyStateMachineArn</OutputKey><OutputValue>" + MACHINE + "</OutputValue></member>");
        execution("\"status\": \"SUCCEEDED\", \"output\": \"{\\\"copied\\\": 42}\"");

        CliRun run = start();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.parse(run.out())).isEqualTo(Json.parse("{\"copied\": 42}"));
        assertThat(run.err()).contains("ferry: started " + EXECUTION, "-> CopySegments", "execution SUCCEEDED in 60.0 s");
        assertThat(sleeps).containsExactly(Duration.ofMillis(500));
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
                .withRequestBody(matchingJsonPath("$.stateMachineArn", equalTo(MACHINE)))
                .withRequestBody(matchingJsonPath("$.name", equalTo("exec-1")))
                .withRequestBody(matchingJsonPath("$.input", equalTo("{\"runId\":\"copy-1\"}"))));
    }

    @Test
    void start_whenExecutionFails_exitTwoWithErrorAndCause() throws IOException {
        stackOutputs("<member><OutputKey>DynamoDbTableCopyStateMachineArn</OutputKey><OutputValue>" + MACHINE + "</OutputValue></member>");
        execution("\"status\": \"FAILED\", \"error\": \"dev.ferry.core.errors.InvalidInputException\", \"cause\": \"source table missing\"");

        CliRun run = start();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("execution FAILED", "error: dev.ferry.core.errors.InvalidInputException", "cause: source table missing");
    }

    @Test
    void start_whenArnGiven_doesNotAskCloudFormation() throws IOException {
        execution("\"status\": \"SUCCEEDED\", \"output\": \"{}\"");

        CliRun run = start("--state-machine-arn", MACHINE);

        assertThat(run.exitCode()).as(run.err()).isZero();
        aws.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeStacks")));
    }

    @Test
    void start_whenStackHasNoOutputForTheWorkflow_exitOneListingTheOutputs() throws IOException {
        stackOutputs("<member><OutputKey>RollbackStateMachineArn</OutputKey><OutputValue>arn:x</OutputValue></member>");

        CliRun run = start();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("stack FerryControl has no output for workflow 'dynamodb-table-copy'", "[RollbackStateMachineArn]");
    }
}
