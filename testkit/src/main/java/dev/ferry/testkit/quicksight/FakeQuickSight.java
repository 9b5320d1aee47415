package dev.ferry.testkit.quicksight;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.quicksight.model.AccessDeniedException;
import software.amazon.awssdk.services.quicksight.model.ConflictException;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.Edition;
import software.amazon.awssdk.services.quicksight.model.Group;
import software.amazon.awssdk.services.quicksight.model.InvalidParameterValueException;
import software.amazon.awssdk.services.quicksight.model.QuickSightException;
import software.amazon.awssdk.services.quicksight.model.ResourceExistsException;
import software.amazon.awssdk.services.quicksight.model.ResourceNotFoundException;
import software.amazon.awssdk.services.quicksight.model.ResourcePermission;
import software.amazon.awssdk.services.quicksight.model.Tag;
import software.amazon.awssdk.services.quicksight.model.ThrottlingException;
import software.amazon.awssdk.services.quicksight.model.User;

/**
 * An in-process stand-in for Amazon QuickSight in any number of accounts and regions, behind
 * {@link FakeQuickSightClient} (the SDK's {@code QuickSightClient} interface). No local emulator covers
 * data sets, permissions or asset bundles; this one models what the API reference documents and what
 * a migration meets:
 * <ul>
 *   <li>List calls page with {@code NextToken} ({@link #pageSize});</li>
 *   <li>creating what exists fails {@code ResourceExistsException} (409); creating it again, updating or deleting
 *       a data source or dataset while it is being created fails {@code ConflictException} (409): a data source is
 *       being created for {@link #dataSourcePolls} describes, a dataset for {@link #dataSetCreationCalls} calls
 *       naming it;</li>
 *   <li>an answer can be lost after the call took effect ({@link #loseNextAnswer}: a 500, as when the response
 *       never reached the caller), so a retry meets what the first attempt made;</li>
 *   <li>a new data source is {@code CREATION_IN_PROGRESS} for {@link #dataSourcePolls} describes, then
 *       {@code CREATION_SUCCESSFUL}, or {@code CREATION_FAILED} with {@code ErrorInfo} when told to fail;</li>
 *   <li>{@code DescribeDataSet} refuses datasets of the new data-preparation experience with the real
 *       400 {@code InvalidParameterValueException} message;</li>
 *   <li>{@code CreateDataSet} rejects calculated columns the destination database does not accept;</li>
 *   <li>asset bundle export and import jobs run for {@link #jobPolls} describes (each describe of a job of an
 *       account moves all of that account's running jobs of its kind on: they run side by side), cannot be
 *       cancelled, refuse a job id already used ({@code ResourceExistsException}), allow 5 running jobs of a kind
 *       per account ({@code LimitExceededException}) and can fail with {@code Errors} (and, on import,
 *       {@code RollbackErrors});</li>
 *   <li>Standard or Enterprise edition in {@code DescribeAccountSettings}; permissions and tags per ARN;</li>
 *   <li>a call for another account than the caller's is {@code AccessDeniedException}; throttling
 *       ({@code ThrottlingException}, 429) can be injected.</li>
 * </ul>
 * Thread-safe (one lock); counts every mutating call, so a test can prove a re-run changed nothing.
 */
public final class FakeQuickSight {
    /** Resources per page of a List call. */
    public volatile int pageSize = 10;
    /** Describes of a new or updated data source before it is no longer in progress. */
    public volatile int dataSourcePolls = 2;
    /** Describes of an asset bundle job before it ends. */
    public volatile int jobPolls = 2;
    /** Calls naming a new dataset (any operation) before its creation is done; 0: created at once. */
    public volatile int dataSetCreationCalls = 0;

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttleNext = new ConcurrentHashMap<>();
    private final Map<String, Supplier<RuntimeException>> failNext = new ConcurrentHashMap<>();
    private final Map<String, BundleContent> bundles = new ConcurrentHashMap<>();
    private final AtomicLong mutations = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final Map<String, AtomicInteger> loseNextAnswer = new ConcurrentHashMap<>();
    private final AtomicInteger jobSeq = new AtomicInteger();
    private final Path bundleDir;
    final Object lock = new Object();

