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

    private final Role role;

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
        FerryNag.apply(this);
        AccessStackSuppressions.apply(role, "create, fill, configure and verify tables, transform their items in place "
                + "(dynamodb-transform), and UpdateTable/DeleteTable only on tables tagged " + AccessPolicies.RUN_ID_TAG
                + " (those Ferry created)");
        AccessStackSuppressions.listBackups(role);
    }

    public Role getRole() {
        return role;
    }
}
