package dev.ferry.testkit.quicksight;

import dev.ferry.testkit.FakeStsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.quicksight.model.CalculatedColumn;
import software.amazon.awssdk.services.quicksight.model.ColumnGroup;
import software.amazon.awssdk.services.quicksight.model.CreateColumnsOperation;
import software.amazon.awssdk.services.quicksight.model.CustomSql;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.DataSetImportMode;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.DataSourceParameters;
import software.amazon.awssdk.services.quicksight.model.DataSourceType;
import software.amazon.awssdk.services.quicksight.model.GeoSpatialColumnGroup;
import software.amazon.awssdk.services.quicksight.model.Group;
import software.amazon.awssdk.services.quicksight.model.IdentityType;
import software.amazon.awssdk.services.quicksight.model.InputColumn;
import software.amazon.awssdk.services.quicksight.model.LogicalTable;
import software.amazon.awssdk.services.quicksight.model.LogicalTableSource;
import software.amazon.awssdk.services.quicksight.model.PhysicalTable;
import software.amazon.awssdk.services.quicksight.model.RelationalTable;
import software.amazon.awssdk.services.quicksight.model.ResourcePermission;
import software.amazon.awssdk.services.quicksight.model.ResourceStatus;
import software.amazon.awssdk.services.quicksight.model.RowLevelPermissionDataSet;
import software.amazon.awssdk.services.quicksight.model.RowLevelPermissionPolicy;
import software.amazon.awssdk.services.quicksight.model.Tag;
import software.amazon.awssdk.services.quicksight.model.TransformOperation;
import software.amazon.awssdk.services.quicksight.model.User;
import software.amazon.awssdk.services.quicksight.model.UserRole;

/**
 * A source QuickSight account ready to migrate, for tests and {@code ferry demo quicksight}: an Aurora PostgreSQL
 * data source {@value #DATA_SOURCE} with 25 datasets (20 DIRECT_QUERY ones of it, three of them custom SQL and
 * one with row-level security through a rules dataset that is also moved; 3 SPICE ones, skipped; 1 of another
 * data source and 1 of the new data-preparation experience, not moved), 3 dashboards and 2 analyses; and a destination account with Enterprise edition, the
 * VPC connection, QuickSight's service roles and an Analysts group.
 */
public final class QuickSightSamples {
    public static final String REGION = "us-east-1";
    public static final String SOURCE_ACCOUNT = "111122223333";
    public static final String DESTINATION_ACCOUNT = "444455556666";
    public static final String SOURCE_ROLE = "arn:aws:iam::" + SOURCE_ACCOUNT + ":role/ferry-quicksight-source";
    public static final String DESTINATION_ROLE = "arn:aws:iam::" + DESTINATION_ACCOUNT + ":role/ferry-quicksight-destination";
    public static final String EXTERNAL_ID = "ferry-demo-external-id";
    public static final String DATA_SOURCE = "autoplan_db";
    public static final String SECRET_ARN = "arn:aws:secretsmanager:" + REGION + ":" + DESTINATION_ACCOUNT
            + ":secret:AuroraV2DBCredentials-AbCdEf";
    public static final String VPC_CONNECTION_ID = "367359c6-ede2-4122-b295-d94dd651930c";
    public static final String VPC_CONNECTION_ARN = "arn:aws:quicksight:" + REGION + ":" + DESTINATION_ACCOUNT + ":vpcConnection/"
            + VPC_CONNECTION_ID;
    /** DIRECT_QUERY datasets of the data source that the run moves (the RLS rules dataset among them). */
    public static final int MOVED = 20;
    public static final List<String> SPICE = List.of("spice-sales", "spice-stock", "spice-web");
    public static final List<String> CUSTOM_SQL = List.of("orders-by-day", "late-shipments", "top-customers");
    public static final String RLS_RULES = "rls-rules";
    /** A dataset of the new data-preparation experience: DescribeDataSet refuses it. */
    public static final String NEW_EXPERIENCE = "prepared-sales";
    public static final String WITH_RLS = "regional-sales";
    public static final List<String> DASHBOARDS = List.of("sales-overview", "operations", "executive");
    public static final List<String> ANALYSES = List.of("sales-analysis", "ops-analysis");

