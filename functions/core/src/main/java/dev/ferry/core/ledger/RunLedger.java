package dev.ferry.core.ledger;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The run ledger: one DynamoDB table (partition key {@code pk} = run id, sort key {@code sk})
 * holding each run's record, every resource it created, unit checkpoints and small documents.
 *
 * <p>It makes runs idempotent (conditional writes) and rollback exact (resources are recorded
 * before they are created). It never holds a secret or item data other than the resume keys of
 * checkpoints; the deployed table is KMS-encrypted.
 */
public final class RunLedger {
    private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);
    /** Sort key of a run's own record. */
    static final String RUN = "RUN";
    /** Sort-key prefix of the resources a run created ({@code RES#<resource key>}). */
    static final String RES = "RES#";
    /** Sort-key prefix of unit checkpoints ({@code CKPT#<unit id>}). */
    static final String CKPT = "CKPT#";
    /** Sort-key prefix of documents ({@code DOC#<name>}, names in {@link LedgerDocuments}). */
    static final String DOC = "DOC#";
    /** How long {@link #ensureTable()} waits for a new table, in pauses, before the step is retried. */
    private static final Duration TABLE_WAIT = Duration.ofMinutes(2);
    /** Ledger records expire (DynamoDB TTL on {@code expiresAt}) this long after their last write. */
    private static final Duration RETENTION = Duration.ofDays(90);

    private final DynamoDbClient ddb;
    private final String table;
    private final AwsCalls calls;
    private final Clock clock;

    public RunLedger(DynamoDbClient ddb, String table, AwsCalls calls) {
        this(ddb, table, calls, Clock.systemUTC());
    }

    public RunLedger(DynamoDbClient ddb, String table, AwsCalls calls, Clock clock) {
        this.ddb = ddb;
        this.table = table;
        this.calls = calls;
        this.clock = clock;
    }

    public String tableName() {
        return table;
    }

    /**
     * Creates the ledger table when it is missing (local runs) and waits until it is ACTIVE. Every
     * call, the waits included, goes through {@link AwsCalls}: a throttled or failing DescribeTable is
     * retried, never mistaken for a problem with the input.
     */
    public void ensureTable() {
        if (describeStatus().orElse(null) == TableStatus.ACTIVE) {
            return;
        }
        if (describeStatus().isEmpty()) {
            try {
                calls.run("CreateTable " + table, () -> ddb.createTable(b -> b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                        .keySchema(
                                KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())));
                LOG.info("created the run ledger table {}", table);
            } catch (ResourceInUseException raced) {
                LOG.debug("ledger table {} is being created by another caller", table);
            }
        }
        calls.waitFor("the run ledger table " + table + " becoming ACTIVE", TABLE_WAIT,
                () -> describeStatus().filter(st -> st == TableStatus.ACTIVE));
    }

    private Optional<TableStatus> describeStatus() {
        try {
            return Optional.of(calls.call("DescribeTable " + table,
                    () -> ddb.describeTable(b -> b.tableName(table)).table().tableStatus()));
        } catch (ResourceNotFoundException missing) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- runs

    /** The run's record, if the run has started. */
    public Optional<RunRecord> run(String runId) {
        Map<String, AttributeValue> item = get(runId, RUN);
        return item == null ? Optional.empty() : Optional.of(toRun(item));
    }

    /**
     * The run's record, if the run has started; a ledger table that does not exist yet holds no run.
     * For checks that must not write anything (Validate).
     */
    public Optional<RunRecord> findRun(String runId) {
        try {
            Map<String, AttributeValue> item = calls.call("GetItem " + table,
                    () -> ddb.getItem(b -> b.tableName(table).key(key(runId, RUN)).consistentRead(true))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRun(item));
        } catch (ResourceNotFoundException noLedgerYet) {
            return Optional.empty();
        }
    }

    /**
     * The one run-id check every workflow's Validate makes: a run id may be new, or resume the run that
     * used it with the same workflow and input; a dry run needs a run id of its own.
     *
     * @param executionNamed whether the run id came from the execution name (for the problem's path)
     * @return the problem, if the run id cannot be used
     */
    public Optional<dev.ferry.core.errors.Problem> checkRunId(String runId, String workflow, String inputHash,
                                                             boolean dryRun, boolean executionNamed) {
        Optional<RunRecord> previous = findRun(runId);
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        String path = executionNamed ? "$ (execution name)" : "$.runId";
        RunRecord run = previous.get();
        if (dryRun) {
            return Optional.of(new dev.ferry.core.errors.Problem(path, "Run id '" + runId + "' belongs to a run started on "
                    + run.createdAt() + "; a dry run needs a run id of its own.",
                    "Leave runId out of a dry run (the execution name is used), or give a new one."));
        }
        if (!run.workflow().equals(workflow) || !run.inputHash().equals(inputHash)) {
            return Optional.of(new dev.ferry.core.errors.Problem(path, "Run id '" + runId + "' was used on " + run.createdAt()
                    + " by a " + run.workflow() + " run with different input.",
                    "Re-run that run with its original input to resume it, or give a new runId."));
        }
        return Optional.empty();
    }

    /**
     * Starts a run, or resumes it when the same run id was started before with the same input.
     *
     * @throws RunIdConflictException when the run id was used with other input or another workflow
     */
    public RunRecord startOrResume(String runId, String workflow, String inputHash) {
        String now = now();
        Map<String, AttributeValue> item = new HashMap<>(key(runId, RUN));
        item.put("workflow", s(workflow));
        item.put("inputHash", s(inputHash));
        item.put("status", s(RunStatus.RUNNING.name()));
        item.put("createdAt", s(now));
        item.put("updatedAt", s(now));
        item.put("resourceSeq", n(0));
        item.put("expiresAt", n(expiry()));
        try {
            call(() -> ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")));
            return toRun(item);
        } catch (ConditionalCheckFailedException exists) {
            RunRecord existing = run(runId).orElseThrow(() -> new TransientException(
                    "run " + runId + " was being written concurrently; retry"));
            if (!existing.workflow().equals(workflow) || !existing.inputHash().equals(inputHash)) {
                throw new RunIdConflictException(runId, existing);
            }
            if (existing.status() == RunStatus.SUCCEEDED) {
                return existing; // a re-run of a finished run re-checks it; it never becomes undoable by a failure
            }
            setStatus(runId, RunStatus.RUNNING);
            return new RunRecord(runId, workflow, inputHash, RunStatus.RUNNING, existing.createdAt(), now);
        }
    }

    public void setStatus(String runId, RunStatus status) {
        call(() -> ddb.updateItem(b -> b.tableName(table).key(key(runId, RUN))
                .updateExpression("SET #s = :s, updatedAt = :u, expiresAt = :e")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", s(status.name()), ":u", s(now()), ":e", n(expiry())))));
    }

    // ---------------------------------------------------------------- resources

    /**
     * Records the intent to create a resource, before the create call. Idempotent: when the
     * resource is already recorded, the existing record is returned unchanged.
     */
    public ResourceRecord recordIntent(String runId, String key, String type, String name, Side side) {
        Map<String, AttributeValue> existing = get(runId, RES + key);
        if (existing != null && ResourceStatus.valueOf(existing.get("status").s()) == ResourceStatus.ROLLED_BACK) {
            // created again after a rollback removed it: a fresh intent, so rollback will remove it again
            try {
                call(() -> ddb.updateItem(b -> b.tableName(table).key(key(runId, RES + key))
                        .updateExpression("SET #s = :c, recordedAt = :t, updatedAt = :t REMOVE itemsWritten")
                        .conditionExpression("#s = :r")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":c", s(ResourceStatus.CREATING.name()), ":t", s(now()),
                                ":r", s(ResourceStatus.ROLLED_BACK.name())))));
            } catch (ConditionalCheckFailedException raced) {
                LOG.debug("resource {} of run {} was re-recorded concurrently", key, runId);
            }
            return toResource(get(runId, RES + key));
        }
        if (existing != null) {
            return toResource(existing);
        }
        long seq = call(() -> ddb.updateItem(b -> b.tableName(table).key(key(runId, RUN))
                .updateExpression("ADD resourceSeq :one")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.UPDATED_NEW)))
                .attributes().get("resourceSeq").n().transform(Long::parseLong);
        Map<String, AttributeValue> item = new HashMap<>(key(runId, RES + key));
        item.put("seq", n(seq));
        item.put("type", s(type));
        item.put("name", s(name));
        item.put("side", s(Json.write(side.withoutSecrets()))); // the ledger holds no secret
        if (side.externalIdDigest() != null) {
            item.put("externalIdDigest", s(side.externalIdDigest()));
        }
        item.put("status", s(ResourceStatus.CREATING.name()));
        item.put("recordedAt", s(now()));
        item.put("updatedAt", s(now()));
        item.put("expiresAt", n(expiry()));
        try {
            call(() -> ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")));
            return toResource(item);
        } catch (ConditionalCheckFailedException raced) {
            return toResource(get(runId, RES + key));
        }
    }

    /** One resource to record with {@link #recordIntents}. */
    public record Intent(String key, String type, String name, Side side) {
    }

    /**
     * Records many intents at once, before any of them is created (a page of secrets): one reserved block of
     * sequence numbers and batched writes instead of three calls per resource. Idempotent like
     * {@link #recordIntent}: a resource already recorded keeps its record; one rolled back is recorded afresh.
     *
     * @return the records, in the order of {@code intents}
     */
    public List<ResourceRecord> recordIntents(String runId, List<Intent> intents) {
        Map<String, Map<String, AttributeValue>> existing = getAll(runId, intents.stream().map(i -> RES + i.key()).toList());
        List<Intent> fresh = new ArrayList<>();
        for (Intent i : intents) {
            Map<String, AttributeValue> item = existing.get(RES + i.key());
            if (item == null || ResourceStatus.valueOf(item.get("status").s()) == ResourceStatus.ROLLED_BACK) {
                fresh.add(i);
            }
        }
        if (!fresh.isEmpty()) {
            long last = call(() -> ddb.updateItem(b -> b.tableName(table).key(key(runId, RUN))
                    .updateExpression("ADD resourceSeq :n")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":n", n(fresh.size())))
                    .returnValues(ReturnValue.UPDATED_NEW)))
                    .attributes().get("resourceSeq").n().transform(Long::parseLong);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int j = 0; j < fresh.size(); j++) {
                Intent i = fresh.get(j);
                Map<String, AttributeValue> item = new HashMap<>(key(runId, RES + i.key()));
                item.put("seq", n(last - fresh.size() + 1 + j));
                item.put("type", s(i.type()));
                item.put("name", s(i.name()));
                item.put("side", s(Json.write(i.side().withoutSecrets()))); // the ledger holds no secret
                if (i.side().externalIdDigest() != null) {
                    item.put("externalIdDigest", s(i.side().externalIdDigest()));
                }
                item.put("status", s(ResourceStatus.CREATING.name()));
                item.put("recordedAt", s(now()));
                item.put("updatedAt", s(now()));
                item.put("expiresAt", n(expiry()));
                items.add(item);
                existing.put(RES + i.key(), item);
            }
            putAll(runId, items);
        }
        List<ResourceRecord> out = new ArrayList<>();
        intents.forEach(i -> out.add(toResource(existing.get(RES + i.key()))));
        return out;
    }

    /** Sets the status of many recorded resources at once (batched writes of their records). */
    public void setResourceStatuses(String runId, List<String> keys, ResourceStatus status) {
        Map<String, Map<String, AttributeValue>> records = getAll(runId, keys.stream().map(k -> RES + k).toList());
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Map<String, AttributeValue> record : records.values()) {
            Map<String, AttributeValue> item = new HashMap<>(record);
            item.put("status", s(status.name()));
            item.put("updatedAt", s(now()));
            items.add(item);
        }
        putAll(runId, items);
    }

    /** Items of the run by sort key (absent ones left out), strongly consistent, 100 keys a call. */
    private Map<String, Map<String, AttributeValue>> getAll(String runId, List<String> sortKeys) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        List<String> distinct = sortKeys.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i += 100) {
            List<Map<String, AttributeValue>> keys = distinct.subList(i, Math.min(distinct.size(), i + 100)).stream()
                    .map(sk -> key(runId, sk)).toList();
            Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> pending =
                    Map.of(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int attempt = 0; pending != null && !pending.isEmpty(); attempt++) {
                if (attempt == calls.attempts()) {
                    throw new TransientException("reading records of run " + runId + ": keys kept coming back unprocessed; the step is retried");
                }
                if (attempt > 0) {
                    calls.pause(attempt - 1);
                }
                Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> request = pending;
                var response = call(() -> ddb.batchGetItem(b -> b.requestItems(request)));
                response.responses().getOrDefault(table, List.of()).forEach(item -> out.put(item.get("sk").s(), item));
                pending = response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty() ? response.unprocessedKeys() : null;
            }
        }
        return out;
    }

    /** Puts items of the run, 25 a call, unprocessed ones retried. */
    private void putAll(String runId, List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = items.subList(i, Math.min(items.size(), i + 25)).stream()
                    .map(it -> WriteRequest.builder().putRequest(software.amazon.awssdk.services.dynamodb.model.PutRequest.builder().item(it).build())
                            .build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
                if (attempt == calls.attempts()) {
                    throw new TransientException("writing records of run " + runId + ": items kept coming back unprocessed; the step is retried");
                }
                if (attempt > 0) {
                    calls.pause(attempt - 1);
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = call(() -> ddb.batchWriteItem(b -> b.requestItems(request))).unprocessedItems();
            }
        }
    }

    public void setResourceStatus(String runId, String key, ResourceStatus status) {
        call(() -> ddb.updateItem(b -> b.tableName(table).key(key(runId, RES + key))
                .updateExpression("SET #s = :s, updatedAt = :u")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", s(status.name()), ":u", s(now())))));
    }

    public Optional<ResourceRecord> resource(String runId, String key) {
        Map<String, AttributeValue> item = get(runId, RES + key);
        return item == null ? Optional.empty() : Optional.of(toResource(item));
    }

    /** Every resource of the run, in creation order. */
    public List<ResourceRecord> resources(String runId) {
        List<ResourceRecord> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : query(runId, RES)) {
            out.add(toResource(item));
        }
        out.sort(Comparator.comparingLong(ResourceRecord::seq));
        return out;
    }

    // ---------------------------------------------------------------- checkpoints

    public Optional<Checkpoint> checkpoint(String runId, String unitId) {
        Map<String, AttributeValue> item = get(runId, CKPT + unitId);
        return item == null ? Optional.empty() : Optional.of(toCheckpoint(item));
    }

    /**
     * Saves a unit's progress. The write only succeeds when it moves the unit forward (more pages
     * than stored), which fences out a stale duplicate invocation.
     *
     * @throws TransientException when another invocation has already saved further progress
     */
    public void saveCheckpoint(String runId, String unitId, Checkpoint c) {
        saveCheckpoint(runId, unitId, c, null, 0);
    }

    /**
     * Saves a unit's progress as {@link #saveCheckpoint(String, String, Checkpoint)} does and, in the same
     * transaction, adds {@code itemsWritten} to the {@link ResourceRecord#itemsWritten()} of the resource
     * {@code resourceKey}: the count is exact whatever crashes, since a page is counted exactly when it
     * is checkpointed.
     *
     * @param resourceKey the resource the unit writes into (recorded by {@link #recordIntent}), or null
     * @throws TransientException when another invocation has already saved further progress
     */
    public void saveCheckpoint(String runId, String unitId, Checkpoint c, String resourceKey, long itemsWritten) {
        Map<String, AttributeValue> item = new HashMap<>(key(runId, CKPT + unitId));
        item.put("lastKey", AttributeValue.fromM(c.lastKey()));
        item.put("items", n(c.items()));
        item.put("bytes", n(c.bytes()));
        item.put("pages", n(c.pages()));
        if (c.digestHex() != null) {
            item.put("digest", s(c.digestHex()));
        }
        if (c.detail() != null) {
            item.put("detail", s(c.detail()));
        }
        item.put("done", AttributeValue.fromBool(c.done()));
        item.put("invocations", n(c.invocations()));
        item.put("updatedAt", s(now()));
        item.put("expiresAt", n(expiry()));
        boolean counting = resourceKey != null && itemsWritten != 0;
        // counting pages must move strictly forward, so that a page is counted once
        String fence = counting ? "attribute_not_exists(pk) OR pages < :p"
                : "attribute_not_exists(pk) OR pages < :p OR (pages = :p AND done = :f)";
        Map<String, AttributeValue> fenceValues = counting ? Map.of(":p", n(c.pages()))
                : Map.of(":p", n(c.pages()), ":f", AttributeValue.fromBool(false));
        try {
            if (!counting) {
                call(() -> ddb.putItem(b -> b.tableName(table).item(item).conditionExpression(fence)
                        .expressionAttributeValues(fenceValues)));
            } else {
                call(() -> ddb.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(table).item(item).conditionExpression(fence)
                                .expressionAttributeValues(fenceValues)).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(table).key(key(runId, RES + resourceKey))
                                .updateExpression("ADD itemsWritten :n").conditionExpression("attribute_exists(pk)")
                                .expressionAttributeValues(Map.of(":n", n(itemsWritten)))).build())));
            }
        } catch (ConditionalCheckFailedException | TransactionCanceledException stale) {
            throw new TransientException("unit " + unitId + " of run " + runId
                    + " was advanced by another invocation; a retry resumes from its checkpoint");
        }
    }

    /** All checkpoints of the run whose unit id starts with {@code unitPrefix}. */
    public Map<String, Checkpoint> checkpoints(String runId, String unitPrefix) {
        Map<String, Checkpoint> out = new java.util.TreeMap<>();
        for (Map<String, AttributeValue> item : query(runId, CKPT + unitPrefix)) {
            out.put(item.get("sk").s().substring(CKPT.length()), toCheckpoint(item));
        }
        return out;
    }

    /** Forgets one checkpoint of the run (exactly that unit id, not those it is a prefix of). */
    public void deleteCheckpoint(String runId, String unitId) {
        call(() -> ddb.deleteItem(b -> b.tableName(table).key(key(runId, CKPT + unitId))));
    }

    /** Forgets every checkpoint of the run (after a rollback removed what they describe). */
    public int deleteCheckpoints(String runId) {
        return deleteCheckpoints(runId, "");
    }

    /** Forgets the run's checkpoints whose unit id starts with {@code unitPrefix}. */
    public int deleteCheckpoints(String runId, String unitPrefix) {
        List<Map<String, AttributeValue>> items = query(runId, CKPT + unitPrefix);
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = items.subList(i, Math.min(items.size(), i + 25)).stream()
                    .map(it -> WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                            .key(Map.of("pk", it.get("pk"), "sk", it.get("sk"))).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 0; !pending.isEmpty() && !pending.get(table).isEmpty(); attempt++) {
                if (attempt == calls.attempts()) {
                    throw new TransientException("could not delete the checkpoints of run " + runId
                            + " (items kept coming back unprocessed); the step is retried");
                }
                if (attempt > 0) {
                    calls.pause(attempt - 1);
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = call(() -> ddb.batchWriteItem(b -> b.requestItems(request))).unprocessedItems();
            }
        }
        return items.size();
    }

    // ---------------------------------------------------------------- unit failures

    /**
     * Runs the work of one Map child (a unit) for run {@code runId}: what it returns, or its error, kept by
     * {@link #recordUnitFailure} before it is thrown on. Every unit handler runs its work through this.
     */
    public <T> T unitWork(String runId, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            recordUnitFailure(runId, e);
            throw e;
        }
    }

    /**
     * Keeps a unit's error before the unit's handler rethrows it: the Map state that ran the unit
     * only says that a child failed (States.ExceedToleratedFailureThreshold), and rollback hands this
     * error on instead. Best effort: a ledger that cannot be written must not hide the unit's error.
     */
    public void recordUnitFailure(String runId, RuntimeException e) {
        try {
            putDocument(runId, LedgerDocuments.UNIT_FAILURE, new UnitFailure(e.getClass().getName(), e.getMessage()));
        } catch (RuntimeException ledgerDown) {
            LOG.warn("could not record the failure of a unit of run {} ({})", runId, ledgerDown.getClass().getSimpleName());
        }
    }

    /** The error a unit of the run failed with, if one was recorded. */
    public Optional<UnitFailure> unitFailure(String runId) {
        return document(runId, LedgerDocuments.UNIT_FAILURE, UnitFailure.class);
    }

    /** Forgets the recorded unit failure (after a rollback handed it on). */
    public void clearUnitFailure(String runId) {
        deleteDocument(runId, LedgerDocuments.UNIT_FAILURE);
    }

    // ---------------------------------------------------------------- documents

    /** Stores a small JSON document under the run (a plan, a summary). At most ~350 KB. */
    public void putDocument(String runId, String name, Object document) {
        Map<String, AttributeValue> item = new HashMap<>(key(runId, DOC + name));
        item.put("body", s(Json.write(document)));
        item.put("updatedAt", s(now()));
        item.put("expiresAt", n(expiry()));
        call(() -> ddb.putItem(b -> b.tableName(table).item(item)));
    }

    public void deleteDocument(String runId, String name) {
        call(() -> ddb.deleteItem(b -> b.tableName(table).key(key(runId, DOC + name))));
    }

    public <T> Optional<T> document(String runId, String name, Class<T> type) {
        Map<String, AttributeValue> item = get(runId, DOC + name);
        if (item == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(item.get("body").s(), type));
        } catch (java.io.IOException e) {
            throw new FerryException("ledger document " + name + " of run " + runId + " is unreadable", e);
        }
    }

    // ---------------------------------------------------------------- internals

    private Map<String, AttributeValue> get(String runId, String sk) {
        Map<String, AttributeValue> item = call(() -> ddb.getItem(b -> b.tableName(table).key(key(runId, sk)).consistentRead(true))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private List<Map<String, AttributeValue>> query(String runId, String prefix) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            QueryResponse page = call(() -> ddb.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .expressionAttributeValues(Map.of(":pk", s(runId), ":p", s(prefix)))
                    .consistentRead(true)
                    .exclusiveStartKey(exclusiveStart)
                    .build()));
            out.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /**
     * Every ledger call: throttling, 5xx and connection faults are retried through {@link AwsCalls}
     * (a spent budget is a TransientException); a missing table says how to fix it.
     */
    private <T> T call(java.util.function.Supplier<T> op) {
        try {
            return calls.call("the run ledger (" + table + ")", op);
        } catch (ResourceNotFoundException e) {
            throw new FerryException("the run ledger table '" + table + "' does not exist in "
                    + "the control account: deploy the FerryControl stack, or set FERRY_LEDGER_TABLE "
                    + "(or ferry run --ledger-table) to its name", e);
        }
    }

    private String now() {
        return Instant.now(clock).toString();
    }

    private long expiry() {
        return Instant.now(clock).plus(RETENTION).getEpochSecond();
    }

    private static Map<String, AttributeValue> key(String runId, String sk) {
        return Map.of("pk", s(runId), "sk", s(sk));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    private static RunRecord toRun(Map<String, AttributeValue> item) {
        return new RunRecord(item.get("pk").s(), item.get("workflow").s(), item.get("inputHash").s(),
                RunStatus.valueOf(item.get("status").s()), item.get("createdAt").s(), item.get("updatedAt").s());
    }

    private static ResourceRecord toResource(Map<String, AttributeValue> item) {
        Side side = Json.convert(Json.parse(item.get("side").s()), Side.class);
        AttributeValue digest = item.get("externalIdDigest");
        return new ResourceRecord(item.get("sk").s().substring(RES.length()), num(item, "seq"),
                item.get("type").s(), item.get("name").s(), side, ResourceStatus.valueOf(item.get("status").s()),
                item.get("recordedAt") == null ? null : item.get("recordedAt").s(),
                digest != null ? digest.s() : side.externalIdDigest(), num(item, "itemsWritten"));
    }

    private static Checkpoint toCheckpoint(Map<String, AttributeValue> item) {
        AttributeValue digest = item.get("digest");
        AttributeValue detail = item.get("detail");
        return new Checkpoint(item.get("lastKey").m(), num(item, "items"), num(item, "bytes"), num(item, "pages"),
                digest == null ? null : digest.s(), item.get("done").bool(), num(item, "invocations"),
                detail == null ? null : detail.s());
    }
}
