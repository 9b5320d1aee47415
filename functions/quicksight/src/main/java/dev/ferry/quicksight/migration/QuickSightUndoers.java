package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.rollback.ResourceUndoer;
import dev.ferry.core.rollback.UndoContext;
import dev.ferry.core.rollback.UndoOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.ConflictException;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.DataSourceCredentials;
import software.amazon.awssdk.services.quicksight.model.ResourceNotFoundException;
import software.amazon.awssdk.services.quicksight.model.ResourcePermission;
import software.amazon.awssdk.services.quicksight.model.UpdateDataSetRequest;

/**
 * The undoers of every resource type quicksight-migration records (registered in
 * {@code META-INF/services/dev.ferry.core.rollback.ResourceUndoer}). Each is idempotent, marks the resource in
 * the ledger when done, removes only what the run made (a resource still only intended is removed only when it
 * carries the run's {@code ferry:run-id} tag, where QuickSight tags it) and restores what the run updated from
 * the definition it saved first.
 */
public final class QuickSightUndoers {
    private static final Logger LOG = LoggerFactory.getLogger(QuickSightUndoers.class);

    private QuickSightUndoers() {
    }

    /** {@code arn:aws:quicksight:<region>:<account>:<type>/<id>} -> account. */
    static String account(String arn) {
        return arn.split(":")[4];
    }

    private static UndoOutcome done(UndoContext c, ResourceRecord r, String detail) {
        c.ledger().setResourceStatus(c.runId(), r.key(), ResourceStatus.ROLLED_BACK);
        return detail == null ? UndoOutcome.gone() : UndoOutcome.gone(detail);
    }

    private static UndoOutcome kept(UndoContext c, ResourceRecord r, String why) {
        c.ledger().setResourceStatus(c.runId(), r.key(), ResourceStatus.PREEXISTING);
        return UndoOutcome.kept(why);
    }

    private static boolean inProgress(DataSource ds) {
        return ds.status() == software.amazon.awssdk.services.quicksight.model.ResourceStatus.CREATION_IN_PROGRESS
                || ds.status() == software.amazon.awssdk.services.quicksight.model.ResourceStatus.UPDATE_IN_PROGRESS;
    }

    /** Runs a delete; a missing resource is gone already; one still being made is retried. */
    private static boolean delete(QuickSightApi api, String what, Supplier<?> call) {
        try {
            api.call(what, call);
            return true;
        } catch (ResourceNotFoundException gone) {
            return false;
        } catch (ConflictException busy) {
            throw new TransientException(what + ": the resource is still being created or updated; rollback retries", busy);
        }
    }

    /** Whether a resource that was only intended carries the run's tag (i.e. the run's create call made it). */
    private static boolean taggedByRun(QuickSightApi api, ResourceRecord r, String runId) {
        try {
            return api.call("ListTagsForResource " + r.name(), () -> api.qs(r.side()).listTagsForResource(b -> b.resourceArn(r.name())))
                    .tags().stream().anyMatch(t -> t.key().equals(QuickSightNames.RUN_ID_TAG) && t.value().equals(runId));
        } catch (ResourceNotFoundException gone) {
            return false;
        }
    }

