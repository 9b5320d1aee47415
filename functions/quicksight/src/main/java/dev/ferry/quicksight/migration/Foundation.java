package dev.ferry.quicksight.migration;

import static dev.ferry.quicksight.migration.QuickSightNames.RUN_ID_TAG;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.util.Hashing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.AuroraPostgreSqlParameters;
import software.amazon.awssdk.services.quicksight.model.ConflictException;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.DataSourceCredentials;
import software.amazon.awssdk.services.quicksight.model.DataSourceParameters;
import software.amazon.awssdk.services.quicksight.model.DataSourceType;
import software.amazon.awssdk.services.quicksight.model.IdentityType;
import software.amazon.awssdk.services.quicksight.model.PostgreSqlParameters;
import software.amazon.awssdk.services.quicksight.model.ResourceExistsException;
import software.amazon.awssdk.services.quicksight.model.ResourcePermission;
import software.amazon.awssdk.services.quicksight.model.SslProperties;
import software.amazon.awssdk.services.quicksight.model.Tag;
import software.amazon.awssdk.services.quicksight.model.UserRole;
import software.amazon.awssdk.services.quicksight.model.VpcConnectionProperties;

/**
 * Step 2 of quicksight-migration (the earlier tool's stage 0/1), idempotent: the destination principal
 * registered as a QuickSight ADMIN user if it is not, the group and the principal's membership, an inline
 * policy on each of QuickSight's service roles that lets it read exactly the run's secret, and the data
 * source created (or updated, its definition saved first). Each thing is recorded in the ledger before it is
 * made. It does not wait for the data source: the state machine polls it ({@link DataSourceStatus}).
 */
final class Foundation {
    private static final Logger LOG = LoggerFactory.getLogger(Foundation.class);
    static final String PLAN_DOC = "plan";

    private final Dependencies deps;
    private final QuickSightApi api;
    private final RunLedger ledger;

    Foundation(Dependencies deps) {
        this.deps = deps;
        this.api = new QuickSightApi(deps);
        this.ledger = deps.ledger();
    }

    FoundationResult ensure(MigrationPlan plan) {
        startAgainAfterRollback(plan);
        ledger.startOrResume(plan.runId(), QuickSightNames.WORKFLOW, plan.inputHash());
        ledger.putDocument(plan.runId(), PLAN_DOC, plan.withoutSecrets());
        List<String> notes = new ArrayList<>();
        ArtefactsFile artefacts = new ArtefactsFile(deps, ledger);
        artefacts.claim(plan);
        adopt(plan, notes);
        String userArn = ensureUser(plan, notes);
        ensureGroup(plan, notes);
        ensureMembership(plan, notes);
        List<String> policies = ensurePolicies(plan, notes);
        String action = ensureDataSource(plan, notes);
        FoundationResult result = new FoundationResult(plan.runId(), plan.dataSourceArn(), action, plan.groupArn(), userArn,
                policies, 0, notes);
        ledger.putDocument(plan.runId(), QuickSightNames.DOC_FOUNDATION, result);
        artefacts.write(plan, "FOUNDATION", null);
        LOG.info("foundation of run {} in place: data source {} {}", plan.runId(), plan.dataSourceArn(), action);
        return result;
    }

    /**
     * A run id started again after its rollback: what the rolled-back attempt finished was undone, so its progress
     * documents (bundles moved, datasets copied, verification) are dropped, and the asset bundle jobs get new ids
     * (the attempt's jobs are done, and describing them would only replay their outcome).
     */
    private void startAgainAfterRollback(MigrationPlan plan) {
        boolean rolledBack = ledger.findRun(plan.runId()).map(r -> r.status() == RunStatus.ROLLED_BACK
                || r.status() == RunStatus.ROLLBACK_INCOMPLETE).orElse(false);
        if (!rolledBack) {
            return;
        }
        int attempt = attempt(ledger, plan.runId()) + 1;
        for (MigrationPlan.PlannedBundle b : plan.bundles()) {
            ledger.deleteDocument(plan.runId(), QuickSightNames.docBundle(b.index()));
            ledger.deleteDocument(plan.runId(), QuickSightNames.docBundleManifest(b.index()));
        }
        for (MigrationPlan.PlannedDataSet d : plan.datasets()) {
            ledger.deleteDocument(plan.runId(), QuickSightNames.docDataSet(d.sourceId()));
        }
        ledger.deleteDocument(plan.runId(), QuickSightNames.DOC_VERIFICATION);
        ledger.putDocument(plan.runId(), QuickSightNames.DOC_ATTEMPT, attempt);
        LOG.info("run {} was rolled back before: starting it again as attempt {}", plan.runId(), attempt);
    }

