package dev.ferry.dynamodb.transform;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.dynamodb.Ownership;
import dev.ferry.core.dynamodb.Segments;
import dev.ferry.core.errors.ConflictException;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.ledger.LedgerDocuments;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunRecord;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.runtime.Dependencies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Step 2 of dynamodb-transform: records the run, takes the on-demand backups the input asks for (before any
 * write), and cuts the table into units: parallel-scan segments (automatic from the table's size, as the
 * copy does; one with {@code limit}, so the limit is exact) or ranges of a failed-keys manifest. The units
 * are shuffled (deterministically by run id), so that concurrent segments work on different partitions
 * rather than marching through neighbouring ones together. A resumed run keeps what its first Plan decided.
 * A re-run of a run that succeeded verifies again.
 */
final class TransformPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(TransformPlanner.class);
    /** Keys of a manifest per unit. */
    static final long KEYS_PER_UNIT = 10_000;
    /** DynamoDB's longest backup name. */
    static final int MAX_BACKUP_NAME = 255;

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final int mapConcurrency;

    TransformPlanner(Dependencies deps, RunLedger ledger) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.mapConcurrency = deps.mapConcurrency();
    }

    PreparedTransform plan(TransformPlan plan) {
        RunRecord run = ledger.startOrResume(plan.runId(), TransformValidator.WORKFLOW, plan.inputHash());
        // a failed run's report is made with it; the ledger holds no secret, so no external id
        ledger.putDocument(plan.runId(), LedgerDocuments.PLAN, plan.withoutSecrets());
        PreparedTransform previous = ledger.document(plan.runId(), LedgerDocuments.PREPARED, PreparedTransform.class).orElse(null);
        if (run.status() == RunStatus.SUCCEEDED) {
            // a re-run of a finished run changes nothing more (its units are done), but checks and reports afresh
            ledger.deleteCheckpoints(plan.runId(), TransformUnit.VERIFY_PREFIX);
        }
        DynamoDbClient ddb = clients.dynamo(plan.target());
        TableDescription table = DynamoDbTables.find(calls, ddb, plan.table().name()).orElseThrow(() -> new ConflictException(
                "table " + plan.table().name() + " no longer exists; check the input and start a new run"));
        long itemCount = table.itemCount() == null ? 0 : table.itemCount();
        List<TransformUnit> units = previous != null && !previous.units().isEmpty() ? previous.units() : units(plan, table);
        List<PreparedTransform.Backup> backups = previous != null ? previous.backups() : List.of();
        if (backups.isEmpty() && plan.options().backup() == TransformOptions.Backup.ON_DEMAND && !plan.dryRun()) {
            backups = backups(plan, ddb);
        }
        PreparedTransform prepared = new PreparedTransform(plan.runId(), plan.dryRun(), units.get(0).totalSegments(), units,
                itemCount, backups);
        ledger.putDocument(plan.runId(), LedgerDocuments.PREPARED, prepared);
        LOG.info("run {}: {} {} unit(s) of {}, {} backup(s)", plan.runId(), units.size(), units.get(0).fromKeys() ? "key" : "scan",
                plan.table().name(), backups.size());
        return prepared;
    }

    private List<TransformUnit> units(TransformPlan plan, TableDescription table) {
        TransformOptions o = plan.options();
        List<TransformUnit> units = new ArrayList<>();
        if (o.keysFrom() != null) {
            long keys = FailedKeys.read(o.keysFrom(), () -> clients.s3(clients.control()), calls)
                    .orElseThrow(() -> new ConflictException("options.keysFrom " + o.keysFrom() + " no longer exists; restore it "
                            + "or start a new run without it")).keys().size();
            int n = o.segments() != null ? o.segments() : (int) Math.max(1, Math.min(Segments.MAX, (keys + KEYS_PER_UNIT - 1) / KEYS_PER_UNIT));
            n = (int) Math.max(1, Math.min(n, Math.max(1, keys)));
            int concurrency = Math.max(1, Math.min(n, mapConcurrency));
            for (int i = 0; i < n; i++) {
                long from = keys * i / n;
                long to = keys * (i + 1) / n;
                units.add(new TransformUnit("k" + i, i, n, concurrency, from, to - from));
            }
        } else {
            int n = o.limit() != null ? 1 : Segments.choose(o.segments(), table);
            int concurrency = Math.max(1, Math.min(n, mapConcurrency));
            for (int i = 0; i < n; i++) {
                units.add(new TransformUnit("s" + i, i, n, concurrency, null, null));
            }
        }
        Collections.shuffle(units, new Random(plan.runId().hashCode()));
        return List.copyOf(units);
    }

    /** An on-demand backup of every table the run writes, before any write; their ARNs go to the ledger and the report. */
    private List<PreparedTransform.Backup> backups(TransformPlan plan, DynamoDbClient ddb) {
        Set<String> tables = new LinkedHashSet<>();
        tables.add(plan.table().name());
        plan.emitTables().forEach(t -> tables.add(t.name()));
        List<PreparedTransform.Backup> out = new ArrayList<>();
        for (String table : tables) {
            String name = backupName(plan.runId(), table);
            BackupDetails details;
            try {
                details = calls.call("CreateBackup " + table, () -> ddb.createBackup(b -> b.tableName(table).backupName(name)))
                        .backupDetails();
            } catch (SdkException e) {
                if (Ownership.taggingUnsupported(e)) { // the endpoint does not implement the operation at all
                    throw new FerryException("the DynamoDB endpoint does not support on-demand backups (DynamoDB Local does "
                            + "not): set options.backup to \"none\" (rollback restores from the run's own pre-images) or run "
                            + "against DynamoDB");
                }
                throw new FerryException("the on-demand backup of " + table + " failed (" + AwsErrors.describe(e) + "): "
                        + AwsErrors.firstLine(e.getMessage()) + ". Grant dynamodb:CreateBackup, or set options.backup to \"none\"", e);
            }
            out.add(new PreparedTransform.Backup(table, name, details.backupArn()));
            LOG.info("run {}: backup {} of {} taken before any write", plan.runId(), details.backupArn(), table);
        }
        return out;
    }

    static String backupName(String runId, String table) {
        String name = ("ferry-" + runId + "-" + table).replaceAll("[^A-Za-z0-9_.-]", "-");
        return name.length() > MAX_BACKUP_NAME ? name.substring(0, MAX_BACKUP_NAME) : name;
    }
}
