package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.errors.FerryException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.util.Hashing;
import dev.ferry.quicksight.migration.MigrationPlan.PlannedBundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.AssetBundleExportFormat;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportFailureAction;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobAnalysisOverridePermissions;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobDashboardOverridePermissions;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobDataSetOverridePermissions;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobDataSourceCredentials;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobDataSourceOverrideParameters;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobDataSourceOverridePermissions;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobError;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobOverrideParameters;
import software.amazon.awssdk.services.quicksight.model.AssetBundleImportJobOverridePermissions;
import software.amazon.awssdk.services.quicksight.model.AssetBundleResourcePermissions;
import software.amazon.awssdk.services.quicksight.model.DescribeAssetBundleExportJobResponse;
import software.amazon.awssdk.services.quicksight.model.DescribeAssetBundleImportJobResponse;
import software.amazon.awssdk.services.quicksight.model.LimitExceededException;
import software.amazon.awssdk.services.quicksight.model.ResourceExistsException;
import software.amazon.awssdk.services.quicksight.model.SslProperties;
import software.amazon.awssdk.services.quicksight.model.VpcConnectionProperties;

/**
 * Step 4 of quicksight-migration, one asset bundle, one step per invocation (the state machine waits between
 * them, never a Lambda): start the export in the source ({@code IncludeAllDependencies}); once it succeeded,
 * check that QuickSight can use the secret and the VPC connection (the destination data source is created with
 * them, the VPC connection is available), record every resource of the bundle's manifest that the destination
 * lacks, and start the import ({@code OverrideParameters} pointing the data source at the destination's,
 * {@code OverridePermissions} for the group, {@code FailureAction: ROLLBACK}); once it ended, report its
 * {@code Errors} and {@code RollbackErrors} item by item, or diff the destination against the manifest.
 */
public final class BundleMover {
    private static final Logger LOG = LoggerFactory.getLogger(BundleMover.class);
    /** The most an import accepts inline ({@code AssetBundleImportSource.Body}). */
    static final int MAX_BUNDLE_BYTES = 20 * 1024 * 1024;

