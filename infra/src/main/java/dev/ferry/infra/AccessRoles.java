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
        Role role = Role.Builder.create(stack, "AccessRole")
                .roleName(props.getRoleName())
                .description(description)
                .assumedBy(new AccountPrincipal(props.getControlAccountId()))
                .externalIds(List.of(props.getExternalId()))
                .maxSessionDuration(Duration.hours(1))
                .inlinePolicies(Map.of("FerryTableAccess", PolicyDocument.Builder.create().statements(statements).build()))
                .build();
        CfnOutput.Builder.create(stack, "AccessRoleArn")
                .value(role.getRoleArn())
                .description("Give this ARN (and the external id) to runs as their roleArn")
                .build();
        return role;
    }
}
