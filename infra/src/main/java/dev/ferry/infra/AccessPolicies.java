package dev.ferry.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What Ferry does to the tables of a run's source and destination, as IAM statements. The same lists serve
 * the access roles in other accounts and the control functions' same-account access, so they cannot drift.
 */
final class AccessPolicies {

    /** Ferry tags every table it creates with this; only such tables can be deleted (rollback). */
    static final String RUN_ID_TAG = "ferry:run-id";

    /** Reading a source table: its schema, settings, tags and items. */
    static final List<String> SOURCE_TABLE_ACTIONS = List.of(
            "dynamodb:DescribeTable",
            "dynamodb:Scan",
            "dynamodb:ListTagsOfResource",
            "dynamodb:DescribeTimeToLive",
            "dynamodb:DescribeContinuousBackups");

    /** Creating and filling a destination table, then scanning it to verify. */
    static final List<String> DESTINATION_TABLE_ACTIONS = List.of(
            "dynamodb:CreateTable",
            "dynamodb:DescribeTable",
            "dynamodb:BatchWriteItem",
            "dynamodb:Scan",
            "dynamodb:UpdateTimeToLive",
            "dynamodb:UpdateContinuousBackups",
            "dynamodb:TagResource",
            "dynamodb:ListTagsOfResource",
            "dynamodb:DescribeTimeToLive",
            "dynamodb:DescribeContinuousBackups");

    /**
     * Transforming items in place (dynamodb-transform): reading items by key, conditional updates, putting back or
     * deleting what rollback undoes, and an on-demand backup before the first write.
     */
    static final List<String> TRANSFORM_ITEM_ACTIONS = List.of(
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:UpdateItem",
            "dynamodb:PutItem",
            "dynamodb:DeleteItem",
            "dynamodb:CreateBackup");

    /** Listing a table's backups (dynamodb-transform checks that backups are possible): no resource-level permission. */
    static final String LIST_BACKUPS = "dynamodb:ListBackups";

    /** Using a table's customer-managed key, through DynamoDB only: reading. */
    static final List<String> SOURCE_KEY_ACTIONS = List.of("kms:Decrypt", "kms:DescribeKey");
    /** ... and creating a table encrypted with one (DynamoDB makes a grant for itself). */
    static final List<String> DESTINATION_KEY_ACTIONS = List.of("kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:Encrypt");

    private AccessPolicies() {
    }

