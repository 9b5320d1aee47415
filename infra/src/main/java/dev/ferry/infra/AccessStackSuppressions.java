package dev.ferry.infra;

import static dev.ferry.infra.FerryNag.IAM5;
import static dev.ferry.infra.FerryNag.suppress;

import java.util.List;

import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.iam.Role;

/** Every cdk-nag suppression of the access stacks, each with its reason. */
final class AccessStackSuppressions {

    private AccessStackSuppressions() {
    }

    /** @param what what the role does to tables, e.g. "read-only" */
    static void apply(Role role, String what) {
        NagSuppressions.addResourceSuppressions(role, List.of(
                suppress(IAM5, "The tables of a run are named in its input and may be in any region of this account, "
                                + "so they are unknown at deploy time; the actions are " + what + ", and the role can "
                                + "be assumed only by the control account with the external id",
                        "Resource::arn:<AWS::Partition>:dynamodb:*:<AWS::AccountId>:table/*"),
                suppress(IAM5, "The tables' customer-managed keys are unknown at deploy time; their use is limited to "
                                + "calls DynamoDB makes on the role's behalf (kms:ViaService dynamodb.*.amazonaws.com)",
                        "Resource::arn:<AWS::Partition>:kms:*:<AWS::AccountId>:key/*")), true);
    }

    /** The QuickSight destination role's DescribeSecret: the secret is named in a run's input. */
    static void describeSecrets(Role role) {
        NagSuppressions.addResourceSuppressions(role, List.of(suppress(IAM5, "The database secret a QuickSight migration uses "
                        + "is named in its input, so it is unknown at deploy time; DescribeSecret reads its metadata (that it exists, "
                        + "its key), never its value, and the role can be assumed only by the control account with the external id",
                "Resource::arn:<AWS::Partition>:secretsmanager:*:<AWS::AccountId>:secret:*")), true);
    }

    /** The ListBackups statement: the action has no resource-level permission. */
    static void listBackups(Role role) {
        NagSuppressions.addResourceSuppressions(role, List.of(suppress(IAM5, LIST_BACKUPS_REASON, "Resource::*")), true);
    }

    static final String LIST_BACKUPS_REASON = "dynamodb:ListBackups supports no resource-level permission, so its "
            + "resource is *; it only lists backups (dynamodb-transform checks that on-demand backups are possible before "
            + "it takes them), and the statement allows nothing else";

    /** @param what what the QuickSight role does, e.g. "read-only" */
    static void applyQuickSight(Role role, String what) {
        NagSuppressions.addResourceSuppressions(role, List.of(
                suppress(IAM5, "The data sources, datasets, dashboards, analyses, users and groups of a migration are named in "
                                + "its input and may be in any region of this account, so they are unknown at deploy time, and "
                                + "asset bundle jobs get their ids at run time; the actions are " + what + ", and the role can be "
                                + "assumed only by the control account with the external id",
                        "Resource::arn:<AWS::Partition>:quicksight:*:<AWS::AccountId>:*")), true);
    }
}
