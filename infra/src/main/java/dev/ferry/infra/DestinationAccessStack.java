package dev.ferry.infra;

import java.util.List;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * {@code FerryDestinationAccess}: deployed by a team into the account that receives the tables. One role
 * ({@code ferry-destination-access} by default) that the control account may assume with the external id,
 * and that can create, fill, configure and verify tables, transform their items in place (dynamodb-transform), and update (deletion protection) and delete only the tables Ferry created (tagged
 * {@code ferry:run-id}), which is what rollback does. Tables in every region of the account.
 */
public class DestinationAccessStack extends Stack {

    public static final String ID = "FerryDestinationAccess";
    public static final String DEFAULT_ROLE_NAME = "ferry-destination-access";

    /** The QuickSight role of quicksight-migration (give it to runs as destination.roleArn). */
    public static final String QUICKSIGHT_ROLE_NAME = "ferry-quicksight-destination";
    /** CDK context: managed policy ARNs (comma-separated) to attach to the QuickSight role, checked by runs' managedPolicies. */
    public static final String CONTEXT_QUICKSIGHT_MANAGED_POLICIES = "quickSightManagedPolicies";

    private final Role role;
    private final Role quickSightRole;

    public DestinationAccessStack(Construct scope, String id, AccessStackProps props) {
        super(scope, id, props.getStackProps());
        String tables = AccessPolicies.tablesArn(this, "*");
        this.role = AccessRoles.create(this, props,
                "Ferry: create and fill DynamoDB tables in this account for copies run from account "
                        + props.getControlAccountId(),
                List.of(
                        AccessPolicies.writeDestinationTables(tables),
                        AccessPolicies.transformItems(tables),
                        AccessPolicies.listBackups(),
                        AccessPolicies.manageTablesFerryCreated(tables),
                        AccessPolicies.keysViaDynamoDb("UseTableKeysViaDynamoDb", AccessPolicies.DESTINATION_KEY_ACTIONS,
                                AccessPolicies.keysArn(this, "*"), "dynamodb.*.amazonaws.com")));
        String quickSight = AccessPolicies.quickSightResources(this);
        String quickSightRoleArn = formatArn(software.amazon.awscdk.ArnComponents.builder().service("iam").region("")
                .account(software.amazon.awscdk.Aws.ACCOUNT_ID).resource("role").resourceName(QUICKSIGHT_ROLE_NAME)
                .arnFormat(software.amazon.awscdk.ArnFormat.SLASH_RESOURCE_NAME).build());
        this.quickSightRole = AccessRoles.create(this, "QuickSightRole", QUICKSIGHT_ROLE_NAME, "FerryQuickSightMigration", props,
                "Ferry: create (and on rollback remove) QuickSight users, groups, data sources, datasets, dashboards and "
                        + "analyses of this account for migrations run from account " + props.getControlAccountId(),
                List.of(AccessPolicies.writeQuickSight(quickSight), AccessPolicies.quickSightServiceRolePolicies(this),
                        AccessPolicies.listOwnPolicies(quickSightRoleArn), AccessPolicies.describeSecrets(this)));
        Object managed = getNode().tryGetContext(CONTEXT_QUICKSIGHT_MANAGED_POLICIES);
        if (managed != null && !managed.toString().isBlank()) {
            for (String arn : managed.toString().split(",")) {
                quickSightRole.addManagedPolicy(software.amazon.awscdk.services.iam.ManagedPolicy.fromManagedPolicyArn(this,
                        "Managed" + Integer.toHexString(arn.trim().hashCode()), arn.trim()));
            }
        }
        FerryNag.apply(this);
        AccessStackSuppressions.applyQuickSight(quickSightRole, "create what a migration moves and remove it again on rollback; "
                + "IAM only on QuickSight's two service roles");
        AccessStackSuppressions.describeSecrets(quickSightRole);
        AccessStackSuppressions.apply(role, "create, fill, configure and verify tables, transform their items in place "
                + "(dynamodb-transform), and UpdateTable/DeleteTable only on tables tagged " + AccessPolicies.RUN_ID_TAG
                + " (those Ferry created)");
        AccessStackSuppressions.listBackups(role);
    }

    public Role getRole() {
        return role;
    }

    public Role getQuickSightRole() {
        return quickSightRole;
    }
}
