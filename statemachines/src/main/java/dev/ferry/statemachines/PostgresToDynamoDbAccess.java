package dev.ferry.statemachines;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What the postgres-to-dynamodb functions need: the database's network and Secrets Manager and KMS.
 *
 * <p>CDK context (all optional): {@value #VPC_ID}, {@value #SUBNET_IDS} (comma-separated) and {@value #SECURITY_GROUP_ID}
 * put the functions that talk to the database into its VPC (without them they run outside any VPC, for a database
 * reachable from there); {@value #SECRETS_PREFIX} limits the secrets they may read and write to names starting with
 * it (default: every secret of the account; give the credentials' prefix, e.g. {@code threat-engine/}, and keep the
 * database and key secrets under it); {@value #KMS_KEY_ARNS} (comma-separated) are the keys of {@code kms}
 * decryption; {@value #DB_USER_ARN} is the {@code rds-db:connect} resource of IAM authentication
 * ({@code arn:aws:rds-db:region:account:dbuser:db-resource-id/user}).
 */
final class PostgresToDynamoDbAccess implements FerryWorkflow.Access {
    static final String VPC_ID = "postgresVpcId";
    static final String SUBNET_IDS = "postgresSubnetIds";
    static final String SECURITY_GROUP_ID = "postgresSecurityGroupId";
    static final String SECRETS_PREFIX = "postgresSecretsPrefix";
    static final String KMS_KEY_ARNS = "postgresKmsKeyArns";
    static final String DB_USER_ARN = "postgresDbUserArn";

    /** The functions that open database connections (Rollback never does). */
    static final List<String> DATABASE_HANDLERS = List.of(PostgresToDynamoDbWorkflow.VALIDATE, PostgresToDynamoDbWorkflow.PREPARE,
            PostgresToDynamoDbWorkflow.LOAD_UNIT, PostgresToDynamoDbWorkflow.VERIFY_UNIT, PostgresToDynamoDbWorkflow.REPORT);
    static final List<String> ALL_HANDLERS = List.of(PostgresToDynamoDbWorkflow.VALIDATE, PostgresToDynamoDbWorkflow.PREPARE,
            PostgresToDynamoDbWorkflow.LOAD_UNIT, PostgresToDynamoDbWorkflow.VERIFY_UNIT, PostgresToDynamoDbWorkflow.REPORT, FerryWorkflow.ROLLBACK);

    @Override
    public FerryWorkflow.VpcPlacement vpc(Construct scope) {
        String vpc = context(scope, VPC_ID);
        String subnets = context(scope, SUBNET_IDS);
        String group = context(scope, SECURITY_GROUP_ID);
        if (vpc == null && subnets == null && group == null) {
            return null;
        }
        if (vpc == null || subnets == null || group == null) {
            throw new IllegalArgumentException("postgres-to-dynamodb: give all three of -c " + VPC_ID + "=vpc-..., -c " + SUBNET_IDS
                    + "=subnet-a,subnet-b and -c " + SECURITY_GROUP_ID + "=sg-... (the database's VPC, private subnets that reach it, "
                    + "and a group its security group lets in), or none to run the functions outside any VPC");
        }
        return new FerryWorkflow.VpcPlacement(Arrays.stream(subnets.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList(),
                List.of(group), DATABASE_HANDLERS);
    }

    @Override
    public List<FerryWorkflow.Grant> grants(Construct scope) {
        String prefix = context(scope, SECRETS_PREFIX);
        String secrets = "arn:" + Aws.PARTITION + ":secretsmanager:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":secret:"
                + (prefix == null ? "" : prefix) + "*";
        String why = prefix == null
                ? "secret names come from each run's input (templates such as threat-engine/account/{account_id}); deploy with -c "
                + SECRETS_PREFIX + "=<prefix> to limit them to one prefix"
                : "the secrets under the deployment's prefix " + prefix + " (names made per row from the input's template)";
        List<FerryWorkflow.Grant> grants = new java.util.ArrayList<>(List.of(
                new FerryWorkflow.Grant(PolicyStatement.Builder.create().sid("ReadSecrets").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"))
                        .resources(List.of(secrets)).build(), why, ALL_HANDLERS),
                new FerryWorkflow.Grant(PolicyStatement.Builder.create().sid("WriteSecrets").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource"))
                        .resources(List.of(secrets)).build(), why, List.of(PostgresToDynamoDbWorkflow.LOAD_UNIT)),
                new FerryWorkflow.Grant(PolicyStatement.Builder.create().sid("UndoSecretsFerryCreated").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:DeleteSecret", "secretsmanager:UpdateSecretVersionStage"))
                        .resources(List.of(secrets))
                        .conditions(Map.of("Null", Map.of("secretsmanager:ResourceTag/ferry:run-id", "false"))).build(),
                        why + "; only secrets tagged ferry:run-id (rollback of what a run created or changed)", List.of(FerryWorkflow.ROLLBACK)),
                new FerryWorkflow.Grant(PolicyStatement.Builder.create().sid("ListSecretsForValidation").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:ListSecrets")).resources(List.of("*")).build(),
                        "ListSecrets has no resource-level permissions; Validate lists the names pending deletion under a template's prefix",
                        List.of(PostgresToDynamoDbWorkflow.VALIDATE)),
                new FerryWorkflow.Grant(PolicyStatement.Builder.create().sid("SecretKeysViaSecretsManager").effect(Effect.ALLOW)
                        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                        .resources(List.of("arn:" + Aws.PARTITION + ":kms:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":key/*"))
                        .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "secretsmanager." + Aws.REGION + ".amazonaws.com"))).build(),
                        "the secrets' KMS keys are named per run (kmsKeyId); used only through Secrets Manager (kms:ViaService)", ALL_HANDLERS)));
        String keys = context(scope, KMS_KEY_ARNS);
        if (keys != null) {
            grants.add(new FerryWorkflow.Grant(PolicyStatement.Builder.create().sid("DecryptColumns").effect(Effect.ALLOW)
                    .actions(List.of("kms:Decrypt")).resources(Arrays.stream(keys.split(",")).map(String::trim).toList()).build(), null,
                    DATABASE_HANDLERS));
        }
        String dbUser = context(scope, DB_USER_ARN);
        if (dbUser != null) {
            grants.add(new FerryWorkflow.Grant(PolicyStatement.Builder.create().sid("ConnectWithIam").effect(Effect.ALLOW)
                    .actions(List.of("rds-db:connect")).resources(List.of(dbUser)).build(), null, DATABASE_HANDLERS));
        }
        return grants;
    }

    private static String context(Construct scope, String key) {
        Object v = scope.getNode().tryGetContext(key);
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }
}