    /** How many times the run was started again after a rollback (0: never). */
    static int attempt(RunLedger ledger, String runId) {
        return ledger.document(runId, QuickSightNames.DOC_ATTEMPT, Integer.class).orElse(0);
    }

    /** What an earlier tool's artefacts file lists becomes this run's, so that rollback (cleanup) removes it. */
    private void adopt(MigrationPlan plan, List<String> notes) {
        MigrationPlan.Adoption a = plan.adopted();
        if (a == null) {
            return;
        }
        QuickSightClient qs = api.qs(plan.destination());
        String account = plan.destinationAccountId();
        if (a.dataSourceArn() != null && api.dataSource(plan.destination(), account, QuickSightNames.idOf(a.dataSourceArn())).isPresent()) {
            adoptOne(plan, QuickSightNames.DATA_SOURCE, a.dataSourceArn());
        }
        if (a.groupArn() != null) {
            String group = a.groupArn().substring(a.groupArn().lastIndexOf('/') + 1);
            if (api.find("DescribeGroup " + group, () -> qs.describeGroup(b -> b.awsAccountId(account).namespace(plan.namespace())
                    .groupName(group))).isPresent()) {
                adoptOne(plan, QuickSightNames.GROUP, a.groupArn());
            }
        }
        for (String arn : a.dataSetArns()) {
            if (api.find("ListDataSets", () -> api.listDataSets(plan.destination(), account).stream()
                    .filter(s -> s.arn().equals(arn)).findFirst().orElse(null)).isPresent()) {
                adoptOne(plan, QuickSightNames.DATA_SET, arn);
            }
        }
        if (a.roleArn() != null) {
            notes.add("kept " + a.roleArn() + " (the earlier tool's role; Ferry uses the access stacks' roles): delete it when nothing uses it");
        }
        notes.add("adopted what " + a.location() + " lists: rollback of this run removes it");
    }

    private void adoptOne(MigrationPlan plan, String type, String arn) {
        String key = ResourceKeys.key(type, arn);
        Optional<ResourceRecord> r = ledger.resource(plan.runId(), key);
        if (r.isEmpty() || r.get().status() == ResourceStatus.ROLLED_BACK) {
            ledger.recordIntent(plan.runId(), key, type, arn, plan.destination());
            ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
        }
    }

    private String ensureUser(MigrationPlan plan, List<String> notes) {
        MigrationPlan.Admin admin = plan.admin();
        String arn = plan.destinationArn("user", plan.namespace() + "/" + admin.userName());
        QuickSightClient qs = api.qs(plan.destination());
        boolean exists = api.find("DescribeUser " + admin.userName(), () -> qs.describeUser(b -> b.awsAccountId(plan.destinationAccountId())
                .namespace(plan.namespace()).userName(admin.userName()))).isPresent();
        if (exists) {
            if (!ours(plan, QuickSightNames.USER, arn)) {
                notes.add("QuickSight user " + admin.userName() + " was registered already: kept");
            }
            return arn;
        }
        if (admin.email() == null) {
            throw new FerryException("the destination principal " + admin.iamArn() + " is not registered in QuickSight and no "
                    + "adminEmail was given. Fix: give adminEmail, or register it in QuickSight (Manage users)");
        }
        String key = ResourceKeys.key(QuickSightNames.USER, arn);
        ledger.recordIntent(plan.runId(), key, QuickSightNames.USER, arn, plan.destination());
        try {
            api.call("RegisterUser " + admin.userName(), () -> qs.registerUser(b -> b.awsAccountId(plan.destinationAccountId())
                    .namespace(plan.namespace()).identityType(IdentityType.IAM).iamArn(admin.iamArn())
                    .sessionName(admin.sessionName()).email(admin.email()).userRole(UserRole.ADMIN)));
        } catch (ResourceExistsException raced) {
            LOG.debug("user {} registered by an earlier attempt", admin.userName());
        }
        ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
        return arn;
    }