    /**
     * Where one bundle stands (the state carries it from step to step).
     *
     * @param step EXPORT, EXPORTING, IMPORTING or DONE
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(String runId, int bundle, String step, boolean done, int waitSeconds, List<String> manifest, String note) {
        Progress(String runId, int bundle, String step, boolean done, int waitSeconds, List<String> manifest) {
            this(runId, bundle, step, done, waitSeconds, manifest, null);
        }
    }

    private final Dependencies deps;
    private final QuickSightApi api;
    private final RunLedger ledger;

    BundleMover(Dependencies deps, RunLedger ledger) {
        this.deps = deps;
        this.api = new QuickSightApi(deps);
        this.ledger = ledger;
    }

    Progress step(String runId, int index, String step, List<dev.ferry.core.aws.Side> sides) {
        MigrationPlan plan = MigrationPlan.load(ledger, runId, sides);
        PlannedBundle bundle = plan.bundles().stream().filter(b -> b.index() == index).findFirst()
                .orElseThrow(() -> new FerryException("bundle " + index + " is not in the plan of run " + runId));
        Optional<Progress> finished = ledger.document(runId, QuickSightNames.docBundle(index), Progress.class);
        if (finished.isPresent()) {
            return finished.get(); // moved by an earlier execution of this run
        }
        int attempt = Foundation.attempt(ledger, runId);
        String exportId = jobId(runId, attempt, index, "export");
        String importId = jobId(runId, attempt, index, "import");
        QuickSightClient src = api.qs(plan.source());
        QuickSightClient dst = api.qs(plan.destination());
        String step0 = step == null ? "EXPORT" : step;
        if (step0.equals("EXPORT")) {
            List<String> arns = new ArrayList<>();
            bundle.dashboards().forEach(d -> arns.add(plan.sourceArn("dashboard", d)));
            bundle.analyses().forEach(a -> arns.add(plan.sourceArn("analysis", a)));
            bundle.dataSets().forEach(d -> arns.add(plan.sourceArn("dataset", d)));
            try {
                api.call("StartAssetBundleExportJob " + exportId, () -> src.startAssetBundleExportJob(b -> b
                        .awsAccountId(plan.sourceAccountId()).assetBundleExportJobId(exportId).resourceArns(arns)
                        .includeAllDependencies(true).exportFormat(AssetBundleExportFormat.QUICKSIGHT_JSON)));
            } catch (ResourceExistsException started) {
                LOG.debug("export {} was started by an earlier attempt", exportId);
            } catch (LimitExceededException busy) {
                LOG.info("the source runs as many export jobs as QuickSight allows; bundle {} waits", index);
                return new Progress(runId, index, "EXPORT", false, plan.pollSeconds(), null);
            }
            return new Progress(runId, index, "EXPORTING", false, plan.pollSeconds(), null);
        }
        if (step0.equals("EXPORTING")) {
            DescribeAssetBundleExportJobResponse job = api.call("DescribeAssetBundleExportJob " + exportId, () -> src
                    .describeAssetBundleExportJob(b -> b.awsAccountId(plan.sourceAccountId()).assetBundleExportJobId(exportId)));
            switch (job.jobStatusAsString()) {
                case "SUCCESSFUL" -> {
                    return startImport(plan, bundle, importId, download(job.downloadUrl(), exportId), dst);
                }
                case "FAILED" -> throw new FerryException("exporting " + bundle.describe() + " from the source failed (job " + exportId
                        + "): " + job.errors().stream().map(e -> e.type() + ": " + e.message()).toList()
                        + ". Fix: correct what the errors name in the source, then start the run again");
                default -> {
                    return new Progress(runId, index, "EXPORTING", false, plan.pollSeconds(), null);
                }
            }
        }
        DescribeAssetBundleImportJobResponse job = api.call("DescribeAssetBundleImportJob " + importId, () -> dst
                .describeAssetBundleImportJob(b -> b.awsAccountId(plan.destinationAccountId()).assetBundleImportJobId(importId)));
        String status = job.jobStatusAsString();
        if (status.equals("SUCCESSFUL")) {
            return finish(plan, bundle);
        }
        if (status.startsWith("FAILED")) {
            throw new FerryException("importing " + bundle.describe() + " into the destination ended " + status + " (job " + importId
                    + "). Errors: " + render(job.errors()) + (job.rollbackErrors().isEmpty() ? "" : ". RollbackErrors (QuickSight could "
                    + "not undo its import; these are left in the destination): " + render(job.rollbackErrors()))
                    + ". Fix: correct what the errors name (often a dataset or data source the bundle needs), then start the run again");
        }
        return new Progress(runId, index, "IMPORTING", false, plan.pollSeconds(), null);
    }

    private static String render(List<AssetBundleImportJobError> errors) {
        return errors.stream().map(e -> (e.arn() == null ? "" : e.arn() + " ") + e.type() + ": " + e.message()).toList().toString();
    }

    private Progress startImport(MigrationPlan plan, PlannedBundle bundle, String importId, byte[] body, QuickSightClient dst) {
        List<String> manifest = manifest(body);
        List<String> dataSources = manifest.stream().filter(e -> e.startsWith("datasource/")).map(e -> e.substring("datasource/".length())).toList();
        List<String> others = dataSources.stream().filter(d -> !d.equals(plan.dataSourceId())).toList();
        if (!bundle.discovered() && !others.isEmpty()) {
            // Validate refuses what it can see; a dataset DescribeDataSet refuses shows its data source only here
            throw new FerryException("not importing " + bundle.describe() + ": its exported asset bundle also brings data source(s) "
                    + String.join(", ", others) + " (through the datasets it uses), and the import could only give credentials to "
                    + plan.dataSourceId() + ". Nothing of it was imported. Fix: move data source(s) " + String.join(", ", others)
                    + " and their datasets first (a run with that dataSourceId), then this one by hand once all its data sources are "
                    + "in the destination; or leave it out of dashboards, analyses or datasets and start the run again");
        }
        if (bundle.discovered()) {
            if (!dataSources.equals(List.of(plan.dataSourceId()))) {
                Progress skipped = new Progress(plan.runId(), bundle.index(), "SKIPPED", true, 0, manifest, "not moved: its exported "
                        + "asset bundle shows it reads " + (dataSources.isEmpty() ? "no data source it could name" : "data source(s) "
                        + String.join(", ", dataSources)) + ", not only " + plan.dataSourceId() + " (this run moves the datasets of "
                        + plan.dataSourceId() + ")");
                ledger.putDocument(plan.runId(), QuickSightNames.docBundle(bundle.index()), skipped);
                LOG.info("bundle {} of run {} not imported: {}", bundle.index(), plan.runId(), skipped.note());
                return skipped;
            }
        }
        preflight(plan);
        for (String entry : manifest) {
            String kind = entry.substring(0, entry.indexOf('/'));
            String id = entry.substring(entry.indexOf('/') + 1);
            String type = ledgerType(kind);
            if (type == null) {
                continue;
            }
            String arn = plan.destinationArn(kind, id);
            // a record its rollback undid (ROLLED_BACK) does not count: created again, it is recorded again
            boolean recorded = live(plan.runId(), ResourceKeys.key(type, arn)) || live(plan.runId(), ResourceKeys.key(type + "-update", arn));
            if (!recorded && !exists(plan, kind, id)) {
                ledger.recordIntent(plan.runId(), ResourceKeys.key(type, arn), type, arn, plan.destination());
            }
        }
        String group = plan.groupArn();
        AssetBundleImportJobOverridePermissions permissions = AssetBundleImportJobOverridePermissions.builder()
                .dataSources(AssetBundleImportJobDataSourceOverridePermissions.builder().dataSourceIds("*")
                        .permissions(perms(group, QuickSightNames.DATA_SOURCE_ACTIONS)).build())
                .dataSets(AssetBundleImportJobDataSetOverridePermissions.builder().dataSetIds("*")
                        .permissions(perms(group, QuickSightNames.DATA_SET_ACTIONS)).build())
                .dashboards(AssetBundleImportJobDashboardOverridePermissions.builder().dashboardIds("*")
                        .permissions(perms(group, QuickSightNames.DASHBOARD_ACTIONS)).build())
                .analyses(AssetBundleImportJobAnalysisOverridePermissions.builder().analysisIds("*")
                        .permissions(perms(group, QuickSightNames.ANALYSIS_ACTIONS)).build())
                .build();
        AssetBundleImportJobOverrideParameters parameters = AssetBundleImportJobOverrideParameters.builder()
                .dataSources(AssetBundleImportJobDataSourceOverrideParameters.builder().dataSourceId(plan.dataSourceId())
                        .dataSourceParameters(Foundation.parameters(plan))
                        .vpcConnectionProperties(VpcConnectionProperties.builder().vpcConnectionArn(plan.vpcConnectionArn()).build())
                        .sslProperties(SslProperties.builder().disableSsl(false).build())
                        .credentials(AssetBundleImportJobDataSourceCredentials.builder().secretArn(plan.secretArn()).build())
                        .build())
                .build();
        String jobArn = plan.destinationArn("asset-bundle-import-job", importId);
        ledger.recordIntent(plan.runId(), ResourceKeys.key(QuickSightNames.IMPORT_JOB, jobArn), QuickSightNames.IMPORT_JOB, jobArn,
                plan.destination());
        try {
            api.call("StartAssetBundleImportJob " + importId, () -> dst.startAssetBundleImportJob(b -> b
                    .awsAccountId(plan.destinationAccountId()).assetBundleImportJobId(importId)
                    .assetBundleImportSource(s -> s.body(SdkBytes.fromByteArray(body)))
                    .overrideParameters(parameters).overridePermissions(permissions)
                    .failureAction(AssetBundleImportFailureAction.ROLLBACK)));
        } catch (ResourceExistsException started) {
            LOG.debug("import {} was started by an earlier attempt", importId);
        } catch (LimitExceededException busy) {
            LOG.info("the destination runs as many import jobs as QuickSight allows; bundle {} waits", bundle.index());
            return new Progress(plan.runId(), bundle.index(), "EXPORTING", false, plan.pollSeconds(), null);
        }
        ledger.putDocument(plan.runId(), QuickSightNames.docBundleManifest(bundle.index()), manifest);
        return new Progress(plan.runId(), bundle.index(), "IMPORTING", false, plan.pollSeconds(), null);
    }

    private boolean live(String runId, String key) {
        return ledger.resource(runId, key).map(r -> r.status() == ResourceStatus.CREATING || r.status() == ResourceStatus.CREATED)
                .orElse(false);
    }

    private static AssetBundleResourcePermissions perms(String principal, List<String> actions) {
        return AssetBundleResourcePermissions.builder().principals(principal).actions(actions).build();
    }

    /**
     * Before an import: QuickSight can use the secret (the data source made with it is created; the secret still exists and
     * is not scheduled for deletion) and the VPC connection is available. Throws, naming what to fix, before anything is imported.
     */
    private void preflight(MigrationPlan plan) {
        String status = api.dataSource(plan.destination(), plan.destinationAccountId(), plan.destinationDataSourceId())
                .map(d -> d.statusAsString()).orElse("MISSING");
        if (!status.endsWith("SUCCESSFUL")) {
            throw new FerryException("before importing, the destination data source " + plan.destinationDataSourceId() + " is " + status
                    + ", so QuickSight cannot use the secret and VPC connection yet. Fix: see the data source in the QuickSight console");
        }
        String secret = plan.secretArn();
        try {
            DescribeSecretResponse described = api.call("DescribeSecret " + secret, () -> deps.clients().client(plan.destination(),
                    SecretsManagerClient.class, SecretsManagerClient::builder).describeSecret(b -> b.secretId(secret)));
            if (described.deletedDate() != null) {
                throw new FerryException("before importing, the secret " + secret + " is scheduled for deletion (on " + described.deletedDate()
                        + "), so QuickSight cannot use it for the data source " + plan.destinationDataSourceId() + ". Nothing was imported. "
                        + "Fix: restore it (aws secretsmanager restore-secret --secret-id " + secret + "), then start the run again");
            }
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException gone) {
            throw new FerryException("before importing, the secret " + secret + " no longer exists, so QuickSight cannot use it for the "
                    + "data source " + plan.destinationDataSourceId() + ". Nothing was imported. Fix: create the database secret again "
                    + "and start a run with its ARN as secretArn");
        }
        String vpc = QuickSightNames.idOf(plan.vpcConnectionArn());
        String availability = api.find("DescribeVPCConnection " + vpc, () -> api.qs(plan.destination()).describeVPCConnection(b -> b
                .awsAccountId(plan.destinationAccountId()).vpcConnectionId(vpc)).vpcConnection().availabilityStatusAsString()).orElse("MISSING");
        if (!"AVAILABLE".equals(availability)) {
            throw new FerryException("before importing, the VPC connection " + vpc + " is " + availability
                    + ", so QuickSight cannot reach the database through it. Nothing was imported. Fix: repair it (Manage QuickSight "
                    + "-> Manage VPC connections: its subnets, security group and role), then start the run again");
        }
    }

