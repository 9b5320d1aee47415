package dev.ferry.quicksight.migration;

import static dev.ferry.quicksight.migration.QuickSightNames.RUN_ID_TAG;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.report.Report;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.quicksight.migration.MigrationPlan.DataSetAction;
import dev.ferry.quicksight.migration.MigrationPlan.PlannedDataSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.CreateDataSetRequest;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.InvalidParameterValueException;
import software.amazon.awssdk.services.quicksight.model.ResourceExistsException;
import software.amazon.awssdk.services.quicksight.model.ResourcePermission;
import software.amazon.awssdk.services.quicksight.model.Tag;
import software.amazon.awssdk.services.quicksight.model.UpdateDataSetRequest;

/**
 * Step 3 of quicksight-migration, one dataset (an iteration of the Datasets map): its source definition
 * (exported to the reports location when asked), moved to the destination's data source and principals,
 * created, or updated if it exists (its definition saved first), with permissions for the group and the
 * mapped principals, and its tags. Idempotent: a dataset already equal to its source is left alone.
 */
public final class DataSetCopier {
    private static final Logger LOG = LoggerFactory.getLogger(DataSetCopier.class);

    /**
     * What became of one dataset (kept in the ledger for the report).
     *
     * @param action CREATED, UPDATED, UNCHANGED or ADOPTED
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String sourceId, String destinationId, String arn, String action, List<String> warnings) {
    }

    private final Dependencies deps;
    private final QuickSightApi api;
    private final RunLedger ledger;

    DataSetCopier(Dependencies deps, RunLedger ledger) {
        this.deps = deps;
        this.api = new QuickSightApi(deps);
        this.ledger = ledger;
    }

    Result copy(String runId, String sourceId, List<dev.ferry.core.aws.Side> sides) {
        MigrationPlan plan = MigrationPlan.load(ledger, runId, sides);
        PlannedDataSet planned = plan.datasets().stream().filter(d -> d.sourceId().equals(sourceId)).findFirst()
                .orElseThrow(() -> new FerryException("dataset " + sourceId + " is not in the plan of run " + runId));
        String account = plan.destinationAccountId();
        QuickSightClient dst = api.qs(plan.destination());
        DataSet source = api.dataSet(plan.source(), plan.sourceAccountId(), sourceId).orElseThrow(() -> new FerryException(
                "source dataset " + sourceId + " no longer exists. Fix: check the source, then start a new run"));
        if (plan.saveDefinitions()) {
            deps.reports().write(runId, "dataset-" + sourceId + ".json",
                    (Json.pretty(SdkJson.toJson(source)) + "\n").getBytes(StandardCharsets.UTF_8), Report.JSON_TYPE);
        }
        List<String> warnings = new ArrayList<>();
        ObjectNode definition = DataSetDefinitions.moved(source, dataSourceArns(plan), dataSetArns(plan), plan.principalMap(), warnings);
        List<ResourcePermission> permissions = permissions(plan, sourceId, warnings);
        List<Tag> tags = tags(plan, source.arn());
        String id = planned.destinationId();
        String arn = plan.destinationArn("dataset", id);
        DataSet existing = api.dataSet(plan.destination(), account, id).orElse(null);
        String action;
        if (existing == null) {
            String key = ResourceKeys.key(planned.action() == DataSetAction.UPDATE ? QuickSightNames.DATA_SET_UPDATE : QuickSightNames.DATA_SET, arn);
            ledger.recordIntent(runId, ResourceKeys.key(QuickSightNames.DATA_SET, arn), QuickSightNames.DATA_SET, arn, plan.destination());
            CreateDataSetRequest request = SdkJson.<CreateDataSetRequest>fromJson(definition, CreateDataSetRequest::builder).toBuilder()
                    .awsAccountId(account).dataSetId(id).permissions(permissions).tags(tags).build();
            try {
                call(planned, "CreateDataSet", () -> dst.createDataSet(request));
            } catch (ResourceExistsException raced) {
                LOG.debug("dataset {} created by an earlier attempt", id);
            }
            ledger.setResourceStatus(runId, ResourceKeys.key(QuickSightNames.DATA_SET, arn), ResourceStatus.CREATED);
            LOG.debug("created dataset {} ({})", id, key);
            action = "CREATED";
        } else {
            boolean ours = ledger.resource(runId, ResourceKeys.key(QuickSightNames.DATA_SET, arn))
                    .map(r -> r.status() == ResourceStatus.CREATED || r.status() == ResourceStatus.CREATING).orElse(false);
            if (!ours && planned.action() != DataSetAction.UPDATE) {
                throw new FerryException("destination dataset " + id + " appeared after validation and was not created by this run. "
                        + "Fix: delete or map it (dataSetIdMap), or set options.onDataSetIdCollision, and start a new run");
            }
            ObjectNode current = DataSetDefinitions.normalised(SdkJson.toJson(existing), Map.of(), Map.of(), Map.of());
            ObjectNode wanted = DataSetDefinitions.normalised(definition, Map.of(), Map.of(), Map.of());
            boolean sameDefinition = DataSetDefinitions.diff(wanted, current).isEmpty();
            Set<String> missingGrants = missingGrants(dst, account, id, permissions);
            boolean adopted = plan.adopted() != null && plan.adopted().dataSetArns().contains(arn);
            if (sameDefinition && missingGrants.isEmpty()) {
                return record(runId, new Result(sourceId, id, arn, adopted ? "ADOPTED" : "UNCHANGED", warnings));
            }
            if (!ours) {
                new Foundation(deps).saveOnce(plan, QuickSightNames.DATA_SET, id, () -> {
                    ObjectNode saved = SdkJson.toJson(existing);
                    saved.set("Permissions", Json.MAPPER.valueToTree(api.call("DescribeDataSetPermissions " + id, () -> dst
                            .describeDataSetPermissions(b -> b.awsAccountId(account).dataSetId(id))).permissions().stream()
                            .map(p -> Map.of("Principal", p.principal(), "Actions", p.actions())).toList()));
                    return saved;
                });
                ledger.recordIntent(runId, ResourceKeys.key(QuickSightNames.DATA_SET_UPDATE, arn), QuickSightNames.DATA_SET_UPDATE, arn,
                        plan.destination());
            }
            if (!sameDefinition) {
                UpdateDataSetRequest request = SdkJson.<UpdateDataSetRequest>fromJson(definition, UpdateDataSetRequest::builder)
                        .toBuilder().awsAccountId(account).dataSetId(id).build();
                call(planned, "UpdateDataSet", () -> dst.updateDataSet(request));
            }
            if (!missingGrants.isEmpty()) {
                api.call("UpdateDataSetPermissions " + id, () -> dst.updateDataSetPermissions(b -> b.awsAccountId(account).dataSetId(id)
                        .grantPermissions(permissions)));
            }
            if (!ours) {
                ledger.setResourceStatus(runId, ResourceKeys.key(QuickSightNames.DATA_SET_UPDATE, arn), ResourceStatus.CREATED);
            }
            action = adopted ? "ADOPTED" : "UPDATED";
        }
        LOG.info("dataset {} -> {}: {}", sourceId, id, action);
        return record(runId, new Result(sourceId, id, arn, action, warnings));
    }

    private Result record(String runId, Result result) {
        ledger.putDocument(runId, QuickSightNames.docDataSet(result.sourceId()), result);
        return result;
    }

    /** A create or update; a definition the destination database rejects says which dataset, which columns and what to do. */
    private <T> T call(PlannedDataSet planned, String op, java.util.function.Supplier<T> call) {
        try {
            return api.call(op + " " + planned.destinationId(), call);
        } catch (InvalidParameterValueException e) {
            String columns = DataSetDefinitions.columnsIn(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new FerryException("QuickSight refused dataset " + planned.sourceId() + " (" + planned.name() + ") in the destination"
                    + (columns != null ? ", calculated column(s) " + columns : "") + ": " + message
                    + ". Fix: review the definition exported to the reports location (dataset-" + planned.sourceId()
                    + ".json) and make the destination database match the source's schema (or adjust the calculated field), "
                    + "then start the run again", e);
        }
    }

    private Set<String> missingGrants(QuickSightClient dst, String account, String id, List<ResourcePermission> wanted) {
        List<ResourcePermission> current = api.call("DescribeDataSetPermissions " + id, () -> dst.describeDataSetPermissions(b -> b
                .awsAccountId(account).dataSetId(id))).permissions();
        Set<String> missing = new LinkedHashSet<>();
        for (ResourcePermission w : wanted) {
            for (String action : w.actions()) {
                boolean has = current.stream().anyMatch(c -> c.principal().equals(w.principal()) && c.actions().contains(action));
                if (!has) {
                    missing.add(w.principal() + " " + action);
                }
            }
        }
        return missing;
    }

    /** The group gets every action; each mapped source principal what it had; unmapped ones nothing (a warning). */
    private List<ResourcePermission> permissions(MigrationPlan plan, String sourceId, List<String> warnings) {
        Map<String, Set<String>> byPrincipal = new LinkedHashMap<>();
        byPrincipal.put(plan.groupArn(), new LinkedHashSet<>(QuickSightNames.DATA_SET_ACTIONS));
        List<ResourcePermission> source = api.call("DescribeDataSetPermissions " + sourceId, () -> api.qs(plan.source())
                .describeDataSetPermissions(b -> b.awsAccountId(plan.sourceAccountId()).dataSetId(sourceId))).permissions();
        for (ResourcePermission p : source) {
            String mapped = plan.principalMap().get(p.principal());
            if (mapped == null) {
                warnings.add("permission of " + p.principal() + " not given: no principalMap entry");
                continue;
            }
            byPrincipal.computeIfAbsent(mapped, k -> new LinkedHashSet<>()).addAll(p.actions());
        }
        List<ResourcePermission> out = new ArrayList<>();
        byPrincipal.forEach((principal, actions) -> out.add(ResourcePermission.builder().principal(principal)
                .actions(new ArrayList<>(actions)).build()));
        return out;
    }

    private List<Tag> tags(MigrationPlan plan, String sourceArn) {
        List<Tag> out = new ArrayList<>();
        api.call("ListTagsForResource " + sourceArn, () -> api.qs(plan.source()).listTagsForResource(b -> b.resourceArn(sourceArn)))
                .tags().stream().filter(t -> !t.key().equals(RUN_ID_TAG)).forEach(out::add);
        out.add(Tag.builder().key(RUN_ID_TAG).value(plan.runId()).build());
        return out;
    }

    static Map<String, String> dataSourceArns(MigrationPlan plan) {
        return Map.of(plan.sourceArn("datasource", plan.dataSourceId()), plan.dataSourceArn());
    }

    static Map<String, String> dataSetArns(MigrationPlan plan) {
        Map<String, String> out = new LinkedHashMap<>();
        plan.dataSetIdMapping().forEach((from, to) -> out.put(plan.sourceArn("dataset", from), plan.destinationArn("dataset", to)));
        return out;
    }
}