    /** Every fake a run needs: QuickSight, IAM per account, SSM and STS. */
    public static final class Fakes {
        public final FakeQuickSight quickSight;
        public final FakeIamClient sourceIam = new FakeIamClient(SOURCE_ACCOUNT);
        public final FakeIamClient destinationIam = new FakeIamClient(DESTINATION_ACCOUNT);
        public final FakeSsmClient ssm = new FakeSsmClient();
        public final dev.ferry.testkit.FakeSecretsManagerClient sourceSecrets = new dev.ferry.testkit.FakeSecretsManagerClient(
                REGION, SOURCE_ACCOUNT);
        /** The destination's Secrets Manager, holding the database secret the data source is made with. */
        public final dev.ferry.testkit.FakeSecretsManagerClient destinationSecrets = new dev.ferry.testkit.FakeSecretsManagerClient(
                REGION, DESTINATION_ACCOUNT).seed(SECRET_ARN, "{\"username\": \"quicksight\", \"password\": \"demo-only\"}", null);
        public final FakeStsClient assumeRole = new FakeStsClient().allow(SOURCE_ROLE, EXTERNAL_ID).allow(DESTINATION_ROLE, EXTERNAL_ID);

        Fakes(FakeQuickSight quickSight) {
            this.quickSight = quickSight;
        }

        /** The account a side's role belongs to (no role: the destination, as a profile there would). */
        public static String accountOf(String roleArn) {
            return roleArn == null ? DESTINATION_ACCOUNT : roleArn.split(":")[4];
        }

        public FakeQuickSightClient quickSight(String roleArn, String region) {
            return quickSight.client(accountOf(roleArn), region == null ? REGION : region);
        }

        public FakeIamClient iam(String roleArn) {
            return accountOf(roleArn).equals(SOURCE_ACCOUNT) ? sourceIam : destinationIam;
        }

        /** Secrets Manager as seen from a side: the destination's holds the database secret, the source's nothing. */
        public dev.ferry.testkit.FakeSecretsManagerClient secrets(String roleArn) {
            return accountOf(roleArn).equals(SOURCE_ACCOUNT) ? sourceSecrets : destinationSecrets;
        }

        /** STS as seen from a side: GetCallerIdentity answers the assumed role's session. */
        public FakeStsClient sts(String roleArn) {
            String arn = roleArn == null ? "arn:aws:iam::" + DESTINATION_ACCOUNT + ":user/migration-admin"
                    : "arn:aws:sts::" + accountOf(roleArn) + ":assumed-role/" + roleArn.substring(roleArn.lastIndexOf('/') + 1)
                    + "/ferry-1a2b3c4d";
            return new FakeStsClient().callerArn(arn);
        }

        public FakeQuickSight.Account source() {
            return quickSight.account(SOURCE_ACCOUNT, REGION);
        }

        public FakeQuickSight.Account destination() {
            return quickSight.account(DESTINATION_ACCOUNT, REGION);
        }
    }

    private QuickSightSamples() {
    }