    private void ensureGroup(MigrationPlan plan, List<String> notes) {
        QuickSightClient qs = api.qs(plan.destination());
        String arn = plan.groupArn();
        boolean exists = api.find("DescribeGroup " + plan.groupName(), () -> qs.describeGroup(b -> b.awsAccountId(plan.destinationAccountId())
                .namespace(plan.namespace()).groupName(plan.groupName()))).isPresent();
        if (exists) {
            if (!ours(plan, QuickSightNames.GROUP, arn)) {
                notes.add("group " + plan.groupName() + " existed already: kept");
            }
            return;
        }
        String key = ResourceKeys.key(QuickSightNames.GROUP, arn);
        ledger.recordIntent(plan.runId(), key, QuickSightNames.GROUP, arn, plan.destination());
        try {
            api.call("CreateGroup " + plan.groupName(), () -> qs.createGroup(b -> b.awsAccountId(plan.destinationAccountId())
                    .namespace(plan.namespace()).groupName(plan.groupName())
                    .description("Created by Ferry run " + plan.runId() + " (quicksight-migration)")));
        } catch (ResourceExistsException raced) {
            LOG.debug("group {} created by an earlier attempt", plan.groupName());
        }
        ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
    }

    private void ensureMembership(MigrationPlan plan, List<String> notes) {
        QuickSightClient qs = api.qs(plan.destination());
        String user = plan.admin().userName();
        boolean member = QuickSightApi.pages(token -> api.call("ListGroupMemberships " + plan.groupName(), () -> qs.listGroupMemberships(b -> b
                        .awsAccountId(plan.destinationAccountId()).namespace(plan.namespace()).groupName(plan.groupName()).nextToken(token))),
                r -> r.groupMemberList(), r -> r.nextToken()).stream().anyMatch(m -> m.memberName().equals(user));
        String name = plan.groupArn() + "|" + user;
        if (member) {
            if (!ours(plan, QuickSightNames.GROUP_MEMBERSHIP, name)) {
                notes.add(user + " was a member of " + plan.groupName() + " already");
            }
            return;
        }
        String key = ResourceKeys.key(QuickSightNames.GROUP_MEMBERSHIP, name);
        ledger.recordIntent(plan.runId(), key, QuickSightNames.GROUP_MEMBERSHIP, name, plan.destination());
        api.call("CreateGroupMembership " + user, () -> qs.createGroupMembership(b -> b.awsAccountId(plan.destinationAccountId())
                .namespace(plan.namespace()).groupName(plan.groupName()).memberName(user)));
        ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
    }

    /** The policy that lets QuickSight's roles read exactly the run's secret (and decrypt it with its key, through Secrets Manager). */
    static String secretPolicy(MigrationPlan plan) {
        ObjectNode doc = Json.object();
        doc.put("Version", "2012-10-17");
        var statements = doc.putArray("Statement");
        ObjectNode read = statements.addObject();
        read.put("Sid", "ReadTheMigratedDatabaseSecret");
        read.put("Effect", "Allow");
        read.putArray("Action").add("secretsmanager:GetSecretValue").add("secretsmanager:DescribeSecret");
        read.put("Resource", plan.secretArn());
        if (plan.secretKmsKeyArn() != null) {
            ObjectNode decrypt = statements.addObject();
            decrypt.put("Sid", "DecryptItThroughSecretsManager");
            decrypt.put("Effect", "Allow");
            decrypt.putArray("Action").add("kms:Decrypt");
            decrypt.put("Resource", plan.secretKmsKeyArn());
            decrypt.putObject("Condition").putObject("StringEquals").put("kms:ViaService", "secretsmanager." + plan.region() + ".amazonaws.com");
        }
        return Json.write(doc);
    }

