package dev.ferry.testkit.quicksight;

import dev.ferry.testkit.quicksight.FakeQuickSight.Account;
import dev.ferry.testkit.quicksight.FakeQuickSight.Asset;
import dev.ferry.testkit.quicksight.FakeQuickSight.BundleContent;
import dev.ferry.testkit.quicksight.FakeQuickSight.DataSourceState;
import dev.ferry.testkit.quicksight.FakeQuickSight.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.*;

/**
 * The SDK's {@link QuickSightClient} over a {@link FakeQuickSight}, acting as one account in one region.
 * Implements the calls a migration makes; any other call fails with UnsupportedOperationException, as
 * the interface's defaults do.
 */
public final class FakeQuickSightClient implements QuickSightClient {
    private final FakeQuickSight qs;
    private final String caller;
    private final String region;

    FakeQuickSightClient(FakeQuickSight qs, String caller, String region) {
        this.qs = qs;
        this.caller = caller;
        this.region = region;
    }

    private Account account(String op, String accountId, boolean mutating) {
        qs.enter(op, mutating);
        return qs.callerAccount(caller, accountId, region);
    }

    private static <T> Page<T> page(List<T> all, String token, int size) {
        int start = 0;
        if (token != null) {
            try {
                start = Integer.parseInt(token.substring("page-".length()));
            } catch (RuntimeException e) {
                throw FakeQuickSight.error(InvalidNextTokenException.builder(), 400, "InvalidNextTokenException",
                        "The NextToken is not valid.");
            }
        }
        int end = Math.min(all.size(), start + size);
        return new Page<>(List.copyOf(all.subList(Math.min(start, all.size()), end)), end < all.size() ? "page-" + end : null);
    }

    private record Page<T>(List<T> items, String next) {
    }

    // ------------------------------------------------------------------ account