    /** Both accounts, populated. */
    public static Fakes create(Path bundleDir) {
        Fakes f = new Fakes(new FakeQuickSight(bundleDir));
        FakeQuickSight.Account src = f.source();
        FakeQuickSight.Account dst = f.destination();
        String dsArn = src.arn("datasource", DATA_SOURCE);
        src.dataSources.put(DATA_SOURCE, new FakeQuickSight.DataSourceState(DataSource.builder().arn(dsArn).dataSourceId(DATA_SOURCE)
                .name("Autoplan (Aurora PostgreSQL)").type(DataSourceType.AURORA_POSTGRESQL).status(ResourceStatus.CREATION_SUCCESSFUL)
                .dataSourceParameters(DataSourceParameters.builder().auroraPostgreSqlParameters(p -> p
                        .host("autoplan.cluster-abc.us-east-1.rds.amazonaws.com").port(5432).database("autoplan")).build())
                .build(), 0, null));
        String otherArn = src.arn("datasource", "other_db");
        src.dataSources.put("other_db", new FakeQuickSight.DataSourceState(DataSource.builder().arn(otherArn).dataSourceId("other_db")
                .name("Athena").type(DataSourceType.ATHENA).status(ResourceStatus.CREATION_SUCCESSFUL).build(), 0, null));
        Group analysts = Group.builder().groupName("Analysts").arn(src.groupArn("default", "Analysts")).build();
        src.groups.put("Analysts", analysts);
        src.memberships.put("Analysts", new java.util.LinkedHashSet<>());
        User alice = User.builder().userName("alice").arn(src.userArn("default", "alice")).email("alice@example.com")
                .identityType(IdentityType.QUICKSIGHT).role(UserRole.AUTHOR).active(true).build();
        src.users.put("alice", alice);

        List<String> relational = new ArrayList<>();
        for (int i = 0; relational.size() < MOVED - CUSTOM_SQL.size() - 2; i++) {
            relational.add("dataset-" + (i < 10 ? "0" : "") + i);
        }
        src.putDataSet(rlsRules(dsArn));
        for (String id : relational) {
            src.putDataSet(relationalDataSet(id, dsArn, DataSetImportMode.DIRECT_QUERY, relational.indexOf(id) % 4 == 0));
        }
        src.putDataSet(relationalDataSet(WITH_RLS, dsArn, DataSetImportMode.DIRECT_QUERY, false).toBuilder()
                .rowLevelPermissionDataSet(RowLevelPermissionDataSet.builder().arn(src.arn("dataset", RLS_RULES)).namespace("default")
                        .permissionPolicy(RowLevelPermissionPolicy.GRANT_ACCESS).formatVersion("VERSION_2").build()).build());
        for (String id : CUSTOM_SQL) {
            src.putDataSet(customSqlDataSet(id, dsArn));
        }
        for (String id : SPICE) {
            src.putDataSet(relationalDataSet(id, dsArn, DataSetImportMode.SPICE, false));
        }
        src.putDataSet(relationalDataSet("athena-logs", otherArn, DataSetImportMode.DIRECT_QUERY, false));
        src.putDataSet(relationalDataSet(NEW_EXPERIENCE, dsArn, DataSetImportMode.DIRECT_QUERY, false));
        src.newExperienceDataSets.add(NEW_EXPERIENCE);
        for (String id : src.dataSets.keySet()) {
            String arn = src.arn("dataset", id);
            src.permissions.put(arn, List.of(
                    ResourcePermission.builder().principal(analysts.arn()).actions("quicksight:DescribeDataSet", "quicksight:PassDataSet",
                            "quicksight:DescribeDataSetPermissions").build(),
                    ResourcePermission.builder().principal(alice.arn()).actions("quicksight:DescribeDataSet").build()));
            src.tags.put(arn, List.of(Tag.builder().key("team").value("planning").build()));
        }
        src.putAsset("dashboard", "sales-overview", "Sales overview", List.of("dataset-00", WITH_RLS));
        src.putAsset("dashboard", "operations", "Operations", List.of("dataset-01", "late-shipments"));
        src.putAsset("dashboard", "executive", "Executive summary", List.of("dataset-02", "orders-by-day", "top-customers"));
        src.putAsset("analysis", "sales-analysis", "Sales analysis", List.of("dataset-00", "dataset-03"));
        src.putAsset("analysis", "ops-analysis", "Operations analysis", List.of("dataset-04"));

        dst.vpcConnections.add(VPC_CONNECTION_ID);
        dst.groups.put("Analysts", Group.builder().groupName("Analysts").arn(dst.groupArn("default", "Analysts")).build());
        dst.memberships.put("Analysts", new java.util.LinkedHashSet<>());
        f.destinationIam.role("aws-quicksight-service-role-v0", "/service-role/")
                .role("aws-quicksight-secretsmanager-role-v0", "/service-role/")
                .role("ferry-quicksight-destination", "/");
        return f;
    }

    /** The principal map a run of the samples uses: the source's Analysts group to the destination's. */
    public static String principalMapJson() {
        return "{\"arn:aws:quicksight:" + REGION + ":" + SOURCE_ACCOUNT + ":group/default/Analysts\": "
                + "\"arn:aws:quicksight:" + REGION + ":" + DESTINATION_ACCOUNT + ":group/default/Analysts\"}";
    }