    static String policyName(MigrationPlan plan) {
        return "FerryQuickSightSecret-" + Hashing.sha256Hex(secretPolicy(plan)).substring(0, 12);
    }

    private List<String> ensurePolicies(MigrationPlan plan, List<String> notes) {
        String doc = secretPolicy(plan);
        String policy = policyName(plan);
        List<String> out = new ArrayList<>();
        for (String role : plan.serviceRoles()) {
            String name = "arn:aws:iam::" + plan.destinationAccountId() + ":role/" + role + "#" + policy;
            boolean present;
            try {
                api.call("GetRolePolicy " + role, () -> api.iam(plan.destination()).getRolePolicy(b -> b.roleName(role).policyName(policy)));
                present = true;
            } catch (NoSuchEntityException missing) {
                present = false;
            }
            out.add(role + "/" + policy);
            if (present) {
                if (!ours(plan, QuickSightNames.INLINE_POLICY, name)) {
                    notes.add("role " + role + " already had policy " + policy + " (same secret): kept");
                }
                continue;
            }
            String key = ResourceKeys.key(QuickSightNames.INLINE_POLICY, name);
            ledger.recordIntent(plan.runId(), key, QuickSightNames.INLINE_POLICY, name, plan.destination());
            api.call("PutRolePolicy " + role, () -> api.iam(plan.destination()).putRolePolicy(b -> b.roleName(role).policyName(policy)
                    .policyDocument(doc)));
            ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
        }
        return out;
    }

    private String ensureDataSource(MigrationPlan plan, List<String> notes) {
        QuickSightClient qs = api.qs(plan.destination());
        String account = plan.destinationAccountId();
        String id = plan.destinationDataSourceId();
        String arn = plan.dataSourceArn();
        DataSource existing = api.dataSource(plan.destination(), account, id).orElse(null);
        DataSourceParameters parameters = parameters(plan);
        VpcConnectionProperties vpc = VpcConnectionProperties.builder().vpcConnectionArn(plan.vpcConnectionArn()).build();
        SslProperties ssl = SslProperties.builder().disableSsl(false).build();
        DataSourceCredentials credentials = DataSourceCredentials.builder().secretArn(plan.secretArn()).build();
        String name = sourceName(plan);
        ResourcePermission groupPermission = ResourcePermission.builder().principal(plan.groupArn())
                .actions(QuickSightNames.DATA_SOURCE_ACTIONS).build();
        if (existing == null) {
            String key = ResourceKeys.key(QuickSightNames.DATA_SOURCE, arn);
            ledger.recordIntent(plan.runId(), key, QuickSightNames.DATA_SOURCE, arn, plan.destination());
            try {
                // not api.call: a ConflictException here is no reason to wait in this Lambda
                api.calls().call("CreateDataSource " + id, () -> qs.createDataSource(b -> b.awsAccountId(account).dataSourceId(id).name(name)
                        .type(DataSourceType.fromValue(plan.dataSourceType())).dataSourceParameters(parameters).credentials(credentials)
                        .vpcConnectionProperties(vpc).sslProperties(ssl).permissions(groupPermission)
                        .tags(Tag.builder().key(RUN_ID_TAG).value(plan.runId()).build())));
            } catch (ResourceExistsException raced) {
                LOG.debug("data source {} created by an earlier attempt", id);
            } catch (ConflictException beingCreated) {
                // a create whose answer was lost (and retried) is still CREATION_IN_PROGRESS: the state machine's loop waits for it
                LOG.debug("data source {} is being created by an earlier attempt", id);
            }
            return "CREATED";
        }
        boolean ours = ours(plan, QuickSightNames.DATA_SOURCE, arn);
        boolean same = parameters.equals(existing.dataSourceParameters()) && vpc.equals(existing.vpcConnectionProperties())
                && plan.secretArn().equals(existing.secretArn());
        if (same) {
            return ours && plan.adopted() != null && arn.equals(plan.adopted().dataSourceArn()) ? "ADOPTED" : "UNCHANGED";
        }
        if (inProgress(existing)) {
            return "IN_PROGRESS"; // an earlier attempt's create or update; the state machine waits for it
        }
        if (!ours) {
            saveOnce(plan, QuickSightNames.DATA_SOURCE, id, () -> {
                ObjectNode saved = SdkJson.toJson(existing);
                saved.set("Permissions", Json.MAPPER.valueToTree(api.call("DescribeDataSourcePermissions " + id, () -> qs
                        .describeDataSourcePermissions(b -> b.awsAccountId(account).dataSourceId(id))).permissions().stream()
                        .map(p -> Map.of("Principal", p.principal(), "Actions", p.actions())).toList()));
                return saved;
            });
            String key = ResourceKeys.key(QuickSightNames.DATA_SOURCE_UPDATE, arn);
            ledger.recordIntent(plan.runId(), key, QuickSightNames.DATA_SOURCE_UPDATE, arn, plan.destination());
            notes.add("data source " + id + " existed: updated (its definition was saved first; rollback restores it)");
        }
        api.call("UpdateDataSource " + id, () -> qs.updateDataSource(b -> b.awsAccountId(account).dataSourceId(id).name(existing.name())
                .dataSourceParameters(parameters).credentials(credentials).vpcConnectionProperties(vpc).sslProperties(ssl)));
        api.call("UpdateDataSourcePermissions " + id, () -> qs.updateDataSourcePermissions(b -> b.awsAccountId(account).dataSourceId(id)
                .grantPermissions(groupPermission)));
        if (!ours) {
            ledger.setResourceStatus(plan.runId(), ResourceKeys.key(QuickSightNames.DATA_SOURCE_UPDATE, arn), ResourceStatus.CREATED);
        }
        return "UPDATED";
    }

