package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.ConflictException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.dynamodb.support.Aws;
import dev.ferry.dynamodb.support.Tables;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Step 2 of dynamodb-table-copy: creates each destination table with the source's full schema
 * (or checks that an existing one is compatible), then TTL and point-in-time recovery once it is
 * ACTIVE, and cuts the copy into units. Every table it creates is recorded in the ledger BEFORE
 * the CreateTable call. Idempotent: a retry or a resumed run picks up where it stopped.
 */
public final class TablePreparer {
    public static final String TABLE_TYPE = "dynamodb:table";
    private static final Logger LOG = LoggerFactory.getLogger(TablePreparer.class);

    private final ClientFactory clients;
    private final RunLedger ledger;
    private final long safetyMarginMillis;
    private final int mapConcurrency;

    public TablePreparer(ClientFactory clients, RunLedger ledger, long safetyMarginMillis, int mapConcurrency) {
        this.clients = clients;
        this.ledger = ledger;
        this.safetyMarginMillis = safetyMarginMillis;
        this.mapConcurrency = mapConcurrency;
    }

    /** Ledger key of a destination table. */
    public static String resourceKey(Side side, String table) {
        return TABLE_TYPE + ":" + (side.region() == null ? "default" : side.region()) + ":"
                + (side.roleArn() == null ? "caller" : side.roleArn()) + ":" + table;
    }