    /** @param bundleDir where exported bundle files are kept (their download URLs are file: URLs) */
    public FakeQuickSight(Path bundleDir) {
        this.bundleDir = bundleDir;
    }

    /** The account {@code accountId} in {@code region} (QuickSight resources are regional), created on first use. */
    public Account account(String accountId, String region) {
        return accounts.computeIfAbsent(accountId + "/" + region, k -> new Account(accountId, region));
    }

    /** A client acting as {@code callerAccountId} in {@code region}. */
    public FakeQuickSightClient client(String callerAccountId, String region) {
        return new FakeQuickSightClient(this, callerAccountId, region);
    }

    /** The next {@code count} calls of {@code operation} (e.g. "CreateDataSet") answer ThrottlingException. */
    public FakeQuickSight throttleNext(String operation, int count) {
        throttleNext.computeIfAbsent(operation, k -> new AtomicInteger()).addAndGet(count);
        return this;
    }

    /** The next call of {@code operation} throws what {@code error} gives (a failure half-way). */
    public FakeQuickSight failNext(String operation, Supplier<RuntimeException> error) {
        failNext.put(operation, error);
        return this;
    }

    /**
     * The next {@code count} calls of {@code operation} (e.g. "CreateDataSet") take effect, then answer a 500
     * {@code InternalFailure}, as when the response is lost on its way back: a retry meets what the call made.
     */
    public FakeQuickSight loseNextAnswer(String operation, int count) {
        loseNextAnswer.computeIfAbsent(operation, k -> new AtomicInteger()).addAndGet(count);
        return this;
    }

    /** ConflictException answers (a resource still being created) so far. */
    public long conflicts() {
        return conflicts.get();
    }

    /** Mutating calls answered so far (create, update, delete, register, put permissions, tag, start job). */
    public long mutations() {
        return mutations.get();
    }

    /** Throttling answers injected so far. */
    public long throttledCalls() {
        return throttled.get();
    }

    // ------------------------------------------------------------------ the model

    /** One account's QuickSight in one region. */
    public static final class Account {
        public final String id;
        public final String region;
        public volatile Edition edition = Edition.ENTERPRISE;
        public final Map<String, User> users = new LinkedHashMap<>();
        public final Map<String, Group> groups = new LinkedHashMap<>();
        /** group name -> member user names. */
        public final Map<String, Set<String>> memberships = new LinkedHashMap<>();
        public final Map<String, DataSourceState> dataSources = new LinkedHashMap<>();
        public final Map<String, DataSet> dataSets = new LinkedHashMap<>();
        /** Datasets of the new data-preparation experience: DescribeDataSet refuses them. */
        public final Set<String> newExperienceDataSets = new LinkedHashSet<>();
        public final Map<String, Asset> dashboards = new LinkedHashMap<>();
        public final Map<String, Asset> analyses = new LinkedHashMap<>();
        /** VPC connection ids that exist (AVAILABLE unless also in {@link #unavailableVpcConnections}). */
        public final Set<String> vpcConnections = new LinkedHashSet<>();
        /** VPC connection ids that exist but are UNAVAILABLE (e.g. their subnets or security group broke). */
        public final Set<String> unavailableVpcConnections = new LinkedHashSet<>();
        /** Dataset id -> calls naming it before its creation is done ({@link FakeQuickSight#dataSetCreationCalls}). */
        final Map<String, Integer> dataSetsBeingCreated = new LinkedHashMap<>();
        /** Calculated-column names the database behind this account's data sources rejects. */
        public final Set<String> rejectedColumns = new LinkedHashSet<>();
        /** Data source ids whose next creation fails, with this message. */
        public final Map<String, String> failingDataSources = new LinkedHashMap<>();
        /** Error messages the next import job fails with (then its rollback errors). */
        public final List<String> nextImportErrors = new ArrayList<>();
        public final List<String> nextImportRollbackErrors = new ArrayList<>();
        /** Error messages the next export job fails with. */
        public final List<String> nextExportErrors = new ArrayList<>();
        public final Map<String, List<ResourcePermission>> permissions = new LinkedHashMap<>();
        public final Map<String, List<Tag>> tags = new LinkedHashMap<>();
        final Map<String, Job> exportJobs = new LinkedHashMap<>();
        final Map<String, Job> importJobs = new LinkedHashMap<>();