    private static boolean inProgress(DataSource ds) {
        return ds.status() == software.amazon.awssdk.services.quicksight.model.ResourceStatus.CREATION_IN_PROGRESS
                || ds.status() == software.amazon.awssdk.services.quicksight.model.ResourceStatus.UPDATE_IN_PROGRESS;
    }

    private String sourceName(MigrationPlan plan) {
        return api.dataSource(plan.source(), plan.sourceAccountId(), plan.dataSourceId()).map(DataSource::name)
                .orElse(plan.destinationDataSourceId());
    }

    static DataSourceParameters parameters(MigrationPlan plan) {
        MigrationPlan.Database db = plan.database();
        if (DataSourceType.POSTGRESQL.toString().equals(plan.dataSourceType())) {
            return DataSourceParameters.builder().postgreSqlParameters(PostgreSqlParameters.builder().host(db.host()).port(db.port())
                    .database(db.database()).build()).build();
        }
        return DataSourceParameters.builder().auroraPostgreSqlParameters(AuroraPostgreSqlParameters.builder().host(db.host())
                .port(db.port()).database(db.database()).build()).build();
    }

    /** Keeps a definition in the ledger before the run changes it, once: a retry must not save the changed one. */
    void saveOnce(MigrationPlan plan, String type, String id, java.util.function.Supplier<ObjectNode> definition) {
        String doc = QuickSightNames.docSaved(type, id);
        if (ledger.document(plan.runId(), doc, ObjectNode.class).isEmpty()) {
            ledger.putDocument(plan.runId(), doc, definition.get());
        }
    }

    private boolean ours(MigrationPlan plan, String type, String name) {
        return ledger.resource(plan.runId(), ResourceKeys.key(type, name))
                .map(r -> r.status() == ResourceStatus.CREATED || r.status() == ResourceStatus.CREATING).orElse(false);
    }
}
