package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * postgres-to-dynamodb's functions with the deployment context of a database VPC and a secret prefix: the ones
 * that connect to the database run in its subnets with its security group, Rollback does not; secrets are reached
 * under the prefix only, deleted or re-staged only when Ferry tagged them; cdk-nag has nothing left to say.
 */
class PostgresAccessTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static ControlStack stack;
    private static JsonNode json;

    @BeforeAll
    static void synthesize() {
        App app = InfraTestSupport.app("PostgresAccessTest", Map.of("postgresVpcId", "vpc-0123456789abcdef0", "postgresSubnetIds", "subnet-0123456789abcdef0, subnet-0fedcba9876543210",
                "postgresSecurityGroupId", "sg-0123456789abcdef0", "postgresSecretsPrefix", "threat-engine/"));
        stack = new ControlStack(app, ControlStack.ID, ControlStackProps.builder().codeForJar(InfraTestSupport.tinyCodeForJars()).build());
        json = MAPPER.valueToTree(Template.fromStack(stack).toJSON());
    }

    private static JsonNode properties(String handler) {
        return json.at("/Resources/" + InfraTestSupport.logicalId(stack.function("postgres-to-dynamodb", handler).getFunction()) + "/Properties");
    }

    private static List<JsonNode> statements(String handler) {
        String role = InfraTestSupport.logicalId(stack.function("postgres-to-dynamodb", handler).getRole());
        List<JsonNode> out = new ArrayList<>();
        json.path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals("AWS::IAM::Policy") && r.at("/Properties/Roles").toString().contains("\"" + role + "\"")) {
                r.at("/Properties/PolicyDocument/Statement").forEach(out::add);
            }
        });
        return out;
    }

    @Test
    void functions_whenGivenTheDatabaseVpc_connectFromItsSubnetsExceptRollback() {
        for (String handler : List.of("Validate", "Prepare", "LoadUnit", "VerifyUnit", "Report")) {
            assertThat(properties(handler).at("/VpcConfig/SubnetIds")).as(handler).hasSize(2);
            assertThat(properties(handler).at("/VpcConfig/SecurityGroupIds/0").asText()).isEqualTo("sg-0123456789abcdef0");
        }
        assertThat(properties("Rollback").has("VpcConfig")).isFalse();
        assertThat(properties("Validate").at("/VpcConfig/SubnetIds/1").asText()).isEqualTo("subnet-0fedcba9876543210");
    }

    @Test
    void secrets_whenAPrefixIsGiven_areReachableUnderItOnlyAndUndoneOnlyWhenFerryTaggedThem() {
        JsonNode write = statements("LoadUnit").stream().filter(s -> s.path("Sid").asText().equals("WriteSecrets")).findFirst().orElseThrow();
        assertThat(write.path("Resource").toString()).contains(":secret:threat-engine/*");
        assertThat(statements("Validate")).noneMatch(s -> s.path("Sid").asText().equals("WriteSecrets"));
        JsonNode undo = statements("Rollback").stream().filter(s -> s.path("Sid").asText().equals("UndoSecretsFerryCreated")).findFirst()
                .orElseThrow();
        assertThat(undo.at("/Condition/Null").toString()).contains("secretsmanager:ResourceTag/ferry:run-id");
        assertThat(statements("LoadUnit")).noneMatch(s -> s.path("Action").toString().contains("DeleteSecret"));
    }

    @Test
    void nag_whenSynthesizedWithTheContext_hasNoUnexplainedFinding() {
        assertThat(InfraTestSupport.nagFindings(stack)).isEmpty();
    }
}
