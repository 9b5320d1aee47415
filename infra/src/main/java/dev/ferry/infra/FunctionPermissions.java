package dev.ferry.infra;

import java.util.List;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/** What the control functions may do to the tables of a run, beyond the ledger and reports (granted by the stack). */
final class FunctionPermissions {

    /** Access roles in other accounts are named {@code ferry-*} (SourceAccessStack, DestinationAccessStack). */
    static final String ACCESS_ROLE_NAME_PATTERN = "ferry-*";

    private FunctionPermissions() {
    }

    /**
     * One policy for every function:
     * <ul>
     *   <li>assume the {@code ferry-*} access roles in any account (a run names its roles in its input; each
     *       role's trust policy and external id decide whether that works);</li>
     *   <li>for same-account runs without a role: read source tables and write destination tables of this
     *       account and region, transform their items in place (conditional updates, rollback's puts and deletes,
     *       on-demand backups), update (deletion protection) and delete only tables tagged {@code ferry:run-id}, and use their KMS keys through
     *       DynamoDB.</li>
     * </ul>
     */
    static ManagedPolicy tableAccessPolicy(Construct scope, String id) {
        Stack stack = Stack.of(scope);
        String tables = AccessPolicies.tablesArn(stack, Aws.REGION);
        List<String> keyActions = AccessPolicies.DESTINATION_KEY_ACTIONS; // includes the source's Decrypt/DescribeKey
        return ManagedPolicy.Builder.create(scope, id)
                .description("Ferry functions: assume ferry-* access roles; same-account source and destination tables")
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("AssumeFerryAccessRoles")
                                .effect(Effect.ALLOW)
                                .actions(List.of("sts:AssumeRole"))
                                .resources(List.of(stack.formatArn(ArnComponents.builder()
                                        .service("iam").region("").account("*")
                                        .resource("role").resourceName(ACCESS_ROLE_NAME_PATTERN)
                                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                                        .build())))
                                .build(),
                        AccessPolicies.readSourceTables(tables),
                        AccessPolicies.writeDestinationTables(tables),
                        AccessPolicies.transformItems(tables),
                        AccessPolicies.listBackups(),
                        AccessPolicies.manageTablesFerryCreated(tables),
                        AccessPolicies.keysViaDynamoDb("UseTableKeysViaDynamoDb", keyActions,
                                AccessPolicies.keysArn(stack, Aws.REGION), "dynamodb." + Aws.REGION + ".amazonaws.com")))
                .build();
    }
}