        Account(String id, String region) {
            this.id = id;
            this.region = region;
        }

        /** Asset bundle import jobs started in this account so far. */
        public int importJobsStarted() {
            return importJobs.size();
        }

        public String arn(String type, String resourceId) {
            return "arn:aws:quicksight:" + region + ":" + id + ":" + type + "/" + resourceId;
        }

        public String userArn(String namespace, String userName) {
            return arn("user", namespace + "/" + userName);
        }

        public String groupArn(String namespace, String groupName) {
            return arn("group", namespace + "/" + groupName);
        }

        /** Adds a DIRECT_QUERY or SPICE dataset as it would be after CreateDataSet (test set-up). */
        public void putDataSet(DataSet dataSet) {
            dataSets.put(dataSet.dataSetId(), dataSet.toBuilder()
                    .arn(arn("dataset", dataSet.dataSetId()))
                    .createdTime(dataSet.createdTime() != null ? dataSet.createdTime() : Instant.parse("2026-01-01T00:00:00Z"))
                    .lastUpdatedTime(Instant.parse("2026-01-01T00:00:00Z"))
                    .build());
        }

        /** Adds a dashboard or analysis over {@code dataSetIds} (test set-up). */
        public void putAsset(String kind, String assetId, String name, List<String> dataSetIds) {
            Asset asset = new Asset(assetId, name, List.copyOf(dataSetIds), 1, Instant.parse("2026-01-01T00:00:00Z"));
            ("dashboard".equals(kind) ? dashboards : analyses).put(assetId, asset);
        }
    }

    /** A data source and where its creation stands. */
    public static final class DataSourceState {
        public volatile DataSource dataSource;
        int pollsLeft;
        String failure;

        DataSourceState(DataSource dataSource, int pollsLeft, String failure) {
            this.dataSource = dataSource;
            this.pollsLeft = pollsLeft;
            this.failure = failure;
        }
    }

    /** A dashboard or an analysis: what a migration needs of it (its datasets), versioned. */
    public record Asset(String id, String name, List<String> dataSetIds, long version, Instant lastUpdated) {
    }

    /** An asset bundle job: export (source) or import (destination). */
    static final class Job {
        final String id;
        final String arn;
        int pollsLeft;
        String status = "QUEUED_FOR_IMMEDIATE_EXECUTION";
        List<String> errors = List.of();
        List<String> rollbackErrors = List.of();
        String downloadUrl;
        Runnable onSuccess;

        Job(String id, String arn, int pollsLeft) {
            this.id = id;
            this.arn = arn;
            this.pollsLeft = pollsLeft;
        }
    }

    /** What an exported bundle holds: snapshots of the exported resources, by kind. */
    record BundleContent(String sourceAccount, Map<String, DataSource> dataSources, Map<String, DataSet> dataSets,
                         Map<String, Asset> dashboards, Map<String, Asset> analyses) {
    }

    // ------------------------------------------------------------------ for the client

    /** Applies the injected throttling and failures of {@code operation}; counts a mutation. */
    void enter(String operation, boolean mutating) {
        AtomicInteger t = throttleNext.get(operation);
        if (t != null && t.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throttled.incrementAndGet();
            throw error(ThrottlingException.builder(), 429, "ThrottlingException", "Rate exceeded for " + operation);
        }
        Supplier<RuntimeException> f = failNext.remove(operation);
        if (f != null) {
            throw f.get();
        }
        if (mutating) {
            mutations.incrementAndGet();
        }
    }