    @Override
    public DescribeAccountSettingsResponse describeAccountSettings(DescribeAccountSettingsRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeAccountSettings", r.awsAccountId(), false);
            return DescribeAccountSettingsResponse.builder().status(200).accountSettings(AccountSettings.builder()
                    .accountName("account-" + a.id).edition(a.edition).defaultNamespace("default").build()).build();
        }
    }

    // ------------------------------------------------------------------ users, groups, memberships

    @Override
    public RegisterUserResponse registerUser(RegisterUserRequest r) {
        synchronized (qs.lock) {
            Account a = account("RegisterUser", r.awsAccountId(), true);
            if (r.email() == null || r.email().isBlank()) {
                throw FakeQuickSight.invalid("Email is required to register a user.");
            }
            String name = r.identityType() == IdentityType.IAM
                    ? iamName(r.iamArn()) + (r.sessionName() == null ? "" : "/" + r.sessionName())
                    : r.userName();
            if (a.users.containsKey(name)) {
                throw FakeQuickSight.exists("User " + name);
            }
            User user = User.builder().arn(a.userArn(r.namespace(), name)).userName(name).email(r.email())
                    .role(r.userRole()).identityType(r.identityType()).active(true).principalId("P" + name.hashCode()).build();
            a.users.put(name, user);
            return RegisterUserResponse.builder().status(201).user(user).build();
        }
    }

    private static String iamName(String iamArn) {
        if (iamArn == null || !iamArn.contains(":")) {
            throw FakeQuickSight.invalid("IamArn is required for an IAM identity.");
        }
        String resource = iamArn.substring(iamArn.lastIndexOf(':') + 1);
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    @Override
    public DescribeUserResponse describeUser(DescribeUserRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeUser", r.awsAccountId(), false);
            User u = a.users.get(r.userName());
            if (u == null) {
                throw FakeQuickSight.notFound("User " + r.userName());
            }
            return DescribeUserResponse.builder().status(200).user(u).build();
        }
    }

    @Override
    public ListUsersResponse listUsers(ListUsersRequest r) {
        synchronized (qs.lock) {
            Account a = account("ListUsers", r.awsAccountId(), false);
            Page<User> p = page(new ArrayList<>(a.users.values()), r.nextToken(), size(r.maxResults()));
            return ListUsersResponse.builder().status(200).userList(p.items()).nextToken(p.next()).build();
        }
    }

    @Override
    public DeleteUserResponse deleteUser(DeleteUserRequest r) {
        synchronized (qs.lock) {
            Account a = account("DeleteUser", r.awsAccountId(), true);
            if (a.users.remove(r.userName()) == null) {
                throw FakeQuickSight.notFound("User " + r.userName());
            }
            a.memberships.values().forEach(m -> m.remove(r.userName()));
            return DeleteUserResponse.builder().status(200).build();
        }
    }

    @Override
    public CreateGroupResponse createGroup(CreateGroupRequest r) {
        synchronized (qs.lock) {
            Account a = account("CreateGroup", r.awsAccountId(), true);
            if (a.groups.containsKey(r.groupName())) {
                throw FakeQuickSight.exists("Group " + r.groupName());
            }
            Group g = Group.builder().arn(a.groupArn(r.namespace(), r.groupName())).groupName(r.groupName())
                    .description(r.description()).principalId("G" + r.groupName().hashCode()).build();
            a.groups.put(r.groupName(), g);
            a.memberships.put(r.groupName(), new LinkedHashSet<>());
            return CreateGroupResponse.builder().status(201).group(g).build();
        }
    }

    @Override
    public DescribeGroupResponse describeGroup(DescribeGroupRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeGroup", r.awsAccountId(), false);
            Group g = a.groups.get(r.groupName());
            if (g == null) {
                throw FakeQuickSight.notFound("Group " + r.groupName());
            }
            return DescribeGroupResponse.builder().status(200).group(g).build();
        }
    }

    @Override
    public ListGroupsResponse listGroups(ListGroupsRequest r) {
        synchronized (qs.lock) {
            Account a = account("ListGroups", r.awsAccountId(), false);
            Page<Group> p = page(new ArrayList<>(a.groups.values()), r.nextToken(), size(r.maxResults()));
            return ListGroupsResponse.builder().status(200).groupList(p.items()).nextToken(p.next()).build();
        }
    }

    @Override
    public DeleteGroupResponse deleteGroup(DeleteGroupRequest r) {
        synchronized (qs.lock) {
            Account a = account("DeleteGroup", r.awsAccountId(), true);
            if (a.groups.remove(r.groupName()) == null) {
                throw FakeQuickSight.notFound("Group " + r.groupName());
            }
            a.memberships.remove(r.groupName());
            return DeleteGroupResponse.builder().status(200).build();
        }
    }

    @Override
    public CreateGroupMembershipResponse createGroupMembership(CreateGroupMembershipRequest r) {
        synchronized (qs.lock) {
            Account a = account("CreateGroupMembership", r.awsAccountId(), true);
            if (!a.groups.containsKey(r.groupName())) {
                throw FakeQuickSight.notFound("Group " + r.groupName());
            }
            if (!a.users.containsKey(r.memberName())) {
                throw FakeQuickSight.notFound("User " + r.memberName());
            }
            a.memberships.get(r.groupName()).add(r.memberName()); // adding a member twice is not an error
            return CreateGroupMembershipResponse.builder().status(200).groupMember(GroupMember.builder()
                    .memberName(r.memberName()).arn(a.userArn(r.namespace(), r.memberName())).build()).build();
        }
    }

    @Override
    public ListGroupMembershipsResponse listGroupMemberships(ListGroupMembershipsRequest r) {
        synchronized (qs.lock) {
            Account a = account("ListGroupMemberships", r.awsAccountId(), false);
            Set<String> members = a.memberships.get(r.groupName());
            if (members == null) {
                throw FakeQuickSight.notFound("Group " + r.groupName());
            }
            List<GroupMember> all = members.stream().map(m -> GroupMember.builder().memberName(m)
                    .arn(a.userArn(r.namespace(), m)).build()).toList();
            Page<GroupMember> p = page(all, r.nextToken(), size(r.maxResults()));
            return ListGroupMembershipsResponse.builder().status(200).groupMemberList(p.items()).nextToken(p.next()).build();
        }
    }

    @Override
    public DeleteGroupMembershipResponse deleteGroupMembership(DeleteGroupMembershipRequest r) {
        synchronized (qs.lock) {
            Account a = account("DeleteGroupMembership", r.awsAccountId(), true);
            Set<String> members = a.memberships.get(r.groupName());
            if (members == null || !members.remove(r.memberName())) {
                throw FakeQuickSight.notFound("Member " + r.memberName() + " of group " + r.groupName());
            }
            return DeleteGroupMembershipResponse.builder().status(200).build();
        }
    }

    // ------------------------------------------------------------------ data sources

    @Override
    public CreateDataSourceResponse createDataSource(CreateDataSourceRequest r) {
        synchronized (qs.lock) {
            Account a = account("CreateDataSource", r.awsAccountId(), true);
            DataSourceState current = a.dataSources.get(r.dataSourceId());
            if (current != null && current.dataSource.status() == ResourceStatus.CREATION_IN_PROGRESS) {
                throw qs.stillBeingCreated("DataSource " + r.dataSourceId());
            }
            if (current != null) {
                throw FakeQuickSight.exists("DataSource " + r.dataSourceId());
            }
            String arn = a.arn("datasource", r.dataSourceId());
            Instant now = Instant.now();
            DataSource ds = DataSource.builder().arn(arn).dataSourceId(r.dataSourceId()).name(r.name()).type(r.type())
                    .status(ResourceStatus.CREATION_IN_PROGRESS).createdTime(now).lastUpdatedTime(now)
                    .dataSourceParameters(r.dataSourceParameters()).vpcConnectionProperties(r.vpcConnectionProperties())
                    .sslProperties(r.sslProperties())
                    .secretArn(r.credentials() == null ? null : r.credentials().secretArn()).build();
            a.dataSources.put(r.dataSourceId(), new DataSourceState(ds, qs.dataSourcePolls, a.failingDataSources.remove(r.dataSourceId())));
            a.permissions.put(arn, r.hasPermissions() ? List.copyOf(r.permissions()) : List.of());
            a.tags.put(arn, r.hasTags() ? List.copyOf(r.tags()) : List.of());
            qs.answered("CreateDataSource");
            return CreateDataSourceResponse.builder().status(202).arn(arn).dataSourceId(r.dataSourceId())
                    .creationStatus(ResourceStatus.CREATION_IN_PROGRESS).build();
        }
    }

    @Override
    public UpdateDataSourceResponse updateDataSource(UpdateDataSourceRequest r) {
        synchronized (qs.lock) {
            Account a = account("UpdateDataSource", r.awsAccountId(), true);
            DataSourceState s = a.dataSources.get(r.dataSourceId());
            if (s == null) {
                throw FakeQuickSight.notFound("DataSource " + r.dataSourceId());
            }
            inProgressConflict(qs, s, r.dataSourceId());
            s.dataSource = s.dataSource.toBuilder().name(r.name()).dataSourceParameters(r.dataSourceParameters())
                    .vpcConnectionProperties(r.vpcConnectionProperties()).sslProperties(r.sslProperties())
                    .secretArn(r.credentials() == null ? s.dataSource.secretArn() : r.credentials().secretArn())
                    .status(ResourceStatus.UPDATE_IN_PROGRESS).lastUpdatedTime(Instant.now()).errorInfo((DataSourceErrorInfo) null).build();
            s.pollsLeft = qs.dataSourcePolls;
            return UpdateDataSourceResponse.builder().status(202).arn(s.dataSource.arn()).dataSourceId(r.dataSourceId())
                    .updateStatus(ResourceStatus.UPDATE_IN_PROGRESS).build();
        }
    }

    private static void inProgressConflict(FakeQuickSight qs, DataSourceState s, String id) {
        ResourceStatus st = s.dataSource.status();
        if (st == ResourceStatus.CREATION_IN_PROGRESS) {
            throw qs.stillBeingCreated("DataSource " + id);
        }
        if (st == ResourceStatus.UPDATE_IN_PROGRESS) {
            throw FakeQuickSight.conflict("DataSource " + id + " is " + st + "; try again once it is done.");
        }
    }

    @Override
    public DescribeDataSourceResponse describeDataSource(DescribeDataSourceRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeDataSource", r.awsAccountId(), false);
            DataSourceState s = a.dataSources.get(r.dataSourceId());
            if (s == null) {
                throw FakeQuickSight.notFound("DataSource " + r.dataSourceId());
            }
            advance(s);
            return DescribeDataSourceResponse.builder().status(200).dataSource(s.dataSource).build();
        }
    }

    private static void advance(DataSourceState s) {
        ResourceStatus st = s.dataSource.status();
        if (st != ResourceStatus.CREATION_IN_PROGRESS && st != ResourceStatus.UPDATE_IN_PROGRESS) {
            return;
        }
        if (s.pollsLeft-- > 0) {
            return;
        }
        boolean creating = st == ResourceStatus.CREATION_IN_PROGRESS;
        if (s.failure != null) {
            s.dataSource = s.dataSource.toBuilder()
                    .status(creating ? ResourceStatus.CREATION_FAILED : ResourceStatus.UPDATE_FAILED)
                    .errorInfo(DataSourceErrorInfo.builder().type(DataSourceErrorInfoType.ACCESS_DENIED).message(s.failure).build())
                    .build();
            s.failure = null;
        } else {
            s.dataSource = s.dataSource.toBuilder()
                    .status(creating ? ResourceStatus.CREATION_SUCCESSFUL : ResourceStatus.UPDATE_SUCCESSFUL).build();
        }
    }

    @Override
    public ListDataSourcesResponse listDataSources(ListDataSourcesRequest r) {
        synchronized (qs.lock) {
            Account a = account("ListDataSources", r.awsAccountId(), false);
            Page<DataSource> p = page(a.dataSources.values().stream().map(s -> s.dataSource).toList(), r.nextToken(),
                    size(r.maxResults()));
            return ListDataSourcesResponse.builder().status(200).dataSources(p.items()).nextToken(p.next()).build();
        }
    }

    @Override
    public DeleteDataSourceResponse deleteDataSource(DeleteDataSourceRequest r) {
        synchronized (qs.lock) {
            Account a = account("DeleteDataSource", r.awsAccountId(), true);
            DataSourceState s = a.dataSources.get(r.dataSourceId());
            if (s == null) {
                throw FakeQuickSight.notFound("DataSource " + r.dataSourceId());
            }
            inProgressConflict(qs, s, r.dataSourceId());
            a.dataSources.remove(r.dataSourceId());
            a.permissions.remove(s.dataSource.arn());
            a.tags.remove(s.dataSource.arn());
            return DeleteDataSourceResponse.builder().status(200).arn(s.dataSource.arn()).dataSourceId(r.dataSourceId()).build();
        }
    }

    @Override
    public DescribeDataSourcePermissionsResponse describeDataSourcePermissions(DescribeDataSourcePermissionsRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeDataSourcePermissions", r.awsAccountId(), false);
            DataSourceState s = a.dataSources.get(r.dataSourceId());
            if (s == null) {
                throw FakeQuickSight.notFound("DataSource " + r.dataSourceId());
            }
            return DescribeDataSourcePermissionsResponse.builder().status(200).dataSourceArn(s.dataSource.arn())
                    .dataSourceId(r.dataSourceId()).permissions(a.permissions.getOrDefault(s.dataSource.arn(), List.of())).build();
        }
    }

    @Override
    public UpdateDataSourcePermissionsResponse updateDataSourcePermissions(UpdateDataSourcePermissionsRequest r) {
        synchronized (qs.lock) {
            Account a = account("UpdateDataSourcePermissions", r.awsAccountId(), true);
            DataSourceState s = a.dataSources.get(r.dataSourceId());
            if (s == null) {
                throw FakeQuickSight.notFound("DataSource " + r.dataSourceId());
            }
            a.permissions.put(s.dataSource.arn(), apply(a, a.permissions.getOrDefault(s.dataSource.arn(), List.of()),
                    r.grantPermissions(), r.revokePermissions()));
            return UpdateDataSourcePermissionsResponse.builder().status(200).dataSourceArn(s.dataSource.arn()).build();
        }
    }

    // ------------------------------------------------------------------ data sets

    @Override
    public ListDataSetsResponse listDataSets(ListDataSetsRequest r) {
        synchronized (qs.lock) {
            Account a = account("ListDataSets", r.awsAccountId(), false);
            List<DataSetSummary> all = a.dataSets.values().stream().map(d -> DataSetSummary.builder().arn(d.arn())
                    .dataSetId(d.dataSetId()).name(d.name()).importMode(d.importMode()).createdTime(d.createdTime())
                    .lastUpdatedTime(d.lastUpdatedTime()).rowLevelPermissionDataSet(d.rowLevelPermissionDataSet()).build()).toList();
            Page<DataSetSummary> p = page(all, r.nextToken(), size(r.maxResults()));
            return ListDataSetsResponse.builder().status(200).dataSetSummaries(p.items()).nextToken(p.next()).build();
        }
    }

    @Override
    public DescribeDataSetResponse describeDataSet(DescribeDataSetRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeDataSet", r.awsAccountId(), false);
            DataSet d = a.dataSets.get(r.dataSetId());
            if (d == null) {
                throw FakeQuickSight.notFound("DataSet " + r.dataSetId());
            }
            qs.dataSetCall(a, r.dataSetId(), false);
            if (a.newExperienceDataSets.contains(r.dataSetId())) {
                throw FakeQuickSight.invalid("DescribeDataSet is not supported for this dataSet in new data preparation experience");
            }
            return DescribeDataSetResponse.builder().status(200).dataSet(d).build();
        }
    }

    @Override
    public CreateDataSetResponse createDataSet(CreateDataSetRequest r) {
        synchronized (qs.lock) {
            Account a = account("CreateDataSet", r.awsAccountId(), true);
            if (a.dataSets.containsKey(r.dataSetId())) {
                qs.dataSetCall(a, r.dataSetId(), true);
                throw FakeQuickSight.exists("DataSet " + r.dataSetId());
            }
            checkDefinition(a, r.physicalTableMap(), r.logicalTableMap(), r.rowLevelPermissionDataSet());
            Instant now = Instant.now();
            String arn = a.arn("dataset", r.dataSetId());
            a.dataSets.put(r.dataSetId(), DataSet.builder().arn(arn).dataSetId(r.dataSetId()).name(r.name())
                    .createdTime(now).lastUpdatedTime(now).physicalTableMap(r.physicalTableMap())
                    .logicalTableMap(r.logicalTableMap()).importMode(r.importMode()).columnGroups(r.columnGroups())
                    .fieldFolders(r.fieldFolders()).rowLevelPermissionDataSet(r.rowLevelPermissionDataSet())
                    .rowLevelPermissionTagConfiguration(r.rowLevelPermissionTagConfiguration())
                    .columnLevelPermissionRules(r.columnLevelPermissionRules())
                    .dataSetUsageConfiguration(r.dataSetUsageConfiguration()).datasetParameters(r.datasetParameters())
                    .outputColumns(outputColumns(r.logicalTableMap())).build());
            a.permissions.put(arn, r.hasPermissions() ? List.copyOf(r.permissions()) : List.of());
            a.tags.put(arn, r.hasTags() ? List.copyOf(r.tags()) : List.of());
            if (qs.dataSetCreationCalls > 0) {
                a.dataSetsBeingCreated.put(r.dataSetId(), qs.dataSetCreationCalls);
            }
            qs.answered("CreateDataSet");
            return CreateDataSetResponse.builder().status(201).arn(arn).dataSetId(r.dataSetId()).build();
        }
    }

    @Override
    public UpdateDataSetResponse updateDataSet(UpdateDataSetRequest r) {
        synchronized (qs.lock) {
            Account a = account("UpdateDataSet", r.awsAccountId(), true);
            DataSet d = a.dataSets.get(r.dataSetId());
            if (d == null) {
                throw FakeQuickSight.notFound("DataSet " + r.dataSetId());
            }
            qs.dataSetCall(a, r.dataSetId(), true);
            checkDefinition(a, r.physicalTableMap(), r.logicalTableMap(), r.rowLevelPermissionDataSet());
            a.dataSets.put(r.dataSetId(), d.toBuilder().name(r.name()).lastUpdatedTime(Instant.now())
                    .physicalTableMap(r.physicalTableMap()).logicalTableMap(r.logicalTableMap()).importMode(r.importMode())
                    .columnGroups(r.columnGroups()).fieldFolders(r.fieldFolders())
                    .rowLevelPermissionDataSet(r.rowLevelPermissionDataSet())
                    .rowLevelPermissionTagConfiguration(r.rowLevelPermissionTagConfiguration())
                    .columnLevelPermissionRules(r.columnLevelPermissionRules())
                    .dataSetUsageConfiguration(r.dataSetUsageConfiguration()).datasetParameters(r.datasetParameters())
                    .outputColumns(outputColumns(r.logicalTableMap())).build());
            return UpdateDataSetResponse.builder().status(201).arn(d.arn()).dataSetId(r.dataSetId()).build();
        }
    }

    /** What CreateDataSet / UpdateDataSet check: the data sources exist here, calculated columns the database accepts. */
    private static void checkDefinition(Account a, Map<String, PhysicalTable> physical, Map<String, LogicalTable> logical,
                                        RowLevelPermissionDataSet rls) {
        for (PhysicalTable t : physical.values()) {
            String ds = t.relationalTable() != null ? t.relationalTable().dataSourceArn()
                    : t.customSql() != null ? t.customSql().dataSourceArn() : null;
            if (ds != null && (!ds.startsWith(a.arn("datasource", "")) || !a.dataSources.containsKey(ds.substring(ds.lastIndexOf('/') + 1)))) {
                throw FakeQuickSight.invalid("The data source " + ds + " does not exist in account " + a.id + ".");
            }
        }
        if (rls != null && rls.arn() != null && !a.dataSets.containsKey(rls.arn().substring(rls.arn().lastIndexOf('/') + 1))) {
            throw FakeQuickSight.invalid("The row-level permission dataset " + rls.arn() + " does not exist.");
        }
        List<String> rejected = new ArrayList<>();
        for (LogicalTable t : logical.values()) {
            for (TransformOperation op : t.dataTransforms()) {
                if (op.createColumnsOperation() != null) {
                    op.createColumnsOperation().columns().stream().map(CalculatedColumn::columnName)
                            .filter(a.rejectedColumns::contains).forEach(rejected::add);
                }
            }
        }
        if (!rejected.isEmpty()) {
            throw FakeQuickSight.invalid("calculated columns " + rejected + " are invalid: the expression does not "
                    + "validate against the data source's schema.");
        }
    }

    private static List<OutputColumn> outputColumns(Map<String, LogicalTable> logical) {
        List<OutputColumn> out = new ArrayList<>();
        for (LogicalTable t : logical.values()) {
            for (TransformOperation op : t.dataTransforms()) {
                if (op.createColumnsOperation() != null) {
                    op.createColumnsOperation().columns().forEach(c -> out.add(OutputColumn.builder().name(c.columnName()).build()));
                }
            }
        }
        return out;
    }

    @Override
    public DeleteDataSetResponse deleteDataSet(DeleteDataSetRequest r) {
        synchronized (qs.lock) {
            Account a = account("DeleteDataSet", r.awsAccountId(), true);
            if (a.dataSets.containsKey(r.dataSetId())) {
                qs.dataSetCall(a, r.dataSetId(), true);
            }
            DataSet d = a.dataSets.remove(r.dataSetId());
            if (d == null) {
                throw FakeQuickSight.notFound("DataSet " + r.dataSetId());
            }
            a.newExperienceDataSets.remove(r.dataSetId());
            a.permissions.remove(d.arn());
            a.tags.remove(d.arn());
            return DeleteDataSetResponse.builder().status(200).arn(d.arn()).dataSetId(r.dataSetId()).build();
        }
    }

    @Override
    public DescribeDataSetPermissionsResponse describeDataSetPermissions(DescribeDataSetPermissionsRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeDataSetPermissions", r.awsAccountId(), false);
            DataSet d = a.dataSets.get(r.dataSetId());
            if (d == null) {
                throw FakeQuickSight.notFound("DataSet " + r.dataSetId());
            }
            qs.dataSetCall(a, r.dataSetId(), false);
            return DescribeDataSetPermissionsResponse.builder().status(200).dataSetArn(d.arn()).dataSetId(d.dataSetId())
                    .permissions(a.permissions.getOrDefault(d.arn(), List.of())).build();
        }
    }

    @Override
    public UpdateDataSetPermissionsResponse updateDataSetPermissions(UpdateDataSetPermissionsRequest r) {
        synchronized (qs.lock) {
            Account a = account("UpdateDataSetPermissions", r.awsAccountId(), true);
            DataSet d = a.dataSets.get(r.dataSetId());
            if (d == null) {
                throw FakeQuickSight.notFound("DataSet " + r.dataSetId());
            }
            qs.dataSetCall(a, r.dataSetId(), true);
            a.permissions.put(d.arn(), apply(a, a.permissions.getOrDefault(d.arn(), List.of()), r.grantPermissions(),
                    r.revokePermissions()));
            return UpdateDataSetPermissionsResponse.builder().status(200).dataSetArn(d.arn()).dataSetId(d.dataSetId()).build();
        }
    }

    /** Grants then revokes; a principal that is no user or group of the account is refused, as QuickSight does. */
    private static List<ResourcePermission> apply(Account a, List<ResourcePermission> current, List<ResourcePermission> grant,
                                                  List<ResourcePermission> revoke) {
        Map<String, Set<String>> byPrincipal = new LinkedHashMap<>();
        current.forEach(p -> byPrincipal.computeIfAbsent(p.principal(), k -> new LinkedHashSet<>()).addAll(p.actions()));
        for (ResourcePermission p : grant) {
            checkPrincipal(a, p.principal());
            byPrincipal.computeIfAbsent(p.principal(), k -> new LinkedHashSet<>()).addAll(p.actions());
        }
        for (ResourcePermission p : revoke) {
            Set<String> actions = byPrincipal.get(p.principal());
            if (actions != null) {
                actions.removeAll(p.actions());
                if (actions.isEmpty()) {
                    byPrincipal.remove(p.principal());
                }
            }
        }
        List<ResourcePermission> out = new ArrayList<>();
        byPrincipal.forEach((principal, actions) -> out.add(ResourcePermission.builder().principal(principal)
                .actions(List.copyOf(actions)).build()));
        return out;
    }

    private static void checkPrincipal(Account a, String principal) {
        boolean known = a.users.values().stream().anyMatch(u -> u.arn().equals(principal))
                || a.groups.values().stream().anyMatch(g -> g.arn().equals(principal));
        if (!known) {
            throw FakeQuickSight.invalid("Principal " + principal + " is not a user or group of account " + a.id + ".");
        }
    }

    // ------------------------------------------------------------------ tags

    @Override
    public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest r) {
        synchronized (qs.lock) {
            qs.enter("ListTagsForResource", false);
            Account a = accountOf(r.resourceArn());
            List<Tag> tags = a.tags.get(r.resourceArn());
            if (tags == null) {
                throw FakeQuickSight.notFound("Resource " + r.resourceArn());
            }
            return ListTagsForResourceResponse.builder().status(200).tags(tags).build();
        }
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest r) {
        synchronized (qs.lock) {
            qs.enter("TagResource", true);
            Account a = accountOf(r.resourceArn());
            List<Tag> tags = a.tags.get(r.resourceArn());
            if (tags == null) {
                throw FakeQuickSight.notFound("Resource " + r.resourceArn());
            }
            Map<String, Tag> merged = new LinkedHashMap<>();
            tags.forEach(t -> merged.put(t.key(), t));
            r.tags().forEach(t -> merged.put(t.key(), t));
            a.tags.put(r.resourceArn(), List.copyOf(merged.values()));
            return TagResourceResponse.builder().status(200).build();
        }
    }

    private Account accountOf(String arn) {
        String[] parts = arn.split(":");
        if (parts.length < 6) {
            throw FakeQuickSight.invalid("Not an ARN: " + arn);
        }
        return qs.callerAccount(caller, parts[4], parts[3]);
    }

    // ------------------------------------------------------------------ VPC connections

    @Override
    public DescribeVpcConnectionResponse describeVPCConnection(DescribeVpcConnectionRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeVPCConnection", r.awsAccountId(), false);
            if (!a.vpcConnections.contains(r.vpcConnectionId())) {
                throw FakeQuickSight.notFound("VPCConnection " + r.vpcConnectionId());
            }
            return DescribeVpcConnectionResponse.builder().status(200).vpcConnection(VPCConnection.builder()
                    .vpcConnectionId(r.vpcConnectionId()).arn(a.arn("vpcConnection", r.vpcConnectionId()))
                    .status(VPCConnectionResourceStatus.CREATION_SUCCESSFUL)
                    .availabilityStatus(a.unavailableVpcConnections.contains(r.vpcConnectionId())
                            ? VPCConnectionAvailabilityStatus.UNAVAILABLE : VPCConnectionAvailabilityStatus.AVAILABLE).build()).build();
        }
    }

    // ------------------------------------------------------------------ dashboards and analyses

    @Override
    public DescribeDashboardResponse describeDashboard(DescribeDashboardRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeDashboard", r.awsAccountId(), false);
            Asset d = a.dashboards.get(r.dashboardId());
            if (d == null) {
                throw FakeQuickSight.notFound("Dashboard " + r.dashboardId());
            }
            return DescribeDashboardResponse.builder().status(200).dashboard(Dashboard.builder().dashboardId(d.id())
                    .arn(a.arn("dashboard", d.id())).name(d.name()).lastUpdatedTime(d.lastUpdated())
                    .version(DashboardVersion.builder().versionNumber(d.version()).status(ResourceStatus.CREATION_SUCCESSFUL)
                            .dataSetArns(d.dataSetIds().stream().map(id -> a.arn("dataset", id)).toList()).build()).build()).build();
        }
    }

    @Override
    public DescribeAnalysisResponse describeAnalysis(DescribeAnalysisRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeAnalysis", r.awsAccountId(), false);
            Asset d = a.analyses.get(r.analysisId());
            if (d == null) {
                throw FakeQuickSight.notFound("Analysis " + r.analysisId());
            }
            return DescribeAnalysisResponse.builder().status(200).analysis(Analysis.builder().analysisId(d.id())
                    .arn(a.arn("analysis", d.id())).name(d.name()).lastUpdatedTime(d.lastUpdated())
                    .status(ResourceStatus.CREATION_SUCCESSFUL)
                    .dataSetArns(d.dataSetIds().stream().map(id -> a.arn("dataset", id)).toList()).build()).build();
        }
    }

    @Override
    public DeleteDashboardResponse deleteDashboard(DeleteDashboardRequest r) {
        synchronized (qs.lock) {
            Account a = account("DeleteDashboard", r.awsAccountId(), true);
            if (a.dashboards.remove(r.dashboardId()) == null) {
                throw FakeQuickSight.notFound("Dashboard " + r.dashboardId());
            }
            a.permissions.remove(a.arn("dashboard", r.dashboardId()));
            return DeleteDashboardResponse.builder().status(200).dashboardId(r.dashboardId()).build();
        }
    }

    @Override
    public DeleteAnalysisResponse deleteAnalysis(DeleteAnalysisRequest r) {
        synchronized (qs.lock) {
            Account a = account("DeleteAnalysis", r.awsAccountId(), true);
            if (a.analyses.remove(r.analysisId()) == null) {
                throw FakeQuickSight.notFound("Analysis " + r.analysisId());
            }
            a.permissions.remove(a.arn("analysis", r.analysisId()));
            return DeleteAnalysisResponse.builder().status(200).analysisId(r.analysisId()).build();
        }
    }

    // ------------------------------------------------------------------ asset bundles

    @Override
    public StartAssetBundleExportJobResponse startAssetBundleExportJob(StartAssetBundleExportJobRequest r) {
        synchronized (qs.lock) {
            Account a = account("StartAssetBundleExportJob", r.awsAccountId(), true);
            if (a.exportJobs.containsKey(r.assetBundleExportJobId())) {
                throw FakeQuickSight.exists("AssetBundleExportJob " + r.assetBundleExportJobId());
            }
            if (a.exportJobs.values().stream().filter(j -> !j.status.startsWith("SUCCESSFUL") && !j.status.startsWith("FAILED")).count() >= 5) {
                throw FakeQuickSight.error(LimitExceededException.builder(), 409, "LimitExceededException",
                        "At most 5 asset bundle export jobs may run at once in an account.");
            }
            Map<String, DataSource> sources = new LinkedHashMap<>();
            Map<String, DataSet> sets = new LinkedHashMap<>();
            Map<String, Asset> dashboards = new LinkedHashMap<>();
            Map<String, Asset> analyses = new LinkedHashMap<>();
            for (String arn : r.resourceArns()) {
                String id = arn.substring(arn.lastIndexOf('/') + 1);
                String kind = arn.substring(arn.lastIndexOf(':') + 1, arn.lastIndexOf('/'));
                switch (kind) {
                    case "dashboard" -> dashboards.put(id, require(a.dashboards.get(id), arn));
                    case "analysis" -> analyses.put(id, require(a.analyses.get(id), arn));
                    case "dataset" -> sets.put(id, require(a.dataSets.get(id), arn));
                    default -> throw FakeQuickSight.invalid("Resource " + arn + " cannot be exported in this bundle.");
                }
            }
            if (Boolean.TRUE.equals(r.includeAllDependencies())) {
                List<Asset> all = new ArrayList<>(dashboards.values());
                all.addAll(analyses.values());
                all.forEach(asset -> asset.dataSetIds().forEach(id -> sets.putIfAbsent(id, a.dataSets.get(id))));
                for (DataSet d : sets.values()) {
                    if (d == null) {
                        continue;
                    }
                    for (PhysicalTable t : d.physicalTableMap().values()) {
                        String ds = t.relationalTable() != null ? t.relationalTable().dataSourceArn()
                                : t.customSql() != null ? t.customSql().dataSourceArn() : null;
                        if (ds != null) {
                            String dsId = ds.substring(ds.lastIndexOf('/') + 1);
                            DataSourceState s = a.dataSources.get(dsId);
                            if (s != null) {
                                sources.put(dsId, s.dataSource);
                            }
                        }
                    }
                }
                sets.values().removeIf(java.util.Objects::isNull);
            }
            String jobId = r.assetBundleExportJobId();
            Job job = new Job(jobId, a.arn("asset-bundle-export-job", jobId), qs.jobPolls);
            List<String> errors = List.copyOf(a.nextExportErrors);
            a.nextExportErrors.clear();
            BundleContent content = new BundleContent(a.id, sources, sets, dashboards, analyses);
            job.onSuccess = () -> {
                if (errors.isEmpty()) {
                    job.downloadUrl = qs.writeBundle(jobId, content);
                } else {
                    job.status = "FAILED";
                    job.errors = errors;
                }
            };
            a.exportJobs.put(jobId, job);
            return StartAssetBundleExportJobResponse.builder().status(202).arn(job.arn).assetBundleExportJobId(jobId).build();
        }
    }

    private static <T> T require(T value, String arn) {
        if (value == null) {
            throw FakeQuickSight.notFound("Resource " + arn);
        }
        return value;
    }

    @Override
    public DescribeAssetBundleExportJobResponse describeAssetBundleExportJob(DescribeAssetBundleExportJobRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeAssetBundleExportJob", r.awsAccountId(), false);
            Job job = a.exportJobs.get(r.assetBundleExportJobId());
            if (job == null) {
                throw FakeQuickSight.notFound("AssetBundleExportJob " + r.assetBundleExportJobId());
            }
            List.copyOf(a.exportJobs.values()).forEach(FakeQuickSightClient::step); // jobs run side by side: each describe is time passing for all
            return DescribeAssetBundleExportJobResponse.builder().status(200).arn(job.arn).assetBundleExportJobId(job.id)
                    .awsAccountId(a.id).jobStatus(job.status).downloadUrl(job.downloadUrl)
                    .errors(job.errors.stream().map(m -> AssetBundleExportJobError.builder().type("EXPORT_ERROR").message(m).build()).toList())
                    .build();
        }
    }

    private static void step(Job job) {
        if (job.status.startsWith("SUCCESSFUL") || job.status.startsWith("FAILED")) {
            return;
        }
        job.status = "IN_PROGRESS";
        if (job.pollsLeft-- > 0) {
            return;
        }
        job.status = "SUCCESSFUL";
        job.onSuccess.run();
    }

    @Override
    public StartAssetBundleImportJobResponse startAssetBundleImportJob(StartAssetBundleImportJobRequest r) {
        synchronized (qs.lock) {
            Account a = account("StartAssetBundleImportJob", r.awsAccountId(), true);
            if (a.importJobs.containsKey(r.assetBundleImportJobId())) {
                throw FakeQuickSight.exists("AssetBundleImportJob " + r.assetBundleImportJobId());
            }
            if (a.importJobs.values().stream().filter(j -> !j.status.startsWith("SUCCESSFUL") && !j.status.startsWith("FAILED")).count() >= 5) {
                throw FakeQuickSight.error(LimitExceededException.builder(), 409, "LimitExceededException",
                        "At most 5 asset bundle import jobs may run at once in an account.");
            }
            BundleContent content = r.assetBundleImportSource() == null || r.assetBundleImportSource().body() == null ? null
                    : qs.bundle(r.assetBundleImportSource().body().asByteArray());
            if (content == null) {
                throw FakeQuickSight.invalid("The asset bundle is not a valid QuickSight bundle file.");
            }
            String jobId = r.assetBundleImportJobId();
            Job job = new Job(jobId, a.arn("asset-bundle-import-job", jobId), qs.jobPolls);
            List<String> errors = List.copyOf(a.nextImportErrors);
            List<String> rollbackErrors = List.copyOf(a.nextImportRollbackErrors);
            a.nextImportErrors.clear();
            a.nextImportRollbackErrors.clear();
            job.onSuccess = () -> {
                if (!errors.isEmpty()) {
                    job.errors = errors;
                    job.rollbackErrors = rollbackErrors;
                    job.status = r.failureAction() == AssetBundleImportFailureAction.ROLLBACK
                            ? (rollbackErrors.isEmpty() ? "FAILED_ROLLBACK_COMPLETED" : "FAILED_ROLLBACK_ERROR") : "FAILED";
                    return;
                }
                importContent(a, content, r);
            };
            a.importJobs.put(jobId, job);
            return StartAssetBundleImportJobResponse.builder().status(202).arn(job.arn).assetBundleImportJobId(jobId).build();
        }
    }

    /** Creates or overwrites every resource of the bundle, with the import's overrides applied. */
    private static void importContent(Account a, BundleContent content, StartAssetBundleImportJobRequest r) {
        AssetBundleImportJobOverrideParameters over = r.overrideParameters();
        Map<String, AssetBundleImportJobDataSourceOverrideParameters> dsOver = new LinkedHashMap<>();
        if (over != null) {
            over.dataSources().forEach(p -> dsOver.put(p.dataSourceId(), p));
        }
        Function<String, String> toHere = arn -> arn == null ? null
                : a.arn(arn.substring(arn.lastIndexOf(':') + 1, arn.lastIndexOf('/')), arn.substring(arn.lastIndexOf('/') + 1));
        Instant now = Instant.now();
        content.dataSources().forEach((id, ds) -> {
            AssetBundleImportJobDataSourceOverrideParameters p = dsOver.get(id);
            DataSource.Builder b = ds.toBuilder().arn(a.arn("datasource", id)).status(ResourceStatus.CREATION_SUCCESSFUL)
                    .lastUpdatedTime(now);
            if (p != null) {
                b.dataSourceParameters(p.dataSourceParameters()).vpcConnectionProperties(p.vpcConnectionProperties())
                        .sslProperties(p.sslProperties())
                        .secretArn(p.credentials() == null ? null : p.credentials().secretArn());
            }
            DataSourceState existing = a.dataSources.get(id);
            if (existing != null) {
                existing.dataSource = b.createdTime(existing.dataSource.createdTime()).build();
            } else {
                a.dataSources.put(id, new DataSourceState(b.createdTime(now).build(), 0, null));
                a.tags.put(a.arn("datasource", id), List.of());
            }
        });
        content.dataSets().forEach((id, d) -> {
            Map<String, PhysicalTable> physical = new LinkedHashMap<>();
            d.physicalTableMap().forEach((k, t) -> physical.put(k, t.toBuilder()
                    .relationalTable(t.relationalTable() == null ? null : t.relationalTable().toBuilder()
                            .dataSourceArn(toHere.apply(t.relationalTable().dataSourceArn())).build())
                    .customSql(t.customSql() == null ? null : t.customSql().toBuilder()
                            .dataSourceArn(toHere.apply(t.customSql().dataSourceArn())).build()).build()));
            DataSet existing = a.dataSets.get(id);
            a.dataSets.put(id, d.toBuilder().arn(a.arn("dataset", id)).physicalTableMap(physical)
                    .rowLevelPermissionDataSet(d.rowLevelPermissionDataSet() == null ? null : d.rowLevelPermissionDataSet()
                            .toBuilder().arn(toHere.apply(d.rowLevelPermissionDataSet().arn())).build())
                    .createdTime(existing != null ? existing.createdTime() : now).lastUpdatedTime(now).build());
            a.tags.putIfAbsent(a.arn("dataset", id), List.of());
        });
        content.dashboards().forEach((id, d) -> a.dashboards.put(id, new Asset(id, d.name(), d.dataSetIds(),
                a.dashboards.containsKey(id) ? a.dashboards.get(id).version() + 1 : 1, now)));
        content.analyses().forEach((id, d) -> a.analyses.put(id, new Asset(id, d.name(), d.dataSetIds(),
                a.analyses.containsKey(id) ? a.analyses.get(id).version() + 1 : 1, now)));
        AssetBundleImportJobOverridePermissions perms = r.overridePermissions();
        if (perms != null) {
            perms.dataSets().forEach(p -> p.dataSetIds().forEach(id -> setPermissions(a, a.arn("dataset", id), p.permissions())));
            perms.dataSources().forEach(p -> p.dataSourceIds().forEach(id -> setPermissions(a, a.arn("datasource", id), p.permissions())));
            perms.dashboards().forEach(p -> p.dashboardIds().forEach(id -> setPermissions(a, a.arn("dashboard", id), p.permissions())));
            perms.analyses().forEach(p -> p.analysisIds().forEach(id -> setPermissions(a, a.arn("analysis", id), p.permissions())));
        }
    }

    private static void setPermissions(Account a, String arn, AssetBundleResourcePermissions p) {
        a.permissions.put(arn, p.principals().stream().map(pr -> ResourcePermission.builder().principal(pr)
                .actions(p.actions()).build()).toList());
    }

    @Override
    public DescribeAssetBundleImportJobResponse describeAssetBundleImportJob(DescribeAssetBundleImportJobRequest r) {
        synchronized (qs.lock) {
            Account a = account("DescribeAssetBundleImportJob", r.awsAccountId(), false);
            Job job = a.importJobs.get(r.assetBundleImportJobId());
            if (job == null) {
                throw FakeQuickSight.notFound("AssetBundleImportJob " + r.assetBundleImportJobId());
            }
            List.copyOf(a.importJobs.values()).forEach(FakeQuickSightClient::step); // jobs run side by side: each describe is time passing for all
            return DescribeAssetBundleImportJobResponse.builder().status(200).arn(job.arn).assetBundleImportJobId(job.id)
                    .awsAccountId(a.id).jobStatus(job.status)
                    .errors(job.errors.stream().map(m -> AssetBundleImportJobError.builder().type("IMPORT_ERROR").message(m).build()).toList())
                    .rollbackErrors(job.rollbackErrors.stream().map(m -> AssetBundleImportJobError.builder().type("ROLLBACK_ERROR")
                            .message(m).build()).toList())
                    .build();
        }
    }

    private int size(Integer max) {
        return max == null ? qs.pageSize : Math.min(max, qs.pageSize);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
