package dev.ferry.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;

/** The role an access stack is made of: trusted by the control account, with an external id. */
final class AccessRoles {

    private AccessRoles() {
    }

    static Role create(Stack stack, AccessStackProps props, String description, List<PolicyStatement> statements) {
        return create(stack, "AccessRole", props.getRoleName(), "FerryTableAccess", props, description, statements);
    }

    /**
     * A role of the access stack with its own id, name, inline policy name and output {@code <id>Arn}: the QuickSight
     * roles sit beside the table role, trusted the same way.
     */
    static Role create(Stack stack, String id, String roleName, String policyName, AccessStackProps props, String description,
                       List<PolicyStatement> statements) {
        Role role = Role.Builder.create(stack, id)
                .roleName(roleName)
                .description(description)
                .assumedBy(new AccountPrincipal(props.getControlAccountId()))
                .externalIds(List.of(props.getExternalId()))
                .maxSessionDuration(Duration.hours(1))
                .inlinePolicies(Map.of(policyName, PolicyDocument.Builder.create().statements(statements).build()))
                .build();
        CfnOutput.Builder.create(stack, id + "Arn")
                .value(role.getRoleArn())
                .description("Give this ARN (and the external id) to runs as their roleArn")
                .build();
        return role;
    }
}
