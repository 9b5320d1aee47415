package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.aws.Side;
import java.util.List;
import java.util.Map;

/**
 * A validated, normalised migration: what Validate returns and every later step reads. Small on
 * purpose (ids and names, no definitions): it travels in the state machine's state.
 *
 * @param runId the run id
 * @param dryRun plan and report only
 * @param region the QuickSight region
 * @param source where datasets and assets are read (read-only), with its account id
 * @param sourceAccountId the source account
 * @param destination where they are created
 * @param destinationAccountId the destination account
 * @param namespace QuickSight namespace of users and groups
 * @param dataSourceId the source data source id
 * @param destinationDataSourceId the destination data source id
 * @param dataSourceType AURORA_POSTGRESQL or POSTGRESQL (the source's)
 * @param secretArn the destination database secret
 * @param secretKmsKeyArn its customer-managed key, or null
 * @param vpcConnectionArn the destination VPC connection
 * @param database where the destination data source points
 * @param groupName the destination group
 * @param admin the destination principal to register as ADMIN and add to the group
 * @param serviceRoles QuickSight's service roles found in the destination (each gets the secret policy)
 * @param saveDefinitions export each source dataset definition to the reports location
 * @param artefacts where the artefacts file goes, or null
 * @param datasets every source dataset the run considered, with what it does with each
 * @param bundles asset bundles: dashboards, analyses and datasets DescribeDataSet refuses
 * @param principalMap source principal ARN -> destination principal ARN
 * @param adopted what an earlier tool's artefacts file lists, adopted by this run
 * @param pollSeconds seconds between data source checks
 * @param inputHash hash of the input but the run id
 * @param dataSetPhases source ids of the datasets moved one by one, phase by phase (row-level permission datasets first):
 *     what the Datasets map iterates
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationPlan(String runId, boolean dryRun, String region, Side source, String sourceAccountId, Side destination,
                            String destinationAccountId, String namespace, String dataSourceId, String destinationDataSourceId,
                            String dataSourceType, String secretArn, String secretKmsKeyArn, String vpcConnectionArn,
                            Database database, String groupName, Admin admin, List<String> serviceRoles, boolean saveDefinitions,
                            String artefacts, List<PlannedDataSet> datasets, List<PlannedBundle> bundles,
                            Map<String, String> principalMap, Adoption adopted, int pollSeconds, String inputHash,
                            List<List<String>> dataSetPhases) {

    /** Where the destination data source points. */
    public record Database(String host, int port, String database) {
    }

    /**
     * The destination principal Ferry registers (if needed) and adds to the group.
     *
     * @param iamArn the IAM user or role ARN
     * @param sessionName for a role, the session the QuickSight user is named after; null for an IAM user
     * @param userName the QuickSight user name ({@code role/session} or the IAM user's name)
     * @param email the email to register with, when it is not registered
     * @param registered whether it was registered when validated
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Admin(String iamArn, String sessionName, String userName, String email, boolean registered) {
    }

    /** What the run does with one source dataset. */
    public enum DataSetAction {
        /** Create it in the destination. */
        CREATE,
        /** Update the destination's dataset of that id in place (definition saved first). */
        UPDATE,
        /** Already created by this run, or adopted: brought in line with the source. */
        RESUME,
        /** SPICE: not moved (its data would need an ingestion); reported. */
        SKIP_SPICE,
        /** DescribeDataSet refuses it (new data-preparation experience): moved through an asset bundle. */
        VIA_BUNDLE
    }

    /**
     * One source dataset.
     *
     * @param sourceId source dataset id
     * @param destinationId destination dataset id (after dataSetIdMap or collision mapping)
     * @param name its name
     * @param action what the run does with it
     * @param phase 0 for datasets other datasets use for row-level security (they go first), else 1
     * @param customSql whether a table of it is custom SQL
     * @param rowLevelSecurity whether it uses a row-level permission dataset
     * @param note why, in words (skips, mappings)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlannedDataSet(String sourceId, String destinationId, String name, DataSetAction action, int phase,
                                 boolean customSql, boolean rowLevelSecurity, String note) {
        boolean moved() {
            return action == DataSetAction.CREATE || action == DataSetAction.UPDATE || action == DataSetAction.RESUME;
        }
    }

    /**
     * One asset bundle: exported from the source, imported into the destination.
     *
     * @param index its number in the run
     * @param dashboards dashboard ids
     * @param analyses analysis ids
     * @param dataSets dataset ids (datasets DescribeDataSet refuses)
     * @param discovered a dataset found in the source (not listed) whose data source DescribeDataSet could not tell:
     *     imported only if its exported bundle shows it reads the run's data source and no other
     */
    public record PlannedBundle(int index, List<String> dashboards, List<String> analyses, List<String> dataSets, boolean discovered) {
        String describe() {
            List<String> parts = new java.util.ArrayList<>();
            dashboards.forEach(d -> parts.add("dashboard " + d));
            analyses.forEach(a -> parts.add("analysis " + a));
            dataSets.forEach(d -> parts.add("dataset " + d));
            return String.join(", ", parts);
        }
    }

    /**
     * What an adopted artefacts file lists.
     *
     * @param location where it was read
     * @param roleArn the earlier tool's destination role (kept: Ferry uses the access stacks' roles)
     * @param dataSourceArn its data source
     * @param groupArn its group
     * @param dataSetArns its datasets
     */
    public record Adoption(String location, String roleArn, String dataSourceArn, String groupArn, List<String> dataSetArns) {
    }

    /** Source ids of the datasets moved one by one, phase by phase. */
    static List<List<String>> phases(List<PlannedDataSet> datasets) {
        List<List<String>> out = new java.util.ArrayList<>();
        for (int phase = 0; phase <= 1; phase++) {
            int p = phase;
            List<String> inPhase = datasets.stream().filter(d -> d.moved() && d.phase() == p).map(PlannedDataSet::sourceId).toList();
            if (!inPhase.isEmpty()) {
                out.add(inPhase);
            }
        }
        return out;
    }

    /** The plan as the run ledger keeps it: the sides without their external ids (the ledger holds no secret). */
    MigrationPlan withoutSecrets() {
        return withSides(source.withoutSecrets(), destination.withoutSecrets());
    }

    private MigrationPlan withSides(Side source, Side destination) {
        return new MigrationPlan(runId, dryRun, region, source, sourceAccountId, destination, destinationAccountId, namespace,
                dataSourceId, destinationDataSourceId, dataSourceType, secretArn, secretKmsKeyArn, vpcConnectionArn, database,
                groupName, admin, serviceRoles, saveDefinitions, artefacts, datasets, bundles, principalMap, adopted, pollSeconds,
                inputHash, dataSetPhases);
    }

    /**
     * The run's plan from the ledger, its sides given back their external ids from {@code sides} (the execution's
     * state carries them; the ledger does not): a side takes the external id of the given side of the same place.
     */
    static MigrationPlan load(dev.ferry.core.ledger.RunLedger ledger, String runId, List<Side> sides) {
        MigrationPlan kept = ledger.document(runId, Foundation.PLAN_DOC, MigrationPlan.class).orElseThrow(() ->
                new dev.ferry.core.errors.FerryException("run " + runId + " has no plan in the ledger: Foundation did not finish. "
                        + "Fix: re-run the same input and run id"));
        return armed(kept, sides);
    }

    /** {@code kept} with each side given the external id of the side of {@code sides} in the same place. */
    static MigrationPlan armed(MigrationPlan kept, List<Side> sides) {
        return kept.withSides(armed(kept.source, sides), armed(kept.destination, sides));
    }

    private static Side armed(Side kept, List<Side> sides) {
        if (sides == null || kept.roleArn() == null) {
            return kept;
        }
        return sides.stream().filter(s -> s != null && kept.samePlaceAs(s) && s.externalId() != null).findFirst()
                .map(s -> kept.withExternalId(s.externalId())).orElse(kept);
    }

    String destinationArn(String type, String id) {
        return QuickSightNames.arn(region, destinationAccountId, type, id);
    }

    String sourceArn(String type, String id) {
        return QuickSightNames.arn(region, sourceAccountId, type, id);
    }

    String groupArn() {
        return destinationArn("group", namespace + "/" + groupName);
    }

    String dataSourceArn() {
        return destinationArn("datasource", destinationDataSourceId);
    }

    /** Source dataset id -> destination dataset id, for every dataset the run moves. */
    Map<String, String> dataSetIdMapping() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        datasets.stream().filter(d -> d.moved() || d.action() == DataSetAction.VIA_BUNDLE)
                .forEach(d -> out.put(d.sourceId(), d.destinationId()));
        return out;
    }
}
