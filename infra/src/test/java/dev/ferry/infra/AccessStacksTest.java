package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

class AccessStacksTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTROL_ACCOUNT = "111122223333";
    private static final String EXTERNAL_ID = "ferry-test-external-id";

    private static SourceAccessStack source;
    private static DestinationAccessStack destination;
    private static JsonNode sourceJson;
    private static JsonNode destinationJson;
    private static Template sourceTemplate;
    private static Template destinationTemplate;

    @BeforeAll
    static void synthesizeOnce() {
        App app = InfraTestSupport.app("AccessStacksTest", Map.of());
        source = new SourceAccessStack(app, SourceAccessStack.ID, props("ferry-source-access").build(SourceAccessStack.ID));
        destination = new DestinationAccessStack(app, DestinationAccessStack.ID,
                props("ferry-destination-access").build(DestinationAccessStack.ID));
        sourceTemplate = Template.fromStack(source);
        destinationTemplate = Template.fromStack(destination);
        sourceJson = MAPPER.valueToTree(sourceTemplate.toJSON());
        destinationJson = MAPPER.valueToTree(destinationTemplate.toJSON());
    }

    private static AccessStackProps.Builder props(String roleName) {
        return AccessStackProps.builder().controlAccountId(CONTROL_ACCOUNT).externalId(EXTERNAL_ID).roleName(roleName);
    }

    // ---- props

    @Test
    void build_whenControlAccountIdMissing_saysWhichContextToPass() {
        assertThatThrownBy(() -> AccessStackProps.builder().externalId(EXTERNAL_ID).roleName("ferry-x").build("FerrySourceAccess"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FerrySourceAccess needs the control account id")
                .hasMessageContaining("-c controlAccountId=");
    }

    @Test
    void build_whenExternalIdMissing_saysWhichContextToPass() {
        assertThatThrownBy(() -> AccessStackProps.builder().controlAccountId(CONTROL_ACCOUNT).roleName("ferry-x").build("S"))
                .hasMessageContaining("needs an external id")
                .hasMessageContaining("-c externalId=");
    }

    @Test
    void build_whenAccountIdOrRoleNameMalformed_rejectsThem() {
        assertThatThrownBy(() -> props("ferry-x").controlAccountId("12345").build("S"))
                .hasMessageContaining("12-digit");
        assertThatThrownBy(() -> props("team-role").build("S"))
                .hasMessageContaining("must start with 'ferry-'");
    }

    // ---- roles

    @Test
    void roles_whenSynthesized_areNamedAndTrustOnlyTheControlAccountWithTheExternalId() {
        for (JsonNode stack : List.of(sourceJson, destinationJson)) {
            List<JsonNode> roles = resources(stack, "AWS::IAM::Role");
            assertThat(roles).hasSize(2);
            for (JsonNode r : roles) {
                JsonNode trust = r.at("/Properties/AssumeRolePolicyDocument/Statement");
                assertThat(trust.size()).isEqualTo(1);
                assertThat(trust.at("/0/Action").asText()).isEqualTo("sts:AssumeRole");
                assertThat(trust.at("/0/Principal/AWS").toString()).contains(":iam::" + CONTROL_ACCOUNT + ":root");
                assertThat(trust.at("/0/Condition/StringEquals/sts:ExternalId").asText()).isEqualTo(EXTERNAL_ID);
            }
        }
        assertThat(resources(sourceJson, "AWS::IAM::Role")).extracting(r -> r.at("/Properties/RoleName").asText())
                .containsExactlyInAnyOrder("ferry-source-access", SourceAccessStack.QUICKSIGHT_ROLE_NAME);
        assertThat(resources(destinationJson, "AWS::IAM::Role")).extracting(r -> r.at("/Properties/RoleName").asText())
                .containsExactlyInAnyOrder("ferry-destination-access", DestinationAccessStack.QUICKSIGHT_ROLE_NAME);
    }

    @Test
    void sourceRole_whenSynthesized_canOnlyRead() {
        List<String> actions = actions(sourceJson);
        assertThat(actions).containsExactlyInAnyOrder("dynamodb:DescribeTable", "dynamodb:Scan", "dynamodb:ListTagsOfResource",
                "dynamodb:DescribeTimeToLive", "dynamodb:DescribeContinuousBackups", "kms:Decrypt", "kms:DescribeKey");
        assertThat(actions).noneMatch(a -> a.matches("(?i).*:(Create|Put|BatchWrite|Update|Delete|Tag|Encrypt).*"));
    }

    @Test
    void sourceRole_whenSynthesized_usesKeysOnlyThroughDynamoDb() {
        JsonNode kms = statementWithSid(sourceJson, "DecryptTablesViaDynamoDb");
        assertThat(kms.at("/Condition/StringLike/kms:ViaService").asText()).isEqualTo("dynamodb.*.amazonaws.com");
    }

    @Test
    void destinationRole_whenSynthesized_createsFillsVerifiesAndUpdatesOrDeletesOnlyTaggedTables() {
        assertThat(actions(destinationJson)).containsExactlyInAnyOrder("dynamodb:CreateTable", "dynamodb:DescribeTable",
                "dynamodb:BatchWriteItem", "dynamodb:Scan", "dynamodb:UpdateTimeToLive", "dynamodb:UpdateContinuousBackups",
                "dynamodb:TagResource", "dynamodb:ListTagsOfResource", "dynamodb:DescribeTimeToLive",
                "dynamodb:DescribeContinuousBackups", "dynamodb:UpdateTable", "dynamodb:DeleteTable",
                "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:DeleteItem",
                "dynamodb:CreateBackup", "dynamodb:ListBackups",
                "kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:Encrypt");
        assertThat(statementWithSid(destinationJson, "ListBackups").path("Resource").asText()).isEqualTo("*");
        JsonNode delete = statementWithSid(destinationJson, "UpdateAndDeleteOnlyTablesFerryCreated");
        assertThat(delete.path("Action").toString()).isEqualTo("[\"dynamodb:DeleteTable\",\"dynamodb:UpdateTable\"]");
        assertThat(delete.at("/Condition/Null/aws:ResourceTag~1ferry:run-id").asText()).isEqualTo("false");
        assertThat(statementWithSid(destinationJson, "WriteDestinationTables").toString()).doesNotContain("DeleteTable").doesNotContain("UpdateTable\"");
        assertThat(statementWithSid(destinationJson, "UseTableKeysViaDynamoDb").at("/Condition/StringLike/kms:ViaService")
                .asText()).isEqualTo("dynamodb.*.amazonaws.com");
    }

    @Test
    void quickSightSourceRole_whenSynthesized_onlyReadsAndExports() {
        List<String> actions = actions(role(sourceJson, SourceAccessStack.QUICKSIGHT_ROLE_NAME));
        assertThat(actions).isNotEmpty().allMatch(a -> a.startsWith("quicksight:"))
                .contains("quicksight:DescribeDataSet", "quicksight:ListDataSets", "quicksight:StartAssetBundleExportJob")
                .noneMatch(a -> a.matches("quicksight:(Create|Update|Delete|Register|Put|Tag|StartAssetBundleImport|Pass).*"));
    }

    @Test
    void quickSightDestinationRole_whenSynthesized_touchesIamOnlyOnQuickSightsServiceRoles() {
        JsonNode role = role(destinationJson, DestinationAccessStack.QUICKSIGHT_ROLE_NAME);
        assertThat(actions(role)).contains("quicksight:CreateDataSet", "quicksight:DeleteDataSet", "quicksight:RegisterUser",
                "quicksight:StartAssetBundleImportJob", "iam:PutRolePolicy", "iam:DeleteRolePolicy");
        for (JsonNode statement : role.at("/Properties/Policies/0/PolicyDocument/Statement")) {
            if (statement.path("Action").toString().contains("iam:PutRolePolicy")) {
                assertThat(statement.path("Resource").toString()).contains("role/service-role/aws-quicksight-service-role-v0",
                        "role/service-role/aws-quicksight-secretsmanager-role-v0").doesNotContain("role/*");
            }
        }
        assertThat(actions(role)).noneMatch(a -> a.matches("iam:(CreateRole|AttachRolePolicy|PassRole|DeleteRole)"));
        // the database secret is checked by its metadata only: never its value
        assertThat(actions(role)).contains("secretsmanager:DescribeSecret").noneMatch(a -> a.equals("secretsmanager:GetSecretValue"));
    }

    @Test
    void stacks_whenSynthesized_outputTheRoleArn() {
        sourceTemplate.hasOutput("AccessRoleArn", Map.of());
        destinationTemplate.hasOutput("AccessRoleArn", Map.of());
        sourceTemplate.hasOutput("QuickSightRoleArn", Map.of());
        destinationTemplate.hasOutput("QuickSightRoleArn", Map.of());
    }

    @Test
    void nag_whenSynthesized_hasNoUnsuppressedAwsSolutionsFindings() {
        assertThat(InfraTestSupport.nagFindings(source)).isEmpty();
        assertThat(InfraTestSupport.nagFindings(destination)).isEmpty();
    }

    private static List<JsonNode> resources(JsonNode template, String type) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if (type.equals(r.path("Type").asText())) {
                found.add(r);
            }
        });
        return found;
    }

    private static JsonNode role(JsonNode template, String name) {
        return resources(template, "AWS::IAM::Role").stream().filter(r -> r.at("/Properties/RoleName").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no role " + name));
    }

    /** The table role's statements (the QuickSight role is checked on its own). */
    private static JsonNode statements(JsonNode template) {
        String name = template == sourceJson ? "ferry-source-access" : "ferry-destination-access";
        return role(template, name).at("/Properties/Policies/0/PolicyDocument/Statement");
    }

    private static List<String> actions(JsonNode templateOrRole) {
        JsonNode statements = templateOrRole.has("Resources") ? statements(templateOrRole)
                : templateOrRole.at("/Properties/Policies/0/PolicyDocument/Statement");
        List<String> actions = new ArrayList<>();
        for (JsonNode statement : statements) {
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(action.asText());
            }
        }
        return actions;
    }

    private static JsonNode statementWithSid(JsonNode template, String sid) {
        for (JsonNode statement : statements(template)) {
            if (sid.equals(statement.path("Sid").asText())) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid);
    }
}