    public PreparedCopy prepare(CopyPlan plan, Context context) {
        if (!plan.dryRun()) {
            ledger.startOrResume(plan.runId(), CopyValidator.WORKFLOW, plan.inputHash());
        }
        DynamoDbClient src = clients.dynamo(plan.source());
        DynamoDbClient dst = clients.dynamo(plan.destination());
        // a resumed run keeps what its first Prepare decided: above all the segment count, which
        // the checkpoints' unit ids depend on (DescribeTable's size estimate may have changed since)
        List<PreparedCopy.PreparedTable> before = plan.dryRun() ? List.of()
                : ledger.document(plan.runId(), "prepared", PreparedCopy.class).map(PreparedCopy::tables).orElse(List.of());
        List<PreparedCopy.PreparedTable> tables = new ArrayList<>();
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < plan.tables().size(); i++) {
            CopyPlan.TablePair pair = plan.tables().get(i);
            PreparedCopy.PreparedTable previous = i < before.size() && before.get(i).source().equals(pair.source())
                    && before.get(i).destination().equals(pair.destination()) ? before.get(i) : null;
            TableDescription source = describe(src, pair.source(), "source");
            int segments = previous != null ? previous.segments() : Segments.choose(plan.options().segments(), source);
            PreparedCopy.PreparedTable table = plan.dryRun()
                    ? planOnly(plan, i, pair, source, dst, segments)
                    : merge(previous, ensureDestination(plan, i, pair, source, src, dst, segments, context));
            tables.add(table);
            int concurrency = Math.max(1, Math.min(segments, mapConcurrency));
            for (int s = 0; s < segments; s++) {
                units.add(new Unit(Unit.id(i, s), i, pair.source(), pair.destination(), s, segments, concurrency));
            }
        }
        PreparedCopy prepared = new PreparedCopy(plan.runId(), plan.dryRun(), List.copyOf(tables), List.copyOf(units));
        if (!plan.dryRun()) {
            ledger.putDocument(plan.runId(), "prepared", new PreparedCopy(plan.runId(), false, prepared.tables(), List.of()));
        }
        return prepared;
    }

    /** Keeps what the first Prepare of a resumed run found (items held before, warnings). */
    private static PreparedCopy.PreparedTable merge(PreparedCopy.PreparedTable previous, PreparedCopy.PreparedTable now) {
        if (previous == null) {
            return now;
        }
        List<String> warnings = new ArrayList<>(previous.warnings());
        now.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
        return new PreparedCopy.PreparedTable(now.index(), now.source(), now.destination(), now.action(), now.segments(),
                now.sourceItemCount(), now.sourceSizeBytes(),
                now.destinationHadItems() != null ? now.destinationHadItems() : previous.destinationHadItems(),
                now.deletionProtection(), List.copyOf(warnings));
    }

    private PreparedCopy.PreparedTable planOnly(CopyPlan plan, int index, CopyPlan.TablePair pair, TableDescription source,
                                                DynamoDbClient dst, int segments) {
        TableDescription existing = describeIfExists(dst, pair.destination());
        List<String> warnings = new ArrayList<>();
        String action = "WOULD_CREATE";
        if (existing != null) {
            List<String> diffs = TableSchema.incompatibilities(source, existing);
            if (!plan.options().reuseAllowed() || !diffs.isEmpty()) {
                throw new ConflictException("destination table " + pair.destination() + " exists"
                        + (diffs.isEmpty() ? "" : " and is incompatible: " + String.join("; ", diffs)));
            }
            action = "WOULD_REUSE";
            warnings.addAll(TableSchema.softDifferences(source, existing));
        } else {
            warnings.addAll(TableSchema.creation(source, List.of(), pair.destination(), plan.options(), plan.source(),
                    plan.destination(), plan.runId()).warnings());
        }
        return new PreparedCopy.PreparedTable(index, pair.source(), pair.destination(), action, segments,
                count(source.itemCount()), count(source.tableSizeBytes()), null, false, warnings);
    }

    private PreparedCopy.PreparedTable ensureDestination(CopyPlan plan, int index, CopyPlan.TablePair pair, TableDescription source,
                                                         DynamoDbClient src, DynamoDbClient dst, int segments, Context context) {
        String key = resourceKey(plan.destination(), pair.destination());
        ResourceRecord record = ledger.resource(plan.runId(), key).orElse(null);
        List<String> warnings = new ArrayList<>();
        String action;
        Boolean hadItems = null;
        if (record != null && record.status() == ResourceStatus.PREEXISTING) {
            action = "REUSED";
            TableDescription existing = describe(dst, pair.destination(), "destination");
            checkReusable(plan, pair, source, existing, warnings);
        } else if (record != null && record.status() == ResourceStatus.CREATED) {
            action = "CREATED";
        } else {
            TableDescription existing = describeIfExists(dst, pair.destination());
            if (existing != null && (record == null
                    || !Ownership.createdByRun(dst, existing, plan.runId(), record.recordedAt()))) {
                // there before this run: never ours
                checkReusable(plan, pair, source, existing, warnings);
                ledger.recordIntent(plan.runId(), key, TABLE_TYPE, pair.destination(), plan.destination());
                ledger.setResourceStatus(plan.runId(), key, ResourceStatus.PREEXISTING);
                action = "REUSED";
                hadItems = hasItems(dst, pair.destination());
            } else {
                create(plan, pair, source, src, dst, key, warnings);
                // progress kept from an earlier life of this table (removed by a rollback) no longer holds
                ledger.deleteCheckpoints(plan.runId(), "copy#" + Unit.tablePrefix(index));
                ledger.deleteCheckpoints(plan.runId(), "verify#" + Unit.tablePrefix(index));
                action = "CREATED";
            }
        }
        waitActive(dst, pair.destination(), context);
        if ("CREATED".equals(action) && (record == null || record.status() != ResourceStatus.CREATED)) {
            applySettings(plan, pair, src, dst, warnings);
            ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
            LOG.info("created table {} in {}", pair.destination(), plan.destination().describe());
        }
        boolean protect = plan.options().copyDeletionProtection() && Boolean.TRUE.equals(source.deletionProtectionEnabled())
                && "CREATED".equals(action);
        return new PreparedCopy.PreparedTable(index, pair.source(), pair.destination(), action, segments,
                count(source.itemCount()), count(source.tableSizeBytes()), hadItems, protect, warnings);
    }

    private void checkReusable(CopyPlan plan, CopyPlan.TablePair pair, TableDescription source, TableDescription existing,
                               List<String> warnings) {
        if (!plan.options().reuseAllowed()) {
            throw new ConflictException("destination table " + pair.destination() + " already exists in "
                    + plan.destination().describe() + ". Choose another destination name, delete that table, or set "
                    + "options.ifDestinationExists to \"reuse-if-compatible\".");
        }
        List<String> diffs = TableSchema.incompatibilities(source, existing);
        if (!diffs.isEmpty()) {
            throw new ConflictException("destination table " + pair.destination() + " exists but cannot hold a copy of "
                    + pair.source() + ": " + String.join("; ", diffs));
        }
        warnings.addAll(TableSchema.softDifferences(source, existing));
        warnings.add("the destination table existed before this run: it is reused and never deleted by rollback");
    }

    private void create(CopyPlan plan, CopyPlan.TablePair pair, TableDescription source, DynamoDbClient src, DynamoDbClient dst,
                        String key, List<String> warnings) {
        List<Tag> tags = plan.options().copyTags() ? sourceTags(src, source, warnings) : List.of();
        TableSchema.Creation creation = TableSchema.creation(source, tags, pair.destination(), plan.options(),
                plan.source(), plan.destination(), plan.runId());
        warnings.addAll(creation.warnings());
        ResourceRecord intent = ledger.recordIntent(plan.runId(), key, TABLE_TYPE, pair.destination(), plan.destination());
        try {
            Aws.transientOnRetryable("CreateTable " + pair.destination(), () -> dst.createTable(creation.request()));
        } catch (ResourceInUseException exists) {
            TableDescription now = describe(dst, pair.destination(), "destination");
            if (!Ownership.createdByRun(dst, now, plan.runId(), intent.recordedAt())) {
                ledger.setResourceStatus(plan.runId(), key, ResourceStatus.PREEXISTING);
                throw new ConflictException("destination table " + pair.destination()
                        + " was created by someone else while this run was preparing it; it is left alone. "
                        + "Re-run with another destination name or with options.ifDestinationExists \"reuse-if-compatible\".");
            }
        }
    }

    private void applySettings(CopyPlan plan, CopyPlan.TablePair pair, DynamoDbClient src, DynamoDbClient dst, List<String> warnings) {
        if (plan.options().copyTimeToLive()) {
            try {
                TimeToLiveDescription ttl = src.describeTimeToLive(b -> b.tableName(pair.source())).timeToLiveDescription();
                if (ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING)) {
                    dst.updateTimeToLive(b -> b.tableName(pair.destination())
                            .timeToLiveSpecification(s -> s.enabled(true).attributeName(ttl.attributeName())));
                }
            } catch (SdkException e) {
                if (Aws.retryable(e)) {
                    throw new TransientException("copying the TTL setting of " + pair.source() + " failed for now; retried", e);
                }
                warnings.add("TTL: could not be copied (" + Aws.describe(e) + "); set it on " + pair.destination() + " by hand");
            }
        }
        if (plan.options().copyPointInTimeRecovery()) {
            try {
                var backups = src.describeContinuousBackups(b -> b.tableName(pair.source())).continuousBackupsDescription();
                boolean pitr = backups != null && backups.pointInTimeRecoveryDescription() != null
                        && backups.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
                if (pitr && backups.continuousBackupsStatus() == ContinuousBackupsStatus.ENABLED) {
                    dst.updateContinuousBackups(b -> b.tableName(pair.destination())
                            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
                }
            } catch (SdkException e) {
                if (Aws.retryable(e) || e instanceof software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException) {
                    // a new table's backups take a while to become available: Prepare is retried and sets PITR then
                    throw new TransientException("point-in-time recovery cannot be set on " + pair.destination()
                            + " yet (" + Aws.describe(e) + "); Prepare is retried", e);
                }
                warnings.add("point-in-time recovery: could not be copied (" + Aws.describe(e) + "); enable it on "
                        + pair.destination() + " by hand");
            }
        }
    }

    private List<Tag> sourceTags(DynamoDbClient src, TableDescription source, List<String> warnings) {
        List<Tag> tags = new ArrayList<>();
        String next = null;
        try {
            do {
                String token = next;
                var page = src.listTagsOfResource(b -> b.resourceArn(source.tableArn()).nextToken(token));
                tags.addAll(page.tags());
                next = page.nextToken();
            } while (next != null);
        } catch (SdkException e) {
            if (Aws.retryable(e)) {
                throw new TransientException("listing the tags of " + source.tableName() + " failed for now; retried", e);
            }
            LOG.info("tags of {} could not be read ({}); the copy gets Ferry's tags only", source.tableName(), Aws.describe(e));
            warnings.add("tags: the source's tags could not be read (" + Aws.describe(e) + "); only Ferry's tags were set. "
                    + "Grant dynamodb:ListTagsOfResource to the source role to copy them");
        }
        return tags;
    }

    private void waitActive(DynamoDbClient dst, String table, Context context) {
        long pause = 200;
        while (true) {
            TableDescription t = describe(dst, table, "destination");
            boolean indexesActive = !t.hasGlobalSecondaryIndexes() || t.globalSecondaryIndexes().stream()
                    .map(GlobalSecondaryIndexDescription::indexStatus).allMatch(s -> s == null || s == IndexStatus.ACTIVE);
            if (t.tableStatus() == TableStatus.ACTIVE && indexesActive) {
                return;
            }
            if (context.getRemainingTimeInMillis() < safetyMarginMillis + pause) {
                throw new TransientException("table " + table + " is not ACTIVE yet (" + t.tableStatusAsString()
                        + "); Prepare is retried and continues waiting");
            }
            sleep(pause);
            pause = Math.min(pause * 2, 5000);
        }
    }

    private static boolean hasItems(DynamoDbClient dst, String table) {
        return Aws.transientOnRetryable("Scan " + table, () -> dst.scan(b -> b.tableName(table).limit(1)).count() > 0);
    }

    private static TableDescription describe(DynamoDbClient client, String table, String role) {
        return Tables.find(client, table).orElseThrow(() -> new ConflictException(
                "the " + role + " table " + table + " no longer exists; check the input and start a new run"));
    }

    private static TableDescription describeIfExists(DynamoDbClient client, String table) {
        return Tables.find(client, table).orElse(null);
    }

    private static long count(Long v) {
        return v == null ? 0 : v;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("interrupted while waiting for a table; retried", e);
        }
    }
}
