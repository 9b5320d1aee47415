package dev.ferry.quicksight.migration;

import java.util.List;

/** Names the quicksight-migration workflow owns: resource types, tags, ledger documents, service roles. */
final class QuickSightNames {
    static final String WORKFLOW = "quicksight-migration";

    /** Ledger resource types; each has its undoer (META-INF/services). */
    static final String DATA_SET = "quicksight:dataset";
    static final String DATA_SET_UPDATE = "quicksight:dataset-update";
    static final String DATA_SOURCE = "quicksight:datasource";
    static final String DATA_SOURCE_UPDATE = "quicksight:datasource-update";
    static final String DASHBOARD = "quicksight:dashboard";
    static final String ANALYSIS = "quicksight:analysis";
    static final String GROUP = "quicksight:group";
    static final String GROUP_MEMBERSHIP = "quicksight:group-membership";
    static final String USER = "quicksight:user";
    static final String INLINE_POLICY = "iam:role-inline-policy";
    static final String ARTEFACTS = "ferry:artefacts-file";
    /** An asset bundle import the run started: rollback waits for it to end before removing what it imported. */
    static final String IMPORT_JOB = "quicksight:asset-bundle-import-job";

    /** Tag Ferry puts on the data sources and datasets it creates. */
    static final String RUN_ID_TAG = "ferry:run-id";

    /** Ledger documents. */
    static final String DOC_FOUNDATION = "foundation";
    static final String DOC_VERIFICATION = "verification";
    static final String DOC_ARTEFACTS = "artefacts";
    static String docDataSet(String sourceId) {
        return "dataset#" + sourceId;
    }
    static String docSaved(String type, String id) {
        return "saved#" + type + "#" + id;
    }
    static String docBundle(int index) {
        return "bundle#" + index;
    }
    static String docBundleManifest(int index) {
        return "bundle-manifest#" + index;
    }
    /** How many times the run id was started again after a rollback. */
    static final String DOC_ATTEMPT = "attempt";

    /** The roles QuickSight reads secrets with; Ferry gives each that exists an inline policy for the run's secret. */
    static final List<String> SERVICE_ROLES = List.of("aws-quicksight-service-role-v0", "aws-quicksight-secretsmanager-role-v0");

    /** Everything a dataset's owner may do (what the console gives the owner). */
    static final List<String> DATA_SET_ACTIONS = List.of(
            "quicksight:DescribeDataSet", "quicksight:DescribeDataSetPermissions", "quicksight:PassDataSet",
            "quicksight:DescribeIngestion", "quicksight:ListIngestions", "quicksight:UpdateDataSet",
            "quicksight:DeleteDataSet", "quicksight:CreateIngestion", "quicksight:CancelIngestion",
            "quicksight:UpdateDataSetPermissions");
    /** Everything a data source's owner may do. */
    static final List<String> DATA_SOURCE_ACTIONS = List.of(
            "quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource",
            "quicksight:UpdateDataSource", "quicksight:DeleteDataSource", "quicksight:UpdateDataSourcePermissions");
    static final List<String> DASHBOARD_ACTIONS = List.of(
            "quicksight:DescribeDashboard", "quicksight:ListDashboardVersions", "quicksight:UpdateDashboardPermissions",
            "quicksight:QueryDashboard", "quicksight:UpdateDashboard", "quicksight:DeleteDashboard",
            "quicksight:DescribeDashboardPermissions", "quicksight:UpdateDashboardPublishedVersion");
    static final List<String> ANALYSIS_ACTIONS = List.of(
            "quicksight:RestoreAnalysis", "quicksight:UpdateAnalysisPermissions", "quicksight:DeleteAnalysis",
            "quicksight:DescribeAnalysisPermissions", "quicksight:QueryAnalysis", "quicksight:DescribeAnalysis",
            "quicksight:UpdateAnalysis");

    private QuickSightNames() {
    }

    static String arn(String region, String account, String type, String id) {
        return "arn:aws:quicksight:" + region + ":" + account + ":" + type + "/" + id;
    }

    /** The last path segment of an ARN: the resource id. */
    static String idOf(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