    /** {@code arn:<partition>:dynamodb:<region>:<this account>:table/*}; {@code region} may be {@code *}. */
    static String tablesArn(Stack stack, String region) {
        return stack.formatArn(ArnComponents.builder()
                .service("dynamodb").region(region).account(Aws.ACCOUNT_ID)
                .resource("table").resourceName("*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    /** {@code arn:<partition>:kms:<region>:<this account>:key/*}; {@code region} may be {@code *}. */
    static String keysArn(Stack stack, String region) {
        return stack.formatArn(ArnComponents.builder()
                .service("kms").region(region).account(Aws.ACCOUNT_ID)
                .resource("key").resourceName("*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    static PolicyStatement readSourceTables(String tablesArn) {
        return allow("ReadSourceTables", SOURCE_TABLE_ACTIONS, tablesArn);
    }

    static PolicyStatement writeDestinationTables(String tablesArn) {
        return allow("WriteDestinationTables", DESTINATION_TABLE_ACTIONS, tablesArn);
    }

    static PolicyStatement transformItems(String tablesArn) {
        return allow("TransformItems", TRANSFORM_ITEM_ACTIONS, tablesArn);
    }

    /** ListBackups supports no resource-level permission: its resource is {@code *}. */
    static PolicyStatement listBackups() {
        return allow("ListBackups", List.of(LIST_BACKUPS), "*");
    }

    /**
     * Only on tables that carry the {@value #RUN_ID_TAG} tag, i.e. that Ferry created: DeleteTable (rollback) and
     * UpdateTable (the handlers switch deletion protection on after a verified copy when the source had it, and
     * off again before a rollback deletes the table).
     */
    static final List<String> FERRY_CREATED_TABLE_ACTIONS = List.of("dynamodb:UpdateTable", "dynamodb:DeleteTable");

    static PolicyStatement manageTablesFerryCreated(String tablesArn) {
        return PolicyStatement.Builder.create()
                .sid("UpdateAndDeleteOnlyTablesFerryCreated")
                .effect(Effect.ALLOW)
                .actions(FERRY_CREATED_TABLE_ACTIONS)
                .resources(List.of(tablesArn))
                .conditions(Map.of("Null", Map.of("aws:ResourceTag/" + RUN_ID_TAG, "false")))
                .build();
    }

    /**
     * Key actions allowed only when DynamoDB makes the call on the role's behalf.
     *
     * @param viaService e.g. {@code dynamodb.*.amazonaws.com} (any region) or {@code dynamodb.<region>.amazonaws.com}
     */
    static PolicyStatement keysViaDynamoDb(String sid, List<String> actions, String keysArn, String viaService) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(List.of(keysArn))
                .conditions(Map.of("StringLike", Map.of("kms:ViaService", viaService)))
                .build();
    }

    private static PolicyStatement allow(String sid, List<String> actions, String resource) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(List.of(resource))
                .build();
    }

    // ---------------------------------------------------------------- QuickSight (quicksight-migration)

    /** Reading a source QuickSight account: data sources, datasets, dashboards, analyses, their permissions and tags. */
    static final List<String> QUICKSIGHT_SOURCE_ACTIONS = List.of(
            "quicksight:DescribeDataSource", "quicksight:ListDataSources", "quicksight:DescribeDataSourcePermissions",
            "quicksight:DescribeDataSet", "quicksight:ListDataSets", "quicksight:DescribeDataSetPermissions",
            "quicksight:DescribeDashboard", "quicksight:DescribeAnalysis", "quicksight:ListTagsForResource");
    /** ... and exporting dashboards and analyses as asset bundles (their definitions only; nothing is changed). */
    static final List<String> QUICKSIGHT_EXPORT_ACTIONS = List.of(
            "quicksight:StartAssetBundleExportJob", "quicksight:DescribeAssetBundleExportJob");

    /** Creating in a destination QuickSight account what a migration moves, and removing it again (rollback). */
    static final List<String> QUICKSIGHT_DESTINATION_ACTIONS = List.of(
            "quicksight:DescribeAccountSettings", "quicksight:DescribeVPCConnection", "quicksight:PassVPCConnection",
            "quicksight:DescribeUser", "quicksight:RegisterUser", "quicksight:DeleteUser",
            "quicksight:DescribeGroup", "quicksight:CreateGroup", "quicksight:DeleteGroup",
            "quicksight:ListGroupMemberships", "quicksight:CreateGroupMembership", "quicksight:DeleteGroupMembership",
            "quicksight:DescribeDataSource", "quicksight:CreateDataSource", "quicksight:UpdateDataSource", "quicksight:DeleteDataSource",
            "quicksight:DescribeDataSourcePermissions", "quicksight:UpdateDataSourcePermissions", "quicksight:PassDataSource",
            "quicksight:ListDataSets", "quicksight:DescribeDataSet", "quicksight:CreateDataSet", "quicksight:UpdateDataSet",
            "quicksight:DeleteDataSet", "quicksight:DescribeDataSetPermissions", "quicksight:UpdateDataSetPermissions",
            "quicksight:PassDataSet", "quicksight:DescribeDashboard", "quicksight:DeleteDashboard", "quicksight:DescribeAnalysis",
            "quicksight:DeleteAnalysis", "quicksight:StartAssetBundleImportJob", "quicksight:DescribeAssetBundleImportJob",
            "quicksight:TagResource", "quicksight:ListTagsForResource",
            // an import creates the bundle's dashboards and analyses, with their permissions
            "quicksight:CreateDashboard", "quicksight:UpdateDashboard", "quicksight:UpdateDashboardPermissions",
            "quicksight:UpdateDashboardPublishedVersion", "quicksight:CreateAnalysis", "quicksight:UpdateAnalysis",
            "quicksight:UpdateAnalysisPermissions");

    /** QuickSight's service roles, which a migration gives (and takes back) an inline policy for the database secret. */
    static final List<String> QUICKSIGHT_SERVICE_ROLES = List.of("aws-quicksight-service-role-v0", "aws-quicksight-secretsmanager-role-v0");
    static final List<String> QUICKSIGHT_SERVICE_ROLE_ACTIONS = List.of("iam:GetRole", "iam:GetRolePolicy", "iam:PutRolePolicy",
            "iam:DeleteRolePolicy");

    /** {@code arn:<partition>:quicksight:*:<this account>:*}: every QuickSight resource of this account, any region. */
    static String quickSightResources(Stack stack) {
        return stack.formatArn(ArnComponents.builder()
                .service("quicksight").region("*").account(Aws.ACCOUNT_ID).resource("*").arnFormat(ArnFormat.NO_RESOURCE_NAME)
                .build());
    }

    static PolicyStatement readQuickSight(String resources) {
        return allow("ReadQuickSightAssets", QUICKSIGHT_SOURCE_ACTIONS, resources);
    }

    static PolicyStatement exportQuickSightBundles(String resources) {
        return allow("ExportQuickSightAssetBundles", QUICKSIGHT_EXPORT_ACTIONS, resources);
    }

    static PolicyStatement writeQuickSight(String resources) {
        return allow("CreateAndRemoveQuickSightAssets", QUICKSIGHT_DESTINATION_ACTIONS, resources);
    }

    /** The inline policy on QuickSight's own two service roles, nothing else of IAM. */
    static PolicyStatement quickSightServiceRolePolicies(Stack stack) {
        return PolicyStatement.Builder.create()
                .sid("GrantQuickSightTheSecretOnItsServiceRoles")
                .effect(Effect.ALLOW)
                .actions(QUICKSIGHT_SERVICE_ROLE_ACTIONS)
                .resources(QUICKSIGHT_SERVICE_ROLES.stream().map(r -> stack.formatArn(ArnComponents.builder()
                        .service("iam").region("").account(Aws.ACCOUNT_ID).resource("role")
                        .resourceName("service-role/" + r).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())).toList())
                .build();
    }

    /** Checking that the database secret a migration names exists (Validate): its metadata, never its value. */
    static PolicyStatement describeSecrets(Stack stack) {
        return allow("CheckTheDatabaseSecret", List.of("secretsmanager:DescribeSecret"), stack.formatArn(ArnComponents.builder()
                .service("secretsmanager").region("*").account(Aws.ACCOUNT_ID).resource("secret").resourceName("*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()));
    }

    /** Reading which managed policies the role itself has (the input's managedPolicies are checked, not attached). */
    static PolicyStatement listOwnPolicies(String roleArn) {
        return allow("CheckOwnManagedPolicies", List.of("iam:ListAttachedRolePolicies"), roleArn);
    }
}