    /** After {@code operation} took effect: loses its answer when told to ({@link #loseNextAnswer}). */
    void answered(String operation) {
        AtomicInteger n = loseNextAnswer.get(operation);
        if (n != null && n.getAndUpdate(c -> c > 0 ? c - 1 : 0) > 0) {
            throw error(QuickSightException.builder(), 500, "InternalFailure", "An internal failure occurred (the answer to "
                    + operation + " was lost after it took effect).");
        }
    }

    /** A ConflictException for a resource still being created, counted. */
    QuickSightException stillBeingCreated(String what) {
        conflicts.incrementAndGet();
        return conflict(what + " is CREATION_IN_PROGRESS; try again once it is done.");
    }

    /**
     * For a call naming dataset {@code id}: time passes (one call less until its creation is done); when
     * {@code conflicting} (a second create, an update, a delete) and it is still being created, ConflictException.
     */
    void dataSetCall(Account a, String id, boolean conflicting) {
        Integer left = a.dataSetsBeingCreated.get(id);
        if (left == null) {
            return;
        }
        if (left <= 1) {
            a.dataSetsBeingCreated.remove(id);
        } else {
            a.dataSetsBeingCreated.put(id, left - 1);
        }
        if (conflicting) {
            throw stillBeingCreated("DataSet " + id);
        }
    }

    Account callerAccount(String caller, String requested, String region) {
        if (!caller.equals(requested)) {
            throw error(AccessDeniedException.builder(), 401, "AccessDeniedException", "User: arn:aws:iam::" + caller
                    + ":role/caller is not authorized to perform this operation on account " + requested);
        }
        return account(requested, region);
    }

    String nextJobId(String prefix) {
        return prefix + "-" + jobSeq.incrementAndGet();
    }

    /** Writes an export job's bundle: a zip of {@code <kind>/<id>.json} entries; returns its file: URL. */
    String writeBundle(String jobId, BundleContent content) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "datasource", content.dataSources().keySet());
            entry(zip, "dataset", content.dataSets().keySet());
            entry(zip, "dashboard", content.dashboards().keySet());
            entry(zip, "analysis", content.analyses().keySet());
            zip.finish();
            byte[] file = bytes.toByteArray();
            bundles.put(sha256(file), content);
            Files.createDirectories(bundleDir);
            Path path = bundleDir.resolve(jobId + ".qs");
            Files.write(path, file);
            return path.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(ZipOutputStream zip, String kind, Set<String> ids) throws IOException {
        for (String id : ids) {
            zip.putNextEntry(new ZipEntry(kind + "/" + id + ".json"));
            zip.write(("{\"resourceId\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    /** The content of a bundle file this fake exported, or null when the bytes are no bundle of it. */
    BundleContent bundle(byte[] body) {
        return bundles.get(sha256(body));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ errors as the service sends them

    /** An SDK exception as QuickSight sends it: status, error code, message. */
    static <B extends QuickSightException.Builder> QuickSightException error(B builder, int status, String code, String message) {
        builder.statusCode(status);
        builder.message(message);
        builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("QuickSight").errorMessage(message).build());
        return (QuickSightException) builder.build();
    }

    static QuickSightException notFound(String what) {
        return error(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException", what + " not found.");
    }

    static QuickSightException exists(String what) {
        return error(ResourceExistsException.builder(), 409, "ResourceExistsException", what + " already exists.");
    }

    static QuickSightException conflict(String message) {
        return error(ConflictException.builder(), 409, "ConflictException", message);
    }

    static QuickSightException invalid(String message) {
        return error(InvalidParameterValueException.builder(), 400, "InvalidParameterValueException", message);
    }
}