    /** The ledger's resource type of a bundle manifest entry's kind ({@code dashboard/<id>}), or null for kinds no run records. */
    private static String ledgerType(String kind) {
        return switch (kind) {
            case "dashboard" -> QuickSightNames.DASHBOARD;
            case "analysis" -> QuickSightNames.ANALYSIS;
            case "dataset" -> QuickSightNames.DATA_SET;
            case "datasource" -> QuickSightNames.DATA_SOURCE;
            default -> null;
        };
    }

    private Progress finish(MigrationPlan plan, PlannedBundle bundle) {
        @SuppressWarnings("unchecked")
        List<String> manifest = ledger.document(plan.runId(), QuickSightNames.docBundleManifest(bundle.index()), List.class).orElse(List.of());
        List<String> missing = new ArrayList<>();
        for (String entry : manifest) {
            String kind = entry.substring(0, entry.indexOf('/'));
            String id = entry.substring(entry.indexOf('/') + 1);
            String type = ledgerType(kind);
            if (type == null) {
                continue;
            }
            if (!exists(plan, kind, id)) {
                missing.add(entry);
                continue;
            }
            String key = ResourceKeys.key(type, plan.destinationArn(kind, id));
            ledger.resource(plan.runId(), key).filter(r -> r.status() == ResourceStatus.CREATING)
                    .ifPresent(r -> ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED));
        }
        if (!missing.isEmpty()) {
            throw new FerryException("the import of " + bundle.describe() + " succeeded but the destination lacks " + missing
                    + " of the bundle's manifest. Fix: look for them in the QuickSight console, then start the run again");
        }
        Progress done = new Progress(plan.runId(), bundle.index(), "DONE", true, 0, manifest);
        ledger.putDocument(plan.runId(), QuickSightNames.docBundle(bundle.index()), done);
        LOG.info("bundle {} of run {} imported: {}", bundle.index(), plan.runId(), manifest);
        return done;
    }

    boolean exists(MigrationPlan plan, String kind, String id) {
        QuickSightClient dst = api.qs(plan.destination());
        String account = plan.destinationAccountId();
        return switch (kind) {
            case "dashboard" -> api.find("DescribeDashboard " + id, () -> dst.describeDashboard(b -> b.awsAccountId(account).dashboardId(id))).isPresent();
            case "analysis" -> api.find("DescribeAnalysis " + id, () -> dst.describeAnalysis(b -> b.awsAccountId(account).analysisId(id))).isPresent();
            case "datasource" -> api.dataSource(plan.destination(), account, id).isPresent();
            case "dataset" -> api.listDataSets(plan.destination(), account).stream().anyMatch(s -> s.dataSetId().equals(id));
            default -> false;
        };
    }

    /** {@code <kind>/<id>} of every resource in a bundle file (a zip of {@code <kind>/<id>.json} entries). */
    static List<String> manifest(byte[] bundle) {
        List<String> out = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                int slash = name.lastIndexOf('/');
                if (!e.isDirectory() && name.endsWith(".json") && slash > 0) {
                    String folder = name.substring(0, slash);
                    out.add(folder.substring(folder.lastIndexOf('/') + 1) + "/" + name.substring(slash + 1, name.length() - 5));
                }
            }
        } catch (IOException e) {
            throw new FerryException("the exported asset bundle is not a readable zip file (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** The bundle file from the export's download URL (a short-lived pre-signed HTTPS URL). */
    static byte[] download(String url, String jobId) {
        URI uri = URI.create(url);
        if (!"https".equals(uri.getScheme()) && !"file".equals(uri.getScheme())) {
            throw new FerryException("export job " + jobId + " gave a download URL that is not HTTPS: " + uri.getScheme());
        }
        try (InputStream in = uri.toURL().openStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BUNDLE_BYTES) {
                    throw new FerryException("the asset bundle of export job " + jobId + " is over 20 MB, the most an import "
                            + "takes inline. Fix: move fewer dashboards and analyses per run");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new dev.ferry.core.errors.TransientException("downloading the asset bundle of export job " + jobId + " failed ("
                    + e.getClass().getSimpleName() + "); the step is retried", e);
        }
    }

    /**
     * A job id unique to the run, its attempt and the bundle (QuickSight job ids: 1-512 of [\w-]): the same on every
     * retry of a step, so a start whose response was lost is found again; new when the run id is started again after
     * a rollback.
     */
    static String jobId(String runId, int attempt, int bundle, String kind) {
        return "ferry-" + Hashing.sha256Hex(runId).substring(0, 16) + (attempt == 0 ? "" : "-a" + attempt) + "-" + bundle + "-" + kind;
    }
}