    /** Deletes a dataset the run created (or adopted). */
    public static final class DataSetUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.DATA_SET;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String id = QuickSightNames.idOf(r.name());
            if (r.status() == ResourceStatus.CREATING && !taggedByRun(api, r, c.runId())) {
                boolean exists = api.listDataSets(r.side(), account(r.name())).stream().anyMatch(s -> s.dataSetId().equals(id));
                if (exists) {
                    return kept(c, r, "not created by this run (no " + QuickSightNames.RUN_ID_TAG + "=" + c.runId() + " tag)");
                }
                return done(c, r, "never created");
            }
            delete(api, "DeleteDataSet " + id, () -> api.qs(r.side()).deleteDataSet(b -> b.awsAccountId(account(r.name())).dataSetId(id)));
            LOG.info("rolled back: deleted dataset {}", r.name());
            return done(c, r, null);
        }
    }

    /** Puts a dataset the run updated back as it was (definition and permissions saved first). */
    public static final class DataSetUpdateUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.DATA_SET_UPDATE;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String id = QuickSightNames.idOf(r.name());
            String account = account(r.name());
            ObjectNode saved = c.ledger().document(c.runId(), QuickSightNames.docSaved(QuickSightNames.DATA_SET, id), ObjectNode.class)
                    .orElse(null);
            if (saved == null) {
                return done(c, r, "nothing was changed (no definition saved)");
            }
            QuickSightClient qs = api.qs(r.side());
            UpdateDataSetRequest request = SdkJson.<UpdateDataSetRequest>fromJson(saved, UpdateDataSetRequest::builder).toBuilder()
                    .awsAccountId(account).dataSetId(id).build();
            try {
                api.call("UpdateDataSet " + id, () -> qs.updateDataSet(request));
            } catch (ResourceNotFoundException gone) {
                throw new FerryException("dataset " + id + " was deleted after the run updated it; its saved definition is in the "
                        + "ledger (document " + QuickSightNames.docSaved(QuickSightNames.DATA_SET, id) + ") to recreate it by hand");
            }
            restorePermissions(api, saved, () -> api.call("DescribeDataSetPermissions " + id, () -> qs.describeDataSetPermissions(b -> b
                    .awsAccountId(account).dataSetId(id))).permissions(), (grant, revoke) -> api.call("UpdateDataSetPermissions " + id,
                    () -> qs.updateDataSetPermissions(b -> b.awsAccountId(account).dataSetId(id).grantPermissions(grant)
                            .revokePermissions(revoke))));
            return done(c, r, "restored the definition saved before the run");
        }
    }

    /** Grants what was saved and revokes what the run added. */
    static void restorePermissions(QuickSightApi api, JsonNode saved, Supplier<List<ResourcePermission>> current,
                                   java.util.function.BiConsumer<List<ResourcePermission>, List<ResourcePermission>> update) {
        List<ResourcePermission> before = new ArrayList<>();
        saved.path("Permissions").forEach(p -> {
            List<String> actions = new ArrayList<>();
            p.path("Actions").forEach(a -> actions.add(a.asText()));
            before.add(ResourcePermission.builder().principal(p.path("Principal").asText()).actions(actions).build());
        });
        List<ResourcePermission> revoke = new ArrayList<>();
        for (ResourcePermission now : current.get()) {
            List<String> extra = now.actions().stream().filter(a -> before.stream().noneMatch(b -> b.principal().equals(now.principal())
                    && b.actions().contains(a))).toList();
            if (!extra.isEmpty()) {
                revoke.add(ResourcePermission.builder().principal(now.principal()).actions(extra).build());
            }
        }
        if (!revoke.isEmpty() || !before.isEmpty()) {
            update.accept(before, revoke);
        }
    }

    /** Deletes the data source the run created (or adopted). */
    public static final class DataSourceUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.DATA_SOURCE;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String id = QuickSightNames.idOf(r.name());
            String account = account(r.name());
            if (r.status() == ResourceStatus.CREATING && !taggedByRun(api, r, c.runId())) {
                if (api.dataSource(r.side(), account, id).isPresent()) {
                    return kept(c, r, "not created by this run (no " + QuickSightNames.RUN_ID_TAG + "=" + c.runId() + " tag)");
                }
                return done(c, r, "never created");
            }
            // one still being created (a run that failed while it was) cannot be deleted (ConflictException): wait until it is done
            Optional<DataSource> current = api.calls().waitFor("DescribeDataSource " + id + " until it is no longer being created",
                    Duration.ofSeconds(60), () -> {
                        Optional<DataSource> ds = api.dataSource(r.side(), account, id);
                        return ds.isEmpty() || !inProgress(ds.get()) ? Optional.of(ds) : Optional.empty();
                    });
            if (current.isEmpty()) {
                return done(c, r, "already gone");
            }
            delete(api, "DeleteDataSource " + id, () -> api.qs(r.side()).deleteDataSource(b -> b.awsAccountId(account).dataSourceId(id)));
            LOG.info("rolled back: deleted data source {}", r.name());
            return done(c, r, null);
        }
    }

    /** Puts a data source the run updated back as it was. */
    public static final class DataSourceUpdateUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.DATA_SOURCE_UPDATE;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String id = QuickSightNames.idOf(r.name());
            String account = account(r.name());
            ObjectNode saved = c.ledger().document(c.runId(), QuickSightNames.docSaved(QuickSightNames.DATA_SOURCE, id), ObjectNode.class)
                    .orElse(null);
            if (saved == null) {
                return done(c, r, "nothing was changed (no definition saved)");
            }
            DataSource before = SdkJson.fromJson(saved, DataSource::builder);
            QuickSightClient qs = api.qs(r.side());
            try {
                api.call("UpdateDataSource " + id, () -> qs.updateDataSource(b -> b.awsAccountId(account).dataSourceId(id).name(before.name())
                        .dataSourceParameters(before.dataSourceParameters()).vpcConnectionProperties(before.vpcConnectionProperties())
                        .sslProperties(before.sslProperties()).credentials(before.secretArn() == null ? null
                                : DataSourceCredentials.builder().secretArn(before.secretArn()).build())));
            } catch (ConflictException busy) {
                throw new TransientException("data source " + id + " is being updated; rollback retries", busy);
            }
            restorePermissions(api, saved, () -> api.call("DescribeDataSourcePermissions " + id, () -> qs.describeDataSourcePermissions(b -> b
                    .awsAccountId(account).dataSourceId(id))).permissions(), (grant, revoke) -> api.call("UpdateDataSourcePermissions " + id,
                    () -> qs.updateDataSourcePermissions(b -> b.awsAccountId(account).dataSourceId(id).grantPermissions(grant)
                            .revokePermissions(revoke))));
            return done(c, r, "restored the definition saved before the run");
        }
    }

    /** Deletes a dashboard an asset bundle import of the run created. */
    public static final class DashboardUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.DASHBOARD;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String id = QuickSightNames.idOf(r.name());
            delete(api, "DeleteDashboard " + id, () -> api.qs(r.side()).deleteDashboard(b -> b.awsAccountId(account(r.name())).dashboardId(id)));
            return done(c, r, null);
        }
    }

    /**
     * Waits for an asset bundle import the run started to end: QuickSight cannot cancel one, and one still running
     * would create its dashboards, analyses and datasets after rollback removed them. Recorded after the bundle's
     * resources, it is undone before them; a running job is a {@link TransientException}, which the state machine
     * retries with back-off.
     */
    public static final class ImportJobUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.IMPORT_JOB;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String id = QuickSightNames.idOf(r.name());
            String status = api.find("DescribeAssetBundleImportJob " + id, () -> api.qs(r.side()).describeAssetBundleImportJob(b -> b
                    .awsAccountId(account(r.name())).assetBundleImportJobId(id)).jobStatusAsString()).orElse(null);
            if (status != null && !status.startsWith("SUCCESSFUL") && !status.startsWith("FAILED")) {
                throw new TransientException("asset bundle import job " + id + " is still " + status + "; rollback waits for it to "
                        + "end, so that nothing it imports is left behind");
            }
            return done(c, r, status == null ? "job no longer known to QuickSight" : "job ended " + status);
        }
    }

    /** Deletes an analysis an asset bundle import of the run created. */
    public static final class AnalysisUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.ANALYSIS;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String id = QuickSightNames.idOf(r.name());
            delete(api, "DeleteAnalysis " + id, () -> api.qs(r.side()).deleteAnalysis(b -> b.awsAccountId(account(r.name())).analysisId(id)));
            return done(c, r, null);
        }
    }

    /** Removes the principal from the group, when the run added it. */
    public static final class GroupMembershipUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.GROUP_MEMBERSHIP;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String groupArn = r.name().substring(0, r.name().indexOf('|'));
            String member = r.name().substring(r.name().indexOf('|') + 1);
            String[] path = groupArn.substring(groupArn.indexOf(":group/") + 7).split("/", 2);
            delete(api, "DeleteGroupMembership " + member, () -> api.qs(r.side()).deleteGroupMembership(b -> b
                    .awsAccountId(account(groupArn)).namespace(path[0]).groupName(path[1]).memberName(member)));
            return done(c, r, null);
        }
    }

    /** Deletes the group the run created. */
    public static final class GroupUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.GROUP;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String[] path = r.name().substring(r.name().indexOf(":group/") + 7).split("/", 2);
            delete(api, "DeleteGroup " + path[1], () -> api.qs(r.side()).deleteGroup(b -> b.awsAccountId(account(r.name()))
                    .namespace(path[0]).groupName(path[1])));
            return done(c, r, null);
        }
    }

    /** Deletes the QuickSight user the run registered. */
    public static final class UserUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.USER;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String[] path = r.name().substring(r.name().indexOf(":user/") + 6).split("/", 2);
            delete(api, "DeleteUser " + path[1], () -> api.qs(r.side()).deleteUser(b -> b.awsAccountId(account(r.name()))
                    .namespace(path[0]).userName(path[1])));
            return done(c, r, null);
        }
    }

    /** Deletes the inline policy the run put on one of QuickSight's service roles. */
    public static final class InlinePolicyUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.INLINE_POLICY;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            QuickSightApi api = new QuickSightApi(c.deps());
            String role = r.name().substring(r.name().lastIndexOf('/') + 1, r.name().indexOf('#'));
            String policy = r.name().substring(r.name().indexOf('#') + 1);
            try {
                api.call("DeleteRolePolicy " + role, () -> api.iam(r.side()).deleteRolePolicy(b -> b.roleName(role).policyName(policy)));
            } catch (NoSuchEntityException gone) {
                LOG.debug("policy {} of {} was already gone", policy, role);
            }
            return done(c, r, null);
        }
    }

    /** Removes the artefacts file the run wrote, or puts back the one that was there before. */
    public static final class ArtefactsUndoer implements ResourceUndoer {
        @Override
        public String type() {
            return QuickSightNames.ARTEFACTS;
        }

        @Override
        public UndoOutcome undo(UndoContext c, ResourceRecord r) {
            ArtefactsStore store = new ArtefactsStore(c.deps().clients(), c.deps().calls());
            ArtefactsStore.Location l = ArtefactsStore.parse(r.name());
            JsonNode before = c.ledger().document(c.runId(), ArtefactsFile.PREVIOUS_DOC, JsonNode.class).orElse(null);
            if (before == null) {
                store.delete(l);
                return done(c, r, null);
            }
            store.write(l, Json.pretty(before) + "\n");
            return done(c, r, "put back as it was before the run");
        }
    }
}
