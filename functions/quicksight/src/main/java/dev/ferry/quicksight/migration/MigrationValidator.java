package dev.ferry.quicksight.migration;

import static dev.ferry.quicksight.migration.QuickSightNames.WORKFLOW;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.util.Hashing;
import dev.ferry.core.validation.InputSchema;
import dev.ferry.quicksight.migration.MigrationPlan.DataSetAction;
import dev.ferry.quicksight.migration.MigrationPlan.PlannedDataSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.DataSetImportMode;
import software.amazon.awssdk.services.quicksight.model.DataSetSummary;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.DataSourceType;
import software.amazon.awssdk.services.quicksight.model.Edition;
import software.amazon.awssdk.services.quicksight.model.InvalidParameterValueException;
import software.amazon.awssdk.services.quicksight.model.PhysicalTable;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * Step 1 of quicksight-migration: checks the input against its schema, against itself and against both
 * accounts (credentials and account ids, Enterprise edition, the data source and its type, the secret and
 * VPC connection, the destination principal, QuickSight's service roles, dataset id collisions, principals,
 * dashboards and analyses, artefacts locations, the run id), and plans what each dataset will become.
 * Every problem is reported at once, each with its JSON path and a fix; nothing is written.
 */
public final class MigrationValidator {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationValidator.class);
    private static final InputSchema SCHEMA = InputSchema.forWorkflow(WORKFLOW);
    private static final Pattern ARN = Pattern.compile("^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\\d{12}|aws)?:(.+)$");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    private static final String ACCESS_FIX = "Deploy the Ferry access stacks (FerrySourceAccess / FerryDestinationAccess, "
            + "QuickSight roles) in that account, or give a roleArn or profile with those permissions.";

    private final Dependencies deps;
    private final QuickSightApi api;
    private final RunLedger ledger;

    public MigrationValidator(Dependencies deps) {
        this.deps = deps;
        this.api = new QuickSightApi(deps);
        this.ledger = deps.ledgerForReading();
    }

    public MigrationPlan validate(JsonNode input, String executionName) {
        if (input == null || !input.isObject()) {
            throw new InvalidInputException(new Problem("$", "The input must be a JSON object.",
                    "Start from events/quicksight-migration.json."));
        }
        List<Problem> problems = new ArrayList<>(SCHEMA.check(Json.write(input)));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Context c = new Context(input, executionName);
        c.check(problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        MigrationPlan plan = c.plan();
        LOG.info("validated run {}: {} dataset(s) considered, {} bundle(s), from {} to {}", plan.runId(), plan.datasets().size(),
                plan.bundles().size(), plan.sourceAccountId(), plan.destinationAccountId());
        return plan;
    }

    /** One validation: the input, and what was learnt about the world so far. */
    private final class Context {
        final JsonNode in;
        final String runId;
        final boolean runIdFromInput;
        final String region;
        final Side source;
        final Side destination;
        final String sourceAccount;
        final String destinationAccount;
        final String namespace;
        final String groupName;
        final String dataSourceId;
        final String destinationDataSourceId;
        final String collision;
        final boolean dryRun;
        String dataSourceType;
        MigrationPlan.Database database;
        MigrationPlan.Admin admin;
        final List<String> serviceRoles = new ArrayList<>();
        final List<PlannedDataSet> datasets = new ArrayList<>();
        final List<MigrationPlan.PlannedBundle> bundles = new ArrayList<>();
        MigrationPlan.Adoption adopted;
        final Map<String, String> principalMap = new TreeMap<>();
        /** Ids of the destination's datasets, as listed when the datasets were planned. */
        final Set<String> destinationDataSetIds = new HashSet<>();
        /** Source datasets described so far, by id (DescribeDataSet is asked once per dataset). */
        final Map<String, DataSet> describedSourceDataSets = new LinkedHashMap<>();

        Context(JsonNode in, String executionName) {
            this.in = in;
            this.runIdFromInput = in.hasNonNull("runId");
            String id = runIdFromInput ? in.get("runId").asText() : executionName;
            this.runId = id == null || id.isBlank() ? "run-" + UUID.randomUUID() : id;
            this.region = in.get("region").asText();
            this.sourceAccount = in.at("/source/accountId").asText();
            this.destinationAccount = in.at("/destination/accountId").asText();
            this.source = side(in.get("source"));
            this.destination = side(in.get("destination"));
            this.namespace = in.path("namespace").asText("default");
            this.groupName = in.path("groupName").asText("Admins");
            this.dataSourceId = in.get("dataSourceId").asText();
            this.destinationDataSourceId = in.path("destinationDataSourceId").asText(dataSourceId);
            this.collision = in.at("/options/onDataSetIdCollision").asText("fail");
            this.dryRun = in.at("/options/dryRun").asBoolean(false);
            in.path("principalMap").fields().forEachRemaining(e -> principalMap.put(e.getKey(), e.getValue().asText()));
        }

        private Side side(JsonNode s) {
            return new Side(region, text(s, "roleArn"), text(s, "externalId"), text(s, "profile"));
        }

        void check(List<Problem> problems) {
            if (!RUN_ID.matcher(runId).matches()) {
                problems.add(new Problem(runIdFromInput ? "$.runId" : "$ (execution name)", "The run id '" + runId
                        + "' cannot be used as a run id.", "Give runId: 1-80 letters, digits, '_', '-' or '.', starting with a letter or digit."));
            }
            checkSideShape("$.source", in.get("source"), problems);
            checkSideShape("$.destination", in.get("destination"), problems);
            checkArns(problems);
            checkLocations(problems);
            boolean sourceOk = reachable("$.source", source, sourceAccount, problems);
            boolean destinationOk = reachable("$.destination", destination, destinationAccount, problems);
            if (destinationOk) {
                checkEdition(problems);
                checkVpcConnection(problems);
                checkSecret(problems);
                checkAdmin(problems);
                checkServiceRoles(problems);
                checkManagedPolicies(problems);
                checkPrincipals(problems);
            }
            if (sourceOk) {
                checkDataSource(problems);
            }
            if (sourceOk && destinationOk) {
                planDataSets(problems);
                planAssets(problems);
            }
            if (problems.isEmpty()) {
                ledger.checkRunId(runId, WORKFLOW, inputHash(), dryRun, !runIdFromInput).ifPresent(problems::add);
            }
        }

        private void checkSideShape(String path, JsonNode s, List<Problem> problems) {
            if (s.hasNonNull("externalId") && !s.hasNonNull("roleArn")) {
                problems.add(new Problem(path + ".externalId", "An external id is given without a role to assume.",
                        "Add roleArn, or remove externalId."));
            }
            if (s.hasNonNull("profile") && System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
                problems.add(new Problem(path + ".profile", "Profiles exist only on a workstation, not in a deployed run.",
                        "Remove profile and give roleArn (and externalId) instead."));
            }
            if (s.hasNonNull("roleArn")) {
                String roleAccount = s.get("roleArn").asText().split(":")[4];
                if (!roleAccount.equals(s.get("accountId").asText())) {
                    problems.add(new Problem(path + ".roleArn", "The role is in account " + roleAccount + ", not in "
                            + s.get("accountId").asText() + ".", "Give the role of the Ferry access stack in account "
                            + s.get("accountId").asText() + ", or correct accountId."));
                }
            }
            if (sourceAccount.equals(destinationAccount) && path.equals("$.destination")) {
                problems.add(new Problem("$.destination.accountId", "Source and destination are the same account ("
                        + destinationAccount + ").", "Give the account the assets should move to."));
            }
        }

        /** The secret and the VPC connection must be the destination's: in its account and the run's region. */
        private void checkArns(List<Problem> problems) {
            checkInDestination("$.secretArn", "secret", in.get("secretArn").asText(), problems);
            checkInDestination("$.vpcConnectionArn", "VPC connection", in.get("vpcConnectionArn").asText(), problems);
            if (in.hasNonNull("secretKmsKeyArn")) {
                checkInDestination("$.secretKmsKeyArn", "KMS key", in.get("secretKmsKeyArn").asText(), problems);
            }
            Map<String, Integer> targets = new HashMap<>();
            Map<String, String> map = new LinkedHashMap<>();
            in.path("dataSetIdMap").fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
            map.forEach((from, to) -> {
                if (targets.merge(to, 1, Integer::sum) > 1) {
                    problems.add(new Problem("$.dataSetIdMap['" + from + "']", "Two datasets are mapped to the same destination id '"
                            + to + "'.", "Give each dataset its own destination id."));
                }
            });
            principalMap.forEach((from, to) -> {
                Matcher m = ARN.matcher(to);
                if (m.matches() && (!m.group(4).equals(destinationAccount) || !m.group(3).equals(region))) {
                    problems.add(new Problem("$.principalMap['" + from + "']", "The destination principal " + to
                            + " is not in the destination account " + destinationAccount + " and region " + region + ".",
                            "Map to a user or group ARN of account " + destinationAccount + " in " + region + "."));
                }
            });
        }

        private void checkInDestination(String path, String what, String arn, List<Problem> problems) {
            Matcher m = ARN.matcher(arn);
            if (!m.matches()) {
                problems.add(new Problem(path, "'" + arn + "' is not an ARN.", "Give the " + what + "'s ARN."));
                return;
            }
            if (!destinationAccount.equals(m.group(4))) {
                problems.add(new Problem(path, "The " + what + " is in account " + m.group(4) + ", not in the destination account "
                        + destinationAccount + ": QuickSight can only use a " + what + " of its own account.",
                        "Create the " + what + " in account " + destinationAccount + " (region " + region + ") and give its ARN."));
            } else if (!region.equals(m.group(3))) {
                problems.add(new Problem(path, "The " + what + " is in region " + m.group(3) + ", not in the run's region " + region + ".",
                        "Give a " + what + " of region " + region + ", or run the migration in " + m.group(3) + "."));
            }
        }

        private void checkLocations(List<Problem> problems) {
            if (in.hasNonNull("artefacts")) {
                ArtefactsStore.parse(in.get("artefacts").asText(), "$.artefacts", problems);
            }
            if (!in.hasNonNull("adoptArtefacts")) {
                return;
            }
            ArtefactsStore.Location l = ArtefactsStore.parse(in.get("adoptArtefacts").asText(), "$.adoptArtefacts", problems);
            if (l == null) {
                return;
            }
            Optional<String> text;
            try {
                text = new ArtefactsStore(deps.clients(), deps.calls()).read(l);
            } catch (RuntimeException e) {
                problems.add(new Problem("$.adoptArtefacts", "Cannot read " + l.describe() + " (" + AwsErrors.describe(e) + ": "
                        + AwsErrors.firstLine(e.getMessage()) + ").", "Check the location and that Ferry may read it."));
                return;
            }
            if (text.isEmpty()) {
                problems.add(new Problem("$.adoptArtefacts", "There is no artefacts file at " + l.describe() + ".",
                        "Give the location the earlier tool wrote it to (its --export-path)."));
                return;
            }
            Artefacts a;
            try {
                a = Json.MAPPER.readValue(text.get(), Artefacts.class);
            } catch (java.io.IOException e) {
                problems.add(new Problem("$.adoptArtefacts", "The artefacts file at " + l.describe() + " is not valid JSON.",
                        "Give the file the earlier tool wrote, unchanged."));
                return;
            }
            if (a.destinationDataSourceArn() == null && a.groupArn() == null && (a.dataSetArns() == null || a.dataSetArns().isEmpty())) {
                problems.add(new Problem("$.adoptArtefacts", "The artefacts file at " + l.describe()
                        + " lists no data source, group or dataset.", "Give an artefacts file written by the earlier tool's ensure step."));
                return;
            }
            List<String> arns = new ArrayList<>();
            if (a.destinationDataSourceArn() != null) {
                arns.add(a.destinationDataSourceArn());
            }
            if (a.groupArn() != null) {
                arns.add(a.groupArn());
            }
            if (a.dataSetArns() != null) {
                arns.addAll(a.dataSetArns());
            }
            for (String arn : arns) {
                Matcher m = ARN.matcher(arn);
                if (!m.matches() || !destinationAccount.equals(m.group(4)) || !region.equals(m.group(3))) {
                    problems.add(new Problem("$.adoptArtefacts", "The artefacts file lists " + arn
                            + ", which is not in the destination account " + destinationAccount + " and region " + region + ".",
                            "Adopt only a file written for this destination (or correct destination.accountId / region)."));
                    return;
                }
            }
            if (a.destinationDataSourceArn() != null && !QuickSightNames.idOf(a.destinationDataSourceArn()).equals(destinationDataSourceId)) {
                problems.add(new Problem("$.destinationDataSourceId", "The adopted artefacts file's data source is "
                        + QuickSightNames.idOf(a.destinationDataSourceArn()) + ", not " + destinationDataSourceId + ".",
                        "Set destinationDataSourceId to " + QuickSightNames.idOf(a.destinationDataSourceArn()) + "."));
            }
            if (a.groupArn() != null && !a.groupArn().endsWith("group/" + namespace + "/" + groupName)) {
                problems.add(new Problem("$.groupName", "The adopted artefacts file's group is " + a.groupArn() + ", not "
                        + namespace + "/" + groupName + ".", "Set groupName (and namespace) to the adopted group's."));
            }
            adopted = new MigrationPlan.Adoption(l.describe(), a.destinationRoleArn(), a.destinationDataSourceArn(), a.groupArn(),
                    a.dataSetArns() == null ? List.of() : List.copyOf(a.dataSetArns()));
        }

        /** Credentials resolve, and the caller is in the account the input names. */
        private boolean reachable(String path, Side side, String account, List<Problem> problems) {
            try {
                deps.clients().credentials(side).resolveCredentials();
            } catch (SdkException | IllegalStateException e) {
                String what = side.roleArn() != null ? "role " + side.roleArn() : side.profile() != null ? "profile " + side.profile()
                        : "the default credentials";
                problems.add(new Problem(side.roleArn() != null ? path + ".roleArn" : side.profile() != null ? path + ".profile" : path,
                        "Cannot get credentials for " + what + " (" + AwsErrors.describe(e) + ").",
                        side.roleArn() != null
                                ? "Deploy the Ferry access stack in that account with this control account and external id, and check externalId."
                                : side.profile() != null ? "Check that the profile exists in ~/.aws/config and has credentials."
                                : "Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give roleArn."));
                return false;
            }
            try {
                String arn = api.call("GetCallerIdentity", () -> api.sts(side).getCallerIdentity()).arn();
                String callerAccount = arn.split(":")[4];
                if (!callerAccount.equals(account)) {
                    problems.add(new Problem(path + ".accountId", "The credentials of this side are of account " + callerAccount
                            + ", not " + account + ".", "Correct accountId, or give a roleArn (or profile) of account " + account + "."));
                    return false;
                }
                if (path.equals("$.destination")) {
                    admin = adminOf(arn);
                }
                return true;
            } catch (SdkException e) {
                problems.add(new Problem(path, "Cannot call STS GetCallerIdentity (" + AwsErrors.describe(e) + ").", ACCESS_FIX));
                return false;
            }
        }

        /** The QuickSight user the destination caller is: an IAM user by name, a role by role/session. */
        private MigrationPlan.Admin adminOf(String callerArn) {
            String resource = callerArn.substring(callerArn.indexOf(':', callerArn.indexOf(':', callerArn.indexOf(':',
                    callerArn.indexOf(':', callerArn.indexOf(':') + 1) + 1) + 1) + 1) + 1);
            String partition = callerArn.split(":")[1];
            String account = callerArn.split(":")[4];
            String email = in.path("adminEmail").isTextual() ? in.get("adminEmail").asText() : null;
            if (resource.startsWith("assumed-role/")) {
                String[] parts = resource.split("/");
                String role = parts[1];
                // Ferry's own roles get a stable session name, so every run and Lambda shares one QuickSight user
                String session = role.startsWith("ferry-") ? "ferry" : parts.length > 2 ? parts[2] : "ferry";
                return new MigrationPlan.Admin("arn:" + partition + ":iam::" + account + ":role/" + role, session,
                        role + "/" + session, email, false);
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            return new MigrationPlan.Admin(callerArn, null, name, email, false);
        }

        private void checkEdition(List<Problem> problems) {
            try {
                Edition edition = api.call("DescribeAccountSettings " + destinationAccount, () -> api.qs(destination)
                        .describeAccountSettings(b -> b.awsAccountId(destinationAccount)).accountSettings().edition());
                if (edition == Edition.STANDARD) {
                    problems.add(new Problem("$.destination.accountId", "The destination's QuickSight subscription is Standard edition: "
                            + "it has no VPC connections, Secrets Manager credentials or asset bundles.",
                            "Upgrade account " + destinationAccount + " to QuickSight Enterprise edition (Manage QuickSight -> Your subscriptions), then run again."));
                }
            } catch (software.amazon.awssdk.services.quicksight.model.ResourceNotFoundException e) {
                problems.add(new Problem("$.destination.accountId", "Account " + destinationAccount + " has no QuickSight subscription in "
                        + region + ".", "Sign up for QuickSight Enterprise edition in " + region + " in that account."));
            } catch (SdkException e) {
                problems.add(new Problem("$.destination", "Cannot read the destination's QuickSight account settings ("
                        + AwsErrors.describe(e) + ").", ACCESS_FIX));
            }
        }

        private void checkVpcConnection(List<Problem> problems) {
            String arn = in.get("vpcConnectionArn").asText();
            Matcher m = ARN.matcher(arn);
            if (!m.matches() || !destinationAccount.equals(m.group(4)) || !region.equals(m.group(3))) {
                return; // already reported
            }
            String id = QuickSightNames.idOf(arn);
            try {
                if (api.find("DescribeVPCConnection " + id, () -> api.qs(destination).describeVPCConnection(b -> b
                        .awsAccountId(destinationAccount).vpcConnectionId(id))).isEmpty()) {
                    problems.add(new Problem("$.vpcConnectionArn", "There is no QuickSight VPC connection " + id + " in account "
                            + destinationAccount + " (" + region + ").", "Create it (Manage QuickSight -> Manage VPC connections) and give its ARN."));
                }
            } catch (SdkException e) {
                problems.add(new Problem("$.vpcConnectionArn", "Cannot describe the VPC connection (" + AwsErrors.describe(e) + ").", ACCESS_FIX));
            }
        }

        /**
         * The secret exists (not scheduled for deletion), read through DescribeSecret: its metadata only, never its
         * value. One encrypted with a customer-managed key needs that key given, or QuickSight cannot decrypt it.
         */
        private void checkSecret(List<Problem> problems) {
            String arn = in.get("secretArn").asText();
            Matcher m = ARN.matcher(arn);
            if (!m.matches() || !destinationAccount.equals(m.group(4)) || !region.equals(m.group(3))) {
                return; // already reported
            }
            try {
                DescribeSecretResponse secret = api.call("DescribeSecret " + arn, () -> deps.clients().client(destination,
                        SecretsManagerClient.class, SecretsManagerClient::builder).describeSecret(b -> b.secretId(arn)));
                if (secret.deletedDate() != null) {
                    problems.add(new Problem("$.secretArn", "The secret " + secret.name() + " is scheduled for deletion (on "
                            + secret.deletedDate() + ").", "Restore it (aws secretsmanager restore-secret --secret-id " + arn
                            + "), or give another secret."));
                } else if (!in.hasNonNull("secretKmsKeyArn") && secret.kmsKeyId() != null && !secret.kmsKeyId().startsWith("alias/aws/")) {
                    problems.add(new Problem("$.secretKmsKeyArn", "The secret " + secret.name() + " is encrypted with the "
                            + "customer-managed key " + secret.kmsKeyId() + ", which QuickSight's service roles may not use yet.",
                            "Give that key's ARN as secretKmsKeyArn: Foundation lets QuickSight's roles decrypt with it through "
                                    + "Secrets Manager only."));
                }
            } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException missing) {
                problems.add(new Problem("$.secretArn", "There is no secret " + arn + " in account " + destinationAccount + " ("
                        + region + ").", "Create the database secret there (username and password of the destination database) "
                        + "and give its full ARN, with the 6-character suffix Secrets Manager adds."));
            } catch (SdkException e) {
                problems.add(new Problem("$.secretArn", "Cannot describe the secret (" + AwsErrors.describe(e) + ").", ACCESS_FIX));
            }
        }

        private void checkAdmin(List<Problem> problems) {
            if (admin == null) {
                return;
            }
            try {
                boolean registered = api.find("DescribeUser " + admin.userName(), () -> api.qs(destination).describeUser(b -> b
                        .awsAccountId(destinationAccount).namespace(namespace).userName(admin.userName()))).isPresent();
                admin = new MigrationPlan.Admin(admin.iamArn(), admin.sessionName(), admin.userName(), admin.email(), registered);
                if (!registered && admin.email() == null) {
                    problems.add(new Problem("$.adminEmail", "The destination principal " + admin.iamArn()
                            + " is not registered in QuickSight (user " + admin.userName() + "), and no email is given to register it; "
                            + "unregistered, its calls are refused with AccessDeniedException.",
                            "Give adminEmail so Ferry registers it as an ADMIN user, or add it in QuickSight (Manage users)."));
                }
            } catch (SdkException e) {
                problems.add(new Problem("$.destination", "Cannot look up QuickSight user " + admin.userName() + " ("
                        + AwsErrors.describe(e) + ").", ACCESS_FIX));
            }
        }

        private void checkServiceRoles(List<Problem> problems) {
            for (String role : QuickSightNames.SERVICE_ROLES) {
                try {
                    api.call("GetRole " + role, () -> api.iam(destination).getRole(b -> b.roleName(role)));
                    serviceRoles.add(role);
                } catch (NoSuchEntityException missing) {
                    LOG.debug("service role {} is not in the destination", role);
                } catch (SdkException e) {
                    problems.add(new Problem("$.destination", "Cannot read IAM role " + role + " (" + AwsErrors.describe(e) + ").",
                            ACCESS_FIX));
                    return;
                }
            }
            if (serviceRoles.isEmpty()) {
                problems.add(new Problem("$.destination.accountId", "Neither of QuickSight's service roles ("
                        + String.join(", ", QuickSightNames.SERVICE_ROLES) + ") exists in account " + destinationAccount
                        + ", so QuickSight could not read the database secret.",
                        "In QuickSight, Manage QuickSight -> Security & permissions: allow access to AWS Secrets Manager (it creates the role)."));
            }
        }

        private void checkManagedPolicies(List<Problem> problems) {
            JsonNode policies = in.path("managedPolicies");
            if (!policies.isArray() || policies.isEmpty()) {
                return;
            }
            if (destination.roleArn() == null) {
                problems.add(new Problem("$.managedPolicies", "Managed policies can only be checked on a destination role.",
                        "Give destination.roleArn (the destination access stack's QuickSight role), or leave managedPolicies out."));
                return;
            }
            String roleName = destination.roleArn().substring(destination.roleArn().lastIndexOf('/') + 1);
            try {
                Set<String> attached = new HashSet<>();
                api.call("ListAttachedRolePolicies " + roleName, () -> api.iam(destination).listAttachedRolePolicies(b -> b
                        .roleName(roleName))).attachedPolicies().forEach(p -> attached.add(p.policyArn()));
                for (int i = 0; i < policies.size(); i++) {
                    String arn = policies.get(i).asText();
                    if (!attached.contains(arn)) {
                        problems.add(new Problem("$.managedPolicies[" + i + "]", "Policy " + arn + " is not attached to the destination role "
                                + roleName + ".", "Deploy FerryDestinationAccess with -c quickSightManagedPolicies=" + arn
                                + " (the access stack attaches it), or remove it from managedPolicies."));
                    }
                }
            } catch (SdkException e) {
                problems.add(new Problem("$.managedPolicies", "Cannot list the policies of role " + roleName + " ("
                        + AwsErrors.describe(e) + ").", ACCESS_FIX));
            }
        }

        private void checkPrincipals(List<Problem> problems) {
            principalMap.forEach((from, to) -> {
                Matcher m = ARN.matcher(to);
                if (!m.matches() || !destinationAccount.equals(m.group(4))) {
                    return; // reported with the ARNs
                }
                String[] parts = m.group(5).split("/");
                if (parts.length < 3) {
                    problems.add(new Problem("$.principalMap['" + from + "']", "'" + to + "' is not a QuickSight user or group ARN.",
                            "Write it as arn:aws:quicksight:<region>:<account>:user/<namespace>/<name> (or group/...)."));
                    return;
                }
                String kind = parts[0];
                String ns = parts[1];
                String name = m.group(5).substring(kind.length() + ns.length() + 2);
                try {
                    boolean exists = kind.equals("user")
                            ? api.find("DescribeUser " + name, () -> api.qs(destination).describeUser(b -> b.awsAccountId(destinationAccount)
                            .namespace(ns).userName(name))).isPresent()
                            : api.find("DescribeGroup " + name, () -> api.qs(destination).describeGroup(b -> b.awsAccountId(destinationAccount)
                            .namespace(ns).groupName(name))).isPresent()
                            || (name.equals(groupName) && ns.equals(namespace)); // the run's own group is created by it
                    if (!exists) {
                        problems.add(new Problem("$.principalMap['" + from + "']", "The destination " + kind + " " + ns + "/" + name
                                + " does not exist in account " + destinationAccount + ".",
                                "Create it in QuickSight first, or map to an existing " + kind + "."));
                    }
                } catch (SdkException e) {
                    problems.add(new Problem("$.principalMap['" + from + "']", "Cannot look up " + to + " ("
                            + AwsErrors.describe(e) + ").", ACCESS_FIX));
                }
            });
        }

        private void checkDataSource(List<Problem> problems) {
            DataSource ds;
            try {
                ds = api.dataSource(source, sourceAccount, dataSourceId).orElse(null);
            } catch (SdkException e) {
                problems.add(new Problem("$.dataSourceId", "Cannot describe data source " + dataSourceId + " in the source ("
                        + AwsErrors.describe(e) + ").", ACCESS_FIX));
                return;
            }
            if (ds == null) {
                problems.add(new Problem("$.dataSourceId", "There is no data source '" + dataSourceId + "' in the source account "
                        + sourceAccount + " (" + region + ").", "Give the id of the source's Aurora PostgreSQL data source "
                        + "(aws quicksight list-data-sources --aws-account-id " + sourceAccount + ")."));
                return;
            }
            if (ds.type() != DataSourceType.AURORA_POSTGRESQL && ds.type() != DataSourceType.POSTGRESQL) {
                problems.add(new Problem("$.dataSourceId", "Data source '" + dataSourceId + "' is of type " + ds.typeAsString()
                        + "; this workflow moves AURORA_POSTGRESQL and POSTGRESQL data sources.",
                        "Give the id of an Aurora PostgreSQL (or PostgreSQL) data source."));
                return;
            }
            dataSourceType = ds.typeAsString();
            JsonNode db = in.path("database");
            var p = ds.dataSourceParameters();
            String host = p.auroraPostgreSqlParameters() != null ? p.auroraPostgreSqlParameters().host()
                    : p.postgreSqlParameters() != null ? p.postgreSqlParameters().host() : null;
            Integer port = p.auroraPostgreSqlParameters() != null ? p.auroraPostgreSqlParameters().port()
                    : p.postgreSqlParameters() != null ? p.postgreSqlParameters().port() : null;
            String name = p.auroraPostgreSqlParameters() != null ? p.auroraPostgreSqlParameters().database()
                    : p.postgreSqlParameters() != null ? p.postgreSqlParameters().database() : null;
            database = new MigrationPlan.Database(db.path("host").asText(host), db.path("port").asInt(port == null ? 5432 : port),
                    db.path("database").asText(name));
        }

        private void planDataSets(List<Problem> problems) {
            String sourceDataSourceArn = QuickSightNames.arn(region, sourceAccount, "datasource", dataSourceId);
            List<DataSetSummary> sourceSets;
            Set<String> destinationIds = new HashSet<>();
            try {
                sourceSets = api.listDataSets(source, sourceAccount);
                api.listDataSets(destination, destinationAccount).forEach(s -> destinationIds.add(s.dataSetId()));
                destinationDataSetIds.addAll(destinationIds);
            } catch (SdkException e) {
                problems.add(new Problem("$.datasets", "Cannot list datasets (" + AwsErrors.describe(e) + ").", ACCESS_FIX));
                return;
            }
            Map<String, DataSetSummary> byId = new LinkedHashMap<>();
            sourceSets.forEach(s -> byId.put(s.dataSetId(), s));
            Map<String, String> idMap = new LinkedHashMap<>();
            in.path("dataSetIdMap").fields().forEachRemaining(e -> idMap.put(e.getKey(), e.getValue().asText()));
            boolean explicit = in.path("datasets").isArray();
            List<String> candidates = new ArrayList<>();
            if (explicit) {
                for (int i = 0; i < in.get("datasets").size(); i++) {
                    String id = in.get("datasets").get(i).asText();
                    if (!byId.containsKey(id)) {
                        problems.add(new Problem("$.datasets[" + i + "]", "There is no dataset '" + id + "' in the source account.",
                                "Check the id (aws quicksight list-data-sets --aws-account-id " + sourceAccount + ")."));
                    } else {
                        candidates.add(id);
                    }
                }
            } else {
                candidates.addAll(byId.keySet());
            }
            Map<String, DataSet> described = describedSourceDataSets;
            Set<String> refused = new java.util.LinkedHashSet<>();
            for (String id : candidates) {
                try {
                    api.dataSet(source, sourceAccount, id).ifPresent(d -> described.put(id, d));
                } catch (InvalidParameterValueException newExperience) {
                    refused.add(id);
                } catch (SdkException e) {
                    problems.add(new Problem("$.datasets", "Cannot describe source dataset " + id + " (" + AwsErrors.describe(e) + ").", ACCESS_FIX));
                    return;
                }
            }
            Set<String> adoptedIds = new HashSet<>();
            if (adopted != null) {
                adopted.dataSetArns().forEach(a -> adoptedIds.add(QuickSightNames.idOf(a)));
            }
            Set<String> rlsUsed = new HashSet<>();
            Map<String, String> seenTargets = new HashMap<>();
            for (String id : candidates) {
                DataSet d = described.get(id);
                int index = explicit ? indexOf(in.get("datasets"), id) : -1;
                String path = explicit ? "$.datasets[" + index + "]" : "$.datasets";
                if (refused.contains(id)) {
                    // an asset bundle keeps the dataset's id, and its import overwrites a destination dataset of that id
                    boolean taken = destinationIds.contains(id) && !adoptedIds.contains(id)
                            && !ours(QuickSightNames.DATA_SET, plan().destinationArn("dataset", id));
                    String name = byId.get(id).name();
                    if (idMap.containsKey(id)) {
                        problems.add(new Problem("$.dataSetIdMap['" + id + "']", "Dataset '" + id + "' is of the new data-preparation "
                                + "experience (DescribeDataSet refuses it), so it moves through an asset bundle, which keeps its id.",
                                "Remove it from dataSetIdMap."));
                    } else if (explicit && taken) {
                        problems.add(new Problem(path, "The destination already has a dataset '" + id + "' that this run did not create; "
                                + "the asset bundle that moves '" + id + "' (new data-preparation experience) would overwrite it.",
                                "Delete or rename the destination dataset, or leave '" + id + "' out of datasets."));
                    } else if (explicit) {
                        datasets.add(new PlannedDataSet(id, id, name, DataSetAction.VIA_BUNDLE, 1, false, false,
                                "DescribeDataSet refuses it (new data-preparation experience): moved through an asset bundle"));
                    } else if (!destinationDataSourceId.equals(dataSourceId)) {
                        datasets.add(new PlannedDataSet(id, id, name, null, 1, false, false, "not moved: DescribeDataSet refuses it "
                                + "(new data-preparation experience), and the asset bundle it would move in keeps the data source id, "
                                + "which this run renames to " + destinationDataSourceId + "; leave destinationDataSourceId out to move it"));
                    } else if (taken) {
                        datasets.add(new PlannedDataSet(id, id, name, null, 1, false, false, "not moved: DescribeDataSet refuses it "
                                + "(new data-preparation experience), and the asset bundle it would move in would overwrite the "
                                + "destination's dataset '" + id + "', which this run did not create"));
                    } else {
                        datasets.add(new PlannedDataSet(id, id, name, DataSetAction.VIA_BUNDLE, 1, false, false,
                                "DescribeDataSet refuses it (new data-preparation experience): exported in an asset bundle of its own, "
                                        + "and imported if that bundle shows it reads " + dataSourceId + " only"));
                    }
                    continue;
                }
                if (d == null) {
                    continue;
                }
                boolean usesSource = false;
                boolean usesOther = false;
                boolean customSql = false;
                for (PhysicalTable t : d.physicalTableMap().values()) {
                    String arn = t.relationalTable() != null ? t.relationalTable().dataSourceArn()
                            : t.customSql() != null ? t.customSql().dataSourceArn() : null;
                    customSql |= t.customSql() != null;
                    if (sourceDataSourceArn.equals(arn)) {
                        usesSource = true;
                    } else {
                        usesOther = true;
                    }
                }
                if (!usesSource) {
                    if (explicit) {
                        problems.add(new Problem(path, "Dataset '" + id + "' does not read data source '" + dataSourceId + "'.",
                                "Remove it from datasets: this run moves the datasets of " + dataSourceId + " only."));
                    } else {
                        datasets.add(new PlannedDataSet(id, id, d.name(), null, 1, customSql, false,
                                "not moved: it reads another data source than " + dataSourceId));
                    }
                    continue;
                }
                if (usesOther) {
                    problems.add(new Problem(path, "Dataset '" + id + "' also reads other data sources than '" + dataSourceId
                            + "'; only one data source is swapped.", "Leave it out of this run (list the others in datasets)."));
                    continue;
                }
                if (d.importMode() == DataSetImportMode.SPICE) {
                    datasets.add(new PlannedDataSet(id, id, d.name(), DataSetAction.SKIP_SPICE, 1, customSql, false,
                            "SPICE dataset: not moved (only DIRECT_QUERY datasets are); its data would need an ingestion"));
                    continue;
                }
                String target = idMap.getOrDefault(id, id);
                DataSetAction action = DataSetAction.CREATE;
                String note = idMap.containsKey(id) ? "mapped to " + target + " by dataSetIdMap" : null;
                if (destinationIds.contains(target)) {
                    if (ours(QuickSightNames.DATA_SET, plan().destinationArn("dataset", target)) || adoptedIds.contains(target)) {
                        action = DataSetAction.RESUME;
                        note = adoptedIds.contains(target) ? "adopted from " + adopted.location() : "created by this run before";
                    } else if (collision.equals("update")) {
                        action = DataSetAction.UPDATE;
                        note = "exists in the destination: updated in place (its definition is saved first)";
                    } else if (collision.equals("map") && !idMap.containsKey(id)) {
                        String mapped = id + "-migrated";
                        if (destinationIds.contains(mapped) && !ours(QuickSightNames.DATA_SET, plan().destinationArn("dataset", mapped))) {
                            problems.add(new Problem(path, "Destination datasets '" + id + "' and '" + mapped
                                    + "' both exist and were not created by this run.", "Give dataSetIdMap." + id + " a free id."));
                            continue;
                        }
                        action = destinationIds.contains(mapped) ? DataSetAction.RESUME : DataSetAction.CREATE;
                        note = "id taken in the destination: mapped to " + mapped;
                        target = mapped;
                    } else {
                        problems.add(new Problem(idMap.containsKey(id) ? "$.dataSetIdMap['" + id + "']" : path,
                                "The destination already has a dataset '" + target + "' that this run did not create"
                                        + " (source dataset '" + id + "', " + d.name() + ").",
                                "Map it to a free id with dataSetIdMap, set options.onDataSetIdCollision to \"map\" or "
                                        + "\"update\", or delete the destination dataset."));
                        continue;
                    }
                }
                String previous = seenTargets.putIfAbsent(target, id);
                if (previous != null) {
                    problems.add(new Problem(path, "Datasets '" + previous + "' and '" + id + "' would both become '" + target + "'.",
                            "Give one of them another id in dataSetIdMap."));
                    continue;
                }
                boolean rls = d.rowLevelPermissionDataSet() != null && d.rowLevelPermissionDataSet().arn() != null;
                if (rls) {
                    rlsUsed.add(QuickSightNames.idOf(d.rowLevelPermissionDataSet().arn()));
                }
                datasets.add(new PlannedDataSet(id, target, d.name(), action, 1, customSql, rls, note));
            }
            // datasets others use for row-level security go first; each must be moved by this run
            for (int i = 0; i < datasets.size(); i++) {
                PlannedDataSet d = datasets.get(i);
                if (rlsUsed.remove(d.sourceId()) && d.moved()) {
                    datasets.set(i, new PlannedDataSet(d.sourceId(), d.destinationId(), d.name(), d.action(), 0, d.customSql(),
                            d.rowLevelSecurity(), d.note() == null ? "row-level permission dataset: moved first" : d.note()));
                }
            }
            for (String missing : rlsUsed) {
                String users = String.join(", ", described.values().stream().filter(d -> d.rowLevelPermissionDataSet() != null
                        && missing.equals(QuickSightNames.idOf(d.rowLevelPermissionDataSet().arn()))).map(DataSet::dataSetId).toList());
                problems.add(new Problem("$.datasets", "Dataset(s) " + users + " use '" + missing + "' for row-level security, "
                        + "which this run does not move (it is SPICE, reads another data source, or is not listed).",
                        "List '" + missing + "' in datasets (a DIRECT_QUERY dataset of " + dataSourceId + "), or leave " + users + " out."));
            }
            for (String from : idMap.keySet()) {
                if (datasets.stream().noneMatch(d -> d.sourceId().equals(from))) {
                    problems.add(new Problem("$.dataSetIdMap['" + from + "']", "Dataset '" + from + "' is not one the run moves.",
                            "Remove it from dataSetIdMap, or list it in datasets."));
                }
            }
        }

        private void planAssets(List<Problem> problems) {
            List<String> dashboards = strings(in.path("dashboards"));
            List<String> analyses = strings(in.path("analyses"));
            List<String> viaBundle = datasets.stream().filter(d -> d.action() == DataSetAction.VIA_BUNDLE).map(PlannedDataSet::sourceId).toList();
            if ((!dashboards.isEmpty() || !analyses.isEmpty() || !viaBundle.isEmpty()) && !destinationDataSourceId.equals(dataSourceId)) {
                problems.add(new Problem("$.destinationDataSourceId", "Asset bundles keep resource ids, so the destination data source "
                        + "must keep the id '" + dataSourceId + "' when dashboards, analyses or bundled datasets are moved.",
                        "Leave destinationDataSourceId out (or set it to " + dataSourceId + ")."));
            }
            Map<String, String> renamed = new HashMap<>();
            datasets.stream().filter(d -> !d.sourceId().equals(d.destinationId())).forEach(d -> renamed.put(d.sourceId(), d.destinationId()));
            int index = 0;
            for (String kind : List.of("dashboard", "analysis")) {
                List<String> ids = kind.equals("dashboard") ? dashboards : analyses;
                String field = kind.equals("dashboard") ? "dashboards" : "analyses";
                for (int i = 0; i < ids.size(); i++) {
                    String id = ids.get(i);
                    String path = "$." + field + "[" + i + "]";
                    List<String> dataSetArns;
                    try {
                        Optional<List<String>> found = kind.equals("dashboard")
                                ? api.find("DescribeDashboard " + id, () -> api.qs(source).describeDashboard(b -> b.awsAccountId(sourceAccount)
                                .dashboardId(id)).dashboard().version().dataSetArns())
                                : api.find("DescribeAnalysis " + id, () -> api.qs(source).describeAnalysis(b -> b.awsAccountId(sourceAccount)
                                .analysisId(id)).analysis().dataSetArns());
                        if (found.isEmpty()) {
                            problems.add(new Problem(path, "There is no " + kind + " '" + id + "' in the source account.", "Check the id."));
                            continue;
                        }
                        dataSetArns = found.get();
                        boolean inDestination = kind.equals("dashboard")
                                ? api.find("DescribeDashboard " + id, () -> api.qs(destination).describeDashboard(b -> b
                                .awsAccountId(destinationAccount).dashboardId(id))).isPresent()
                                : api.find("DescribeAnalysis " + id, () -> api.qs(destination).describeAnalysis(b -> b
                                .awsAccountId(destinationAccount).analysisId(id))).isPresent();
                        String type = kind.equals("dashboard") ? QuickSightNames.DASHBOARD : QuickSightNames.ANALYSIS;
                        if (inDestination && !ours(type, plan().destinationArn(kind, id))) {
                            problems.add(new Problem(path, "The destination already has a " + kind + " '" + id + "' that this run did not create.",
                                    "Delete or rename it in the destination, or leave it out of " + field + "."));
                            continue;
                        }
                    } catch (SdkException e) {
                        problems.add(new Problem(path, "Cannot describe " + kind + " " + id + " (" + AwsErrors.describe(e) + ").", ACCESS_FIX));
                        continue;
                    }
                    for (String arn : dataSetArns) {
                        String dsId = QuickSightNames.idOf(arn);
                        otherDataSources(dsId).forEach((otherId, dataSetName) -> problems.add(new Problem(path, "The " + kind + " '" + id
                                + "' uses dataset '" + dsId + "' (" + dataSetName + "), which reads data source '" + otherId + "', not this "
                                + "run's '" + dataSourceId + "'. Its asset bundle brings every data source it needs along, and the import "
                                + "could only give credentials to '" + dataSourceId + "': it would fail and be rolled back.",
                                "Move data source '" + otherId + "' and its datasets first (a run with dataSourceId '" + otherId
                                        + "'), then move the " + kind + " by hand once all its data sources are in the destination; "
                                        + "or leave '" + id + "' out of " + field + ".")));
                        boolean movedByRun = datasets.stream().anyMatch(d -> d.sourceId().equals(dsId)
                                && (d.moved() || d.action() == DataSetAction.VIA_BUNDLE));
                        if (!movedByRun && destinationDataSetIds.contains(dsId)
                                && !ours(QuickSightNames.DATA_SET, plan().destinationArn("dataset", dsId))) {
                            problems.add(new Problem(path, "The " + kind + " uses dataset '" + dsId + "', which the destination "
                                    + "already has and this run does not move; its asset bundle (with its dependencies) would "
                                    + "overwrite that dataset.", "Move '" + dsId + "' with this run (list it, with "
                                    + "options.onDataSetIdCollision \"update\": it is saved first and restored by rollback), delete or "
                                    + "rename the destination dataset, or leave the " + kind + " out."));
                        }
                        if (renamed.containsKey(dsId)) {
                            problems.add(new Problem(path, "The " + kind + " uses dataset '" + dsId + "', which this run renames to '"
                                    + renamed.get(dsId) + "'; an asset bundle keeps dataset ids.",
                                    "Keep the dataset's id (no dataSetIdMap entry or collision mapping for it), or leave the " + kind + " out."));
                        }
                    }
                    bundles.add(new MigrationPlan.PlannedBundle(index++, kind.equals("dashboard") ? List.of(id) : List.of(),
                            kind.equals("analysis") ? List.of(id) : List.of(), List.of(), false));
                }
            }
            if (in.path("datasets").isArray()) {
                if (!viaBundle.isEmpty()) {
                    bundles.add(new MigrationPlan.PlannedBundle(index, List.of(), List.of(), viaBundle, false));
                }
            } else {
                // found, not listed: each in a bundle of its own, so one that reads another data source holds back no other
                for (String id : viaBundle) {
                    bundles.add(new MigrationPlan.PlannedBundle(index++, List.of(), List.of(), List.of(id), true));
                }
            }
        }

        /**
         * The data sources other than the run's that source dataset {@code dataSetId} reads (id -> the dataset's name),
         * from its definition; empty when it reads only the run's, or when DescribeDataSet refuses it (a dataset of the
         * new data-preparation experience: the export then names its data sources, see {@link BundleMover}).
         */
        private Map<String, String> otherDataSources(String dataSetId) {
            DataSet d = describedSourceDataSets.get(dataSetId);
            if (d == null) {
                try {
                    d = api.dataSet(source, sourceAccount, dataSetId).orElse(null);
                } catch (SdkException newExperienceOrUnreadable) {
                    return Map.of(); // the export's manifest check names its data sources before any import
                }
                if (d == null) {
                    return Map.of();
                }
                describedSourceDataSets.put(dataSetId, d);
            }
            String ours = QuickSightNames.arn(region, sourceAccount, "datasource", dataSourceId);
            Map<String, String> out = new java.util.TreeMap<>();
            for (PhysicalTable t : d.physicalTableMap().values()) {
                String arn = t.relationalTable() != null ? t.relationalTable().dataSourceArn()
                        : t.customSql() != null ? t.customSql().dataSourceArn()
                        : t.s3Source() != null ? t.s3Source().dataSourceArn() : null;
                if (arn != null && !arn.equals(ours)) {
                    out.put(QuickSightNames.idOf(arn), d.name());
                }
            }
            return out;
        }

        private boolean ours(String type, String arn) {
            return ledger.findRun(runId).isPresent() && ledger.resource(runId, ResourceKeys.key(type, arn))
                    .map(r -> r.status() == ResourceStatus.CREATED || r.status() == ResourceStatus.CREATING).orElse(false);
        }

        private String inputHash() {
            Map<String, Object> hashed = new TreeMap<>();
            in.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("runId")) {
                    hashed.put(e.getKey(), e.getValue());
                }
            });
            hashed.put("workflow", WORKFLOW);
            return Hashing.sha256Hex(Json.write(canonical(Json.MAPPER.valueToTree(hashed))));
        }

        MigrationPlan plan() {
            String artefacts = in.hasNonNull("artefacts") ? in.get("artefacts").asText() : null;
            int poll = in.at("/options/pollSeconds").asInt(10);
            return new MigrationPlan(runId, dryRun, region, source, sourceAccount, destination, destinationAccount, namespace,
                    dataSourceId, destinationDataSourceId, dataSourceType, in.get("secretArn").asText(),
                    text(in, "secretKmsKeyArn"), in.get("vpcConnectionArn").asText(), database, groupName, admin,
                    List.copyOf(serviceRoles), in.path("saveDefinitions").asBoolean(true), artefacts, List.copyOf(datasets),
                    List.copyOf(bundles), Map.copyOf(principalMap), adopted, poll, inputHash(),
                    MigrationPlan.phases(datasets));
        }
    }

    /** Objects with sorted keys, so the hash does not depend on the order fields were written in. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode out = Json.object();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            names.forEach(n -> out.set(n, canonical(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
            node.forEach(e -> out.add(canonical(e)));
            return out;
        }
        return node;
    }

    private static int indexOf(JsonNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                out.add(it.next().asText());
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