    private static DataSet rlsRules(String dsArn) {
        return DataSet.builder().dataSetId(RLS_RULES).name("Row-level rules").importMode(DataSetImportMode.DIRECT_QUERY)
                .physicalTableMap(java.util.Map.of("rules", PhysicalTable.builder().relationalTable(RelationalTable.builder()
                        .dataSourceArn(dsArn).schema("security").name("region_rules").inputColumns(
                                InputColumn.builder().name("UserName").type("STRING").build(),
                                InputColumn.builder().name("region").type("STRING").build()).build()).build()))
                .logicalTableMap(java.util.Map.of("rules", LogicalTable.builder().alias("rules")
                        .source(LogicalTableSource.builder().physicalTableId("rules").build()).build()))
                .build();
    }

    private static DataSet relationalDataSet(String id, String dsArn, DataSetImportMode mode, boolean calculated) {
        LogicalTable.Builder logical = LogicalTable.builder().alias(id).source(LogicalTableSource.builder().physicalTableId("t").build());
        if (calculated) {
            logical.dataTransforms(TransformOperation.builder().createColumnsOperation(CreateColumnsOperation.builder().columns(
                    CalculatedColumn.builder().columnName("margin").columnId("margin-" + id).expression("{revenue} - {cost}").build())
                    .build()).build());
        }
        return DataSet.builder().dataSetId(id).name("Dataset " + id).importMode(mode)
                .physicalTableMap(java.util.Map.of("t", PhysicalTable.builder().relationalTable(RelationalTable.builder()
                        .dataSourceArn(dsArn).schema("public").name(id.replace('-', '_')).inputColumns(
                                InputColumn.builder().name("region").type("STRING").build(),
                                InputColumn.builder().name("revenue").type("DECIMAL").build(),
                                InputColumn.builder().name("cost").type("DECIMAL").build()).build()).build()))
                .logicalTableMap(java.util.Map.of("l", logical.build()))
                .columnGroups(ColumnGroup.builder().geoSpatialColumnGroup(GeoSpatialColumnGroup.builder().name("geo")
                        .columns("region").countryCode("US").build()).build())
                .build();
    }

    private static DataSet customSqlDataSet(String id, String dsArn) {
        return DataSet.builder().dataSetId(id).name("Custom SQL " + id).importMode(DataSetImportMode.DIRECT_QUERY)
                .physicalTableMap(java.util.Map.of("q", PhysicalTable.builder().customSql(CustomSql.builder().dataSourceArn(dsArn)
                        .name(id).sqlQuery("SELECT region, SUM(amount) AS revenue FROM orders GROUP BY region")
                        .columns(InputColumn.builder().name("region").type("STRING").build(),
                                InputColumn.builder().name("revenue").type("DECIMAL").build()).build()).build()))
                .logicalTableMap(java.util.Map.of("l", LogicalTable.builder().alias(id)
                        .source(LogicalTableSource.builder().physicalTableId("q").build()).build()))
                .build();
    }

    /** The input of a run over the samples (dashboards and analyses included), as JSON text. */
    public static String input(String runId, String artefacts) {
        return """
                {%s"region": "%s",
                 "source": {"accountId": "%s", "roleArn": "%s", "externalId": "%s"},
                 "destination": {"accountId": "%s", "roleArn": "%s", "externalId": "%s"},
                 "dataSourceId": "%s",
                 "secretArn": "%s",
                 "vpcConnectionArn": "%s",
                 "groupName": "Admins",
                 "adminEmail": "quicksight-admin@example.com",
                 "principalMap": %s,
                 "dashboards": ["sales-overview", "operations", "executive"],
                 "analyses": ["sales-analysis", "ops-analysis"]%s}
                """.formatted(runId == null ? "" : "\"runId\": \"" + runId + "\",\n ", REGION, SOURCE_ACCOUNT, SOURCE_ROLE, EXTERNAL_ID,
                DESTINATION_ACCOUNT, DESTINATION_ROLE, EXTERNAL_ID, DATA_SOURCE, SECRET_ARN, VPC_CONNECTION_ARN, principalMapJson(),
                artefacts == null ? "" : ",\n \"artefacts\": \"" + artefacts + "\"");
    }
}
