package dev.ferry.postgres.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.dynamodb.FerryTags;
import dev.ferry.core.dynamodb.Ownership;
import dev.ferry.core.dynamodb.Segments;
import dev.ferry.core.errors.ConflictException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.postgres.source.Catalog;
import dev.ferry.postgres.source.SourceDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Step 2 of postgres-to-dynamodb: resolves the tables against the catalog, orders them by their foreign keys,
 * cuts each into key ranges of about equal size (one pass over its primary key index), records the database's
 * clock (the next incremental run's watermark), and creates the target tables (on-demand, with the keys and
 * indexes the input gives; recorded in the ledger BEFORE CreateTable) or checks that existing ones can be
 * reused. Idempotent: a resumed run keeps its first key ranges.
 */
public final class PgPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(PgPreparer.class);
    /** Where the watermarks of a migration's runs are kept: the ledger partition {@code sync#<syncId>}. */
    public static final String SYNC_PREFIX = "sync#";
    public static final String WATERMARKS = "watermarks";

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final long safetyMarginMillis;
    private final int mapConcurrency;

    /** @param ledger the run ledger; null for a dry run, which writes nothing */
    public PgPreparer(Dependencies deps, RunLedger ledger) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.safetyMarginMillis = deps.safetyMarginMillis();
        this.mapConcurrency = deps.mapConcurrency();
    }

    /** The last successful run's watermark of a migration ({@code startedAt}), if any. */
    public record Watermarks(String runId, String startedAt) {
    }

    public Prepared prepare(PgPlan plan, Context context) {
        if (!plan.dryRun()) {
            ledger.startOrResume(plan.runId(), PgValidator.WORKFLOW, plan.inputHash());
        }
        PreparedRun run = plan.dryRun() ? null : ledger.document(plan.runId(), PreparedRun.DOCUMENT, PreparedRun.class).orElse(null);
        if (run == null) {
            run = resolve(plan);
        }
        List<ResolvedTable> tables = new ArrayList<>();
        Map<String, String> actions = new LinkedHashMap<>();
        for (ResolvedTable t : run.tables()) {
            String action;
            Boolean hadItems = t.targetHadItems();
            if (t.isSecret()) {
                action = "SECRETS";
            } else if (actions.containsKey(t.target())) {
                action = actions.get(t.target());
            } else if (plan.dryRun() || plan.driftCheck()) {
                boolean exists = DynamoDbTables.find(calls, clients.dynamo(plan.destination()), t.target()).isPresent();
                action = plan.driftCheck() ? "COMPARED" : exists ? "WOULD_REUSE" : "WOULD_CREATE";
            } else {
                TargetState state = ensureTarget(plan, t, run.tables(), context);
                action = state.action();
                hadItems = hadItems != null ? hadItems : state.hadItems();
            }
            actions.putIfAbsent(t.isSecret() ? "" : t.target(), action);
            tables.add(new ResolvedTable(t.index(), t.source(), t.schema(), t.target(), t.columns(), t.keyColumns(), t.keyTypes(),
                    t.partitionKey(), t.sortKey(), t.indexes(), t.idColumn(), t.idNamespace(), t.rewrites(), t.references(),
                    t.tenantColumn(), t.watermarkColumn(), t.secret(), t.estimatedRows(), t.segments(), t.boundaries(), action,
                    hadItems, t.warnings()));
        }
        PreparedRun prepared = new PreparedRun(plan, tables, run.levels(), run.startedAt(), run.since());
        if (!plan.dryRun()) {
            ledger.putDocument(plan.runId(), PreparedRun.DOCUMENT, prepared);
        }
        List<Prepared.Level> levels = new ArrayList<>();
        List<Unit> all = new ArrayList<>();
        for (List<String> level : prepared.levels()) {
            List<Unit> units = new ArrayList<>();
            for (String name : level) {
                ResolvedTable t = tables.stream().filter(x -> x.source().equals(name)).findFirst().orElseThrow();
                int concurrency = Math.max(1, Math.min(t.segments(), mapConcurrency));
                for (int r = 0; r < t.segments(); r++) {
                    units.add(new Unit(Unit.id(t.index(), r), t.index(), r, t.segments(), concurrency));
                }
            }
            levels.add(new Prepared.Level(units));
            all.addAll(units);
        }
        LOG.info("prepared run {}: {} table(s) in {} level(s), {} unit(s)", plan.runId(), tables.size(), levels.size(), all.size());
        return new Prepared(plan.runId(), plan.mode(), plan.dryRun(), levels, all);
    }

    /** A dry run's tables as Prepare sees them (counts, ranges, what would happen to each target), writing nothing. */
    public PreparedRun resolveForReport(PgPlan plan) {
        PreparedRun run = resolve(plan);
        List<ResolvedTable> tables = new ArrayList<>();
        for (ResolvedTable t : run.tables()) {
            String action = t.isSecret() ? "SECRETS" : DynamoDbTables.find(calls, clients.dynamo(plan.destination()), t.target()).isPresent()
                    ? "WOULD_REUSE" : "WOULD_CREATE";
            tables.add(new ResolvedTable(t.index(), t.source(), t.schema(), t.target(), t.columns(), t.keyColumns(), t.keyTypes(),
                    t.partitionKey(), t.sortKey(), t.indexes(), t.idColumn(), t.idNamespace(), t.rewrites(), t.references(),
                    t.tenantColumn(), t.watermarkColumn(), t.secret(), t.estimatedRows(), t.segments(), t.boundaries(), action,
                    null, t.warnings()));
        }
        return new PreparedRun(plan, tables, run.levels(), run.startedAt(), run.since());
    }

    /** The first Prepare of a run: catalog, order, counts and key ranges, the clock. */
    private PreparedRun resolve(PgPlan plan) {
        SourceDatabase db = new SourceDatabase(plan.source(), clients, calls);
        try (Connection c = db.open()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            List<String> names = plan.tables().stream().map(PgPlan.TableSpec::source).toList();
            Map<String, Catalog.Table> catalog = Catalog.read(c, plan.source().schema(), names);
            List<Problem> problems = new ArrayList<>();
            List<ResolvedTable> resolved = new Resolver(plan, catalog, problems).resolve();
            if (!problems.isEmpty()) {
                throw new ConflictException("the database changed since Validate: " + problems.stream().map(Problem::toString).toList());
            }
            List<List<String>> levels;
            if (plan.options().order() != null) {
                levels = plan.options().order().stream().map(List::of).toList();
            } else {
                LoadOrder.Result order = LoadOrder.of(names, catalog);
                if (order.cycle() != null) {
                    throw new ConflictException("the foreign keys form a cycle (" + order.cycle() + "); give options.order");
                }
                levels = order.levels();
            }
            String startedAt;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT now()")) {
                rs.next();
                startedAt = rs.getObject(1, java.time.OffsetDateTime.class).toInstant().toString();
            }
            List<ResolvedTable> out = new ArrayList<>();
            for (ResolvedTable t : resolved) {
                PgPlan.TableSpec spec = plan.tables().get(t.index());
                long rows = count(c, t);
                int segments = spec.segments() != null ? spec.segments()
                        : plan.options().segments() != null ? plan.options().segments() : Segments.automatic(rows, 0);
                segments = (int) Math.max(1, Math.min(segments, Math.max(1, rows)));
                List<List<String>> boundaries = boundaries(c, t, rows, segments);
                List<String> warnings = new ArrayList<>();
                if (t.watermarkColumn() == null && !t.isSecret()) {
                    warnings.add("no watermark column: rows changed during the run cannot be told from lost ones, and incremental "
                            + "runs must compare every row of this table");
                }
                out.add(new ResolvedTable(t.index(), t.source(), t.schema(), t.target(), t.columns(), t.keyColumns(), t.keyTypes(),
                        t.partitionKey(), t.sortKey(), t.indexes(), t.idColumn(), t.idNamespace(), t.rewrites(), t.references(),
                        t.tenantColumn(), t.watermarkColumn(), t.secret(), rows, boundaries.size() + 1, boundaries, null, null, warnings));
            }
            c.rollback();
            String since = null;
            if (plan.incremental()) {
                Watermarks last = ledger == null ? null : ledger.document(SYNC_PREFIX + plan.syncId(), WATERMARKS, Watermarks.class).orElse(null);
                if (last != null) {
                    since = Instant.parse(last.startedAt()).minus(Duration.ofSeconds(plan.options().overlapSeconds())).toString();
                }
            }
            return new PreparedRun(plan, out, levels, startedAt, since);
        } catch (SQLException e) {
            throw SourceDatabase.failure("preparing the run", e);
        }
    }

    private static long count(Connection c, ResolvedTable t) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t.qualified())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The upper key of each range but the last: every {@code rows/segments}-th key in key order. */
    private static List<List<String>> boundaries(Connection c, ResolvedTable t, long rows, int segments) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        if (segments <= 1 || rows <= 1) {
            return out;
        }
        long step = (rows + segments - 1) / segments;
        String keyText = String.join(", ", t.keyColumns().stream().map(k -> ResolvedTable.quote(k) + "::text").toList());
        try (PreparedStatement p = c.prepareStatement("SELECT " + keyText + " FROM (SELECT " + String.join(", ",
                t.keyColumns().stream().map(ResolvedTable::quote).toList()) + ", row_number() OVER (ORDER BY " + String.join(", ",
                t.keyColumns().stream().map(ResolvedTable::quote).toList()) + ") AS ferry_rn FROM " + t.qualified()
                + ") ranked WHERE ferry_rn % ? = 0 ORDER BY ferry_rn")) {
            p.setLong(1, step);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next() && out.size() < segments - 1) {
                    List<String> key = new ArrayList<>();
                    for (int i = 1; i <= t.keyColumns().size(); i++) {
                        key.add(rs.getString(i));
                    }
                    out.add(key);
                }
            }
        }
        if (!out.isEmpty() && out.size() * step >= rows) {
            out.remove(out.size() - 1); // the last boundary would leave the last range empty
        }
        return out;
    }

    private record TargetState(String action, Boolean hadItems) {
    }

    /** Creates the target (recorded first), or finds it reusable: never touches one it may not. */
    private TargetState ensureTarget(PgPlan plan, ResolvedTable t, List<ResolvedTable> all, Context context) {
        DynamoDbClient ddb = clients.dynamo(plan.destination());
        String key = DynamoDbTables.resourceKey(plan.destination(), t.target());
        ResourceRecord record = ledger.resource(plan.runId(), key).orElse(null);
        if (record != null && record.status() == ResourceStatus.PREEXISTING) {
            return new TargetState("REUSED", null);
        }
        TableDescription existing = DynamoDbTables.find(calls, ddb, t.target()).orElse(null);
        boolean ours = existing != null && record != null && Ownership.createdByRun(calls, ddb, existing, plan.runId(), record.recordedAt());
        if (existing != null && !ours) {
            if (plan.full() && "fail".equals(plan.options().ifTargetExists())) {
                throw new ConflictException("target table " + t.target() + " was created by someone else after Validate; it is left "
                        + "alone. Re-run with another target or options.ifTargetExists \"reuse-if-compatible\"");
            }
            ledger.recordIntent(plan.runId(), key, DynamoDbTables.RESOURCE_TYPE, t.target(), plan.destination());
            ledger.setResourceStatus(plan.runId(), key, ResourceStatus.PREEXISTING);
            boolean hadItems = DynamoDbTables.hasItems(calls, ddb, t.target());
            return new TargetState("REUSED", hadItems);
        }
        if (existing == null) {
            ResourceRecord intent = ledger.recordIntent(plan.runId(), key, DynamoDbTables.RESOURCE_TYPE, t.target(), plan.destination());
            try {
                calls.run("CreateTable " + t.target(), () -> ddb.createTable(creation(plan, t, all)));
            } catch (ResourceInUseException raced) {
                TableDescription now = DynamoDbTables.find(calls, ddb, t.target()).orElseThrow();
                if (!Ownership.createdByRun(calls, ddb, now, plan.runId(), intent.recordedAt())) {
                    ledger.setResourceStatus(plan.runId(), key, ResourceStatus.PREEXISTING);
                    throw new ConflictException("target table " + t.target() + " was created by someone else while this run was "
                            + "preparing it; it is left alone. Re-run with another target name.");
                }
            }
        }
        DynamoDbTables.waitActive(calls, ddb, t.target(), Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis() - safetyMarginMillis)));
        if (record == null || record.status() != ResourceStatus.CREATED) {
            ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
            LOG.info("created table {} in {}", t.target(), plan.destination().describe());
        }
        return new TargetState("CREATED", false);
    }

    /** CreateTable: on-demand, the items' keys, the indexes of every table loading into it, tagged with the run id. */
    private static CreateTableRequest creation(PgPlan plan, ResolvedTable t, List<ResolvedTable> all) {
        Map<String, String> types = new LinkedHashMap<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(t.partitionKey().attribute()).keyType(KeyType.HASH).build());
        types.put(t.partitionKey().attribute(), t.partitionKey().type());
        if (t.sortKey() != null) {
            keys.add(KeySchemaElement.builder().attributeName(t.sortKey().attribute()).keyType(KeyType.RANGE).build());
            types.put(t.sortKey().attribute(), t.sortKey().type());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ResolvedTable s : all) {
            if (!t.target().equals(s.target())) {
                continue;
            }
            for (PgPlan.IndexSpec ix : s.indexes()) {
                if (!names.add(ix.name())) {
                    continue;
                }
                List<KeySchemaElement> ixKeys = new ArrayList<>();
                ixKeys.add(KeySchemaElement.builder().attributeName(ix.partitionKey()).keyType(KeyType.HASH).build());
                types.putIfAbsent(ix.partitionKey(), attributeType(s, ix.partitionKey()));
                if (ix.sortKey() != null) {
                    ixKeys.add(KeySchemaElement.builder().attributeName(ix.sortKey()).keyType(KeyType.RANGE).build());
                    types.putIfAbsent(ix.sortKey(), attributeType(s, ix.sortKey()));
                }
                indexes.add(GlobalSecondaryIndex.builder().indexName(ix.name()).keySchema(ixKeys)
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build());
            }
        }
        List<AttributeDefinition> definitions = new ArrayList<>();
        types.forEach((name, type) -> definitions.add(AttributeDefinition.builder().attributeName(name).attributeType(type).build()));
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(t.target()).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys).attributeDefinitions(definitions)
                .tags(Tag.builder().key(FerryTags.RUN_ID).value(plan.runId()).build(),
                        Tag.builder().key("ferry:source").value(plan.source().schema() + "." + t.source()).build());
        if (!indexes.isEmpty()) {
            b.globalSecondaryIndexes(indexes);
        }
        return b.build();
    }

    private static String attributeType(ResolvedTable t, String attribute) {
        if (attribute.equals(t.partitionKey().attribute())) {
            return t.partitionKey().type();
        }
        for (ResolvedTable.Col c : t.columns()) {
            if (attribute.equals(c.attribute())) {
                String type = c.name().equals(t.idColumn()) || t.rewrites().containsKey(c.name()) ? "S" : c.kind().dynamoType();
                return type.equals("N") || type.equals("B") ? type : "S";
            }
        }
        return "S";
    }
}
