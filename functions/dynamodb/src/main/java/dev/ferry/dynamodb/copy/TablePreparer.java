package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.dynamodb.Ownership;
import dev.ferry.core.dynamodb.Segments;
import dev.ferry.core.errors.ConflictException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.LedgerDocuments;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
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
    private static final Logger LOG = LoggerFactory.getLogger(TablePreparer.class);

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final long safetyMarginMillis;
    private final int mapConcurrency;

    /** @param ledger the run ledger; null for a dry run, which writes nothing at all */
    public TablePreparer(Dependencies deps, RunLedger ledger) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.safetyMarginMillis = deps.safetyMarginMillis();
        this.mapConcurrency = deps.mapConcurrency();
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
                : ledger.document(plan.runId(), LedgerDocuments.PREPARED, PreparedCopy.class).map(PreparedCopy::tables).orElse(List.of());
        if (!plan.dryRun()) {
            startVerificationAfresh(plan.runId(), before);
        }
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
            ledger.putDocument(plan.runId(), LedgerDocuments.PREPARED, new PreparedCopy(plan.runId(), false, prepared.tables(), List.of()));
        }
        return prepared;
    }

    /**
     * A re-run of a run whose verification finished (it SUCCEEDED, or found differences) verifies afresh,
     * against the source as it is now: the finished verification is forgotten, and every segment in which
     * it found a difference is copied again first (puts of the source's items as they are now). A run that
     * stopped in the middle of verifying resumes it instead.
     */
    private void startVerificationAfresh(String runId, List<PreparedCopy.PreparedTable> before) {
        int units = before.stream().mapToInt(PreparedCopy.PreparedTable::segments).sum();
        if (units == 0) {
            return;
        }
        Map<String, Checkpoint> results = ledger.checkpoints(runId, Unit.VERIFY_PREFIX + "t");
        long finished = results.values().stream().filter(Checkpoint::done).count();
        if (finished < units) {
            return;
        }
        int recopy = 0;
        for (Map.Entry<String, Checkpoint> r : results.entrySet()) {
            SegmentCheck check = r.getValue().detail() == null ? null : Json.MAPPER.convertValue(Json.parse(r.getValue().detail()), SegmentCheck.class);
            if (check == null || !check.matches()) {
                String unitId = r.getKey().substring(Unit.VERIFY_PREFIX.length());
                ledger.deleteCheckpoint(runId, Unit.COPY_PREFIX + unitId);
                ledger.deleteCheckpoint(runId, Unit.COPY_PREFIX + "prune#" + unitId);
                int table = Integer.parseInt(unitId.substring(1, unitId.indexOf('-')));
                boolean created = table < before.size() && before.get(table).action() == TableAction.CREATED;
                if (check != null && check.extra() > 0 && created) {
                    // items deleted from the source during the copy: removed before the segment is copied again
                    // (only from a table this run created: a reused table's other items are never touched)
                    ledger.saveCheckpoint(runId, Unit.COPY_PREFIX + "prune#" + unitId, Checkpoint.start());
                }
                recopy++;
            }
        }
        ledger.deleteCheckpoints(runId, Unit.VERIFY_PREFIX);
        LOG.info("run {}: its verification had finished, so it verifies afresh; {} segment(s) that differed are copied again",
                runId, recopy);
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
        TableAction action = TableAction.WOULD_CREATE;
        if (existing != null) {
            List<String> diffs = TableSchema.incompatibilities(source, existing);
            if (!plan.options().reuseAllowed() || !diffs.isEmpty()) {
                throw new ConflictException("destination table " + pair.destination() + " exists"
                        + (diffs.isEmpty() ? "" : " and is incompatible: " + String.join("; ", diffs)));
            }
            action = TableAction.WOULD_REUSE;
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
        String key = DynamoDbTables.resourceKey(plan.destination(), pair.destination());
        ResourceRecord record = ledger.resource(plan.runId(), key).orElse(null);
        List<String> warnings = new ArrayList<>();
        TableAction action;
        Boolean hadItems = null;
        if (record != null && record.status() == ResourceStatus.PREEXISTING) {
            action = TableAction.REUSED;
            TableDescription existing = describe(dst, pair.destination(), "destination");
            checkReusable(plan, pair, source, existing, warnings);
        } else if (record != null && record.status() == ResourceStatus.CREATED) {
            action = TableAction.CREATED;
        } else {
            TableDescription existing = describeIfExists(dst, pair.destination());
            if (existing != null && (record == null
                    || !Ownership.createdByRun(calls, dst, existing, plan.runId(), record.recordedAt()))) {
                // there before this run: never ours
                checkReusable(plan, pair, source, existing, warnings);
                ledger.recordIntent(plan.runId(), key, DynamoDbTables.RESOURCE_TYPE, pair.destination(), plan.destination());
                ledger.setResourceStatus(plan.runId(), key, ResourceStatus.PREEXISTING);
                action = TableAction.REUSED;
                hadItems = DynamoDbTables.hasItems(calls, dst, pair.destination());
            } else {
                create(plan, pair, source, src, dst, key, warnings);
                // progress kept from an earlier life of this table (removed by a rollback) no longer holds
                ledger.deleteCheckpoints(plan.runId(), "copy#" + Unit.tablePrefix(index));
                ledger.deleteCheckpoints(plan.runId(), "verify#" + Unit.tablePrefix(index));
                action = TableAction.CREATED;
            }
        }
        DynamoDbTables.waitActive(calls, dst, pair.destination(),
                Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis() - safetyMarginMillis)));
        if (action == TableAction.CREATED && (record == null || record.status() != ResourceStatus.CREATED)) {
            applySettings(plan, pair, src, dst, warnings);
            ledger.setResourceStatus(plan.runId(), key, ResourceStatus.CREATED);
            LOG.info("created table {} in {}", pair.destination(), plan.destination().describe());
        }
        boolean protect = plan.options().copyDeletionProtection() && Boolean.TRUE.equals(source.deletionProtectionEnabled())
                && action == TableAction.CREATED;
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
        ResourceRecord intent = ledger.recordIntent(plan.runId(), key, DynamoDbTables.RESOURCE_TYPE, pair.destination(), plan.destination());
        try {
            calls.run("CreateTable " + pair.destination(), () -> dst.createTable(creation.request()));
        } catch (ResourceInUseException exists) {
            TableDescription now = describe(dst, pair.destination(), "destination");
            if (!Ownership.createdByRun(calls, dst, now, plan.runId(), intent.recordedAt())) {
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
                TimeToLiveDescription ttl = calls.call("DescribeTimeToLive " + pair.source(),
                        () -> src.describeTimeToLive(b -> b.tableName(pair.source())).timeToLiveDescription());
                if (ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING)) {
                    calls.run("UpdateTimeToLive " + pair.destination(), () -> dst.updateTimeToLive(b -> b.tableName(pair.destination())
                            .timeToLiveSpecification(s -> s.enabled(true).attributeName(ttl.attributeName()))));
                }
            } catch (SdkException e) {
                warnings.add("TTL: could not be copied (" + AwsErrors.describe(e) + "); set it on " + pair.destination() + " by hand");
            }
        }
        if (plan.options().copyPointInTimeRecovery()) {
            try {
                var backups = calls.call("DescribeContinuousBackups " + pair.source(),
                        () -> src.describeContinuousBackups(b -> b.tableName(pair.source())).continuousBackupsDescription());
                boolean pitr = backups != null && backups.pointInTimeRecoveryDescription() != null
                        && backups.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
                if (pitr && backups.continuousBackupsStatus() == ContinuousBackupsStatus.ENABLED) {
                    calls.run("UpdateContinuousBackups " + pair.destination(), () -> dst.updateContinuousBackups(b -> b.tableName(pair.destination())
                            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))));
                }
            } catch (SdkException e) {
                if (e instanceof software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException) {
                    // a new table's backups take a while to become available: Prepare is retried and sets PITR then
                    throw new TransientException("point-in-time recovery cannot be set on " + pair.destination()
                            + " yet (" + AwsErrors.describe(e) + "); Prepare is retried", e);
                }
                warnings.add("point-in-time recovery: could not be copied (" + AwsErrors.describe(e) + "); enable it on "
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
                var page = calls.call("ListTagsOfResource " + source.tableName(),
                        () -> src.listTagsOfResource(b -> b.resourceArn(source.tableArn()).nextToken(token)));
                tags.addAll(page.tags());
                next = page.nextToken();
            } while (next != null);
        } catch (SdkException e) {
            LOG.info("tags of {} could not be read ({}); the copy gets Ferry's tags only", source.tableName(), AwsErrors.describe(e));
            warnings.add(Ownership.taggingUnsupported(e)
                    ? "tags: the source endpoint does not support tagging; only Ferry's tags were set"
                    : "tags: the source's tags could not be read (" + AwsErrors.describe(e) + "); only Ferry's tags were set. "
                    + "Grant dynamodb:ListTagsOfResource to the source role to copy them");
        }
        return tags;
    }

    private TableDescription describe(DynamoDbClient client, String table, String role) {
        return DynamoDbTables.find(calls, client, table).orElseThrow(() -> new ConflictException(
                "the " + role + " table " + table + " no longer exists; check the input and start a new run"));
    }

    private TableDescription describeIfExists(DynamoDbClient client, String table) {
        return DynamoDbTables.find(calls, client, table).orElse(null);
    }

    private static long count(Long v) {
        return v == null ? 0 : v;
    }
}
