package dev.ferry.infra;

import java.util.List;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * {@code FerrySourceAccess}: deployed by a team into the account that holds the source tables. One role
 * ({@code ferry-source-access} by default) that the control account may assume with the external id, and
 * that can only read: describe tables and their settings, scan items, and decrypt through DynamoDB.
 * Tables in every region of the account (a copy may read from any region).
 */
public class SourceAccessStack extends Stack {

    public static final String ID = "FerrySourceAccess";
    public static final String DEFAULT_ROLE_NAME = "ferry-source-access";

    /** The read-only QuickSight role of quicksight-migration (give it to runs as source.roleArn). */
    public static final String QUICKSIGHT_ROLE_NAME = "ferry-quicksight-source";

    private final Role role;
    private final Role quickSightRole;

    public SourceAccessStack(Construct scope, String id, AccessStackProps props) {
        super(scope, id, props.getStackProps());
        this.role = AccessRoles.create(this, props,
                "Ferry: read DynamoDB tables of this account for copies run from account " + props.getControlAccountId(),
                List.of(
                        AccessPolicies.readSourceTables(AccessPolicies.tablesArn(this, "*")),
                        AccessPolicies.keysViaDynamoDb("DecryptTablesViaDynamoDb", AccessPolicies.SOURCE_KEY_ACTIONS,
                                AccessPolicies.keysArn(this, "*"), "dynamodb.*.amazonaws.com")));
        String quickSight = AccessPolicies.quickSightResources(this);
        this.quickSightRole = AccessRoles.create(this, "QuickSightRole", QUICKSIGHT_ROLE_NAME, "FerryQuickSightRead", props,
                "Ferry: read QuickSight data sources, datasets, dashboards and analyses of this account (and export them as "
                        + "asset bundles) for migrations run from account " + props.getControlAccountId(),
                List.of(AccessPolicies.readQuickSight(quickSight), AccessPolicies.exportQuickSightBundles(quickSight)));
        FerryNag.apply(this);
        AccessStackSuppressions.apply(role, "read-only (describe, scan, list tags)");
        AccessStackSuppressions.applyQuickSight(quickSightRole, "read-only (describe, list, export asset bundles; nothing is changed)");
    }

    public Role getRole() {
        return role;
    }

    public Role getQuickSightRole() {
        return quickSightRole;
    }
}
