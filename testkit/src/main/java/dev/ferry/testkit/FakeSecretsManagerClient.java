package dev.ferry.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageResponse;

/**
 * Secrets Manager has no local emulator that runs in process: this fake implements the calls Ferry makes as
 * the API reference documents them, and {@code SecretsManagerContractTest} runs the same assertions against it
 * and against moto's server.
 *
 * <ul>
 *   <li>CreateSecret: a name in use fails {@code ResourceExistsException}, unless the request repeats the
 *       ClientRequestToken of one of its versions with the same value (then it is ignored); a name scheduled for
 *       deletion fails {@code InvalidRequestException}.</li>
 *   <li>PutSecretValue: ClientRequestToken idempotency (same token and value: the same version; same token,
 *       other value: {@code ResourceExistsException}); a new version takes {@code AWSCURRENT}, the version
 *       that had it takes {@code AWSPREVIOUS}.</li>
 *   <li>DeleteSecret: a recovery window of 7-30 days (default 30) keeps the name pending deletion, during
 *       which every call but Describe, List and Restore fails {@code InvalidRequestException};
 *       ForceDeleteWithoutRecovery removes it at once.</li>
 *   <li>UpdateSecretVersionStage moves a label; moving {@code AWSCURRENT} needs RemoveFromVersionId and puts
 *       {@code AWSPREVIOUS} on the version it leaves.</li>
 *   <li>ListSecrets: the {@code name} filter matches name prefixes; deleted secrets only with
 *       IncludePlannedDeletion; pages of MaxResults with NextToken.</li>
 * </ul>
 * Thread-safe. Secrets are identified by name or full ARN.
 */
public final class FakeSecretsManagerClient implements SecretsManagerClient {
    public static final String CURRENT = "AWSCURRENT";
    public static final String PREVIOUS = "AWSPREVIOUS";

    private final String region;
    private final String account;
    private final Map<String, Secret> secrets = new TreeMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong versionsCreated = new AtomicLong();

    public FakeSecretsManagerClient() {
        this("us-east-1", "000000000000");
    }

    public FakeSecretsManagerClient(String region, String account) {
        this.region = region;
        this.account = account;
    }

    /** A version of a secret: its value (string or binary) and staging labels. */
    private static final class Version {
        final String id;
        final String string;
        final byte[] binary;
        final List<String> stages = new ArrayList<>();
        final Instant created = Instant.now();

        Version(String id, String string, byte[] binary) {
            this.id = id;
            this.string = string;
            this.binary = binary;
        }

        boolean sameValue(String s, SdkBytes b) {
            return Objects.equals(string, s) && Arrays.equals(binary, b == null ? null : b.asByteArray());
        }
    }

    private static final class Secret {
        final String name;
        final String arn;
        final String kmsKeyId;
        final String description;
        final List<Tag> tags;
        final Map<String, Version> versions = new LinkedHashMap<>();
        final Instant created = Instant.now();
        Instant deletedDate;

        Secret(String name, String arn, String kmsKeyId, String description, List<Tag> tags) {
            this.name = name;
            this.arn = arn;
            this.kmsKeyId = kmsKeyId;
            this.description = description;
            this.tags = List.copyOf(tags);
        }

        Version withStage(String stage) {
            return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst().orElse(null);
        }
    }

    /**
     * Test set-up: a secret that exists already under an exact ARN (as one made elsewhere, whose random suffix an
     * input names), with a value and optionally its KMS key.
     */
    public synchronized FakeSecretsManagerClient seed(String arn, String value, String kmsKeyId) {
        String resource = arn.substring(arn.indexOf(":secret:") + ":secret:".length());
        String name = resource.length() > 7 && resource.charAt(resource.length() - 7) == '-' ? resource.substring(0, resource.length() - 7)
                : resource;
        Secret secret = new Secret(name, arn, kmsKeyId, null, List.of());
        Version v = new Version(UUID.randomUUID().toString(), value, null);
        v.stages.add(CURRENT);
        secret.versions.put(v.id, v);
        secrets.put(name, secret);
        return this;
    }

    // ------------------------------------------------------------------ calls

    @Override
    public synchronized CreateSecretResponse createSecret(CreateSecretRequest request) {
        calls.incrementAndGet();
        checkName(request.name());
        checkToken(request.clientRequestToken());
        checkValue(request.secretString(), request.secretBinary());
        Secret existing = secrets.get(request.name());
        if (existing != null) {
            if (existing.deletedDate != null) {
                throw error(InvalidRequestException.builder(), "InvalidRequestException", 400, "You can't create this secret because "
                        + "a secret with this name is already scheduled for deletion.");
            }
            Version v = request.clientRequestToken() == null ? null : existing.versions.get(request.clientRequestToken());
            if (v != null && v.sameValue(request.secretString(), request.secretBinary())) {
                return CreateSecretResponse.builder().arn(existing.arn).name(existing.name).versionId(v.id).build();
            }
            if (v != null) {
                throw tokenInUse(request.clientRequestToken(), existing);
            }
            throw error(ResourceExistsException.builder(), "ResourceExistsException", 400,
                    "The operation failed because the secret " + request.name() + " already exists.");
        }
        Secret secret = new Secret(request.name(), arn(request.name()), request.kmsKeyId(), request.description(),
                request.hasTags() ? request.tags() : List.of());
        secrets.put(secret.name, secret);
        String versionId = null;
        if (request.secretString() != null || request.secretBinary() != null) {
            Version v = addVersion(secret, request.clientRequestToken(), request.secretString(), request.secretBinary());
            versionId = v.id;
        }
        return CreateSecretResponse.builder().arn(secret.arn).name(secret.name).versionId(versionId).build();
    }

    @Override
    public synchronized PutSecretValueResponse putSecretValue(PutSecretValueRequest request) {
        calls.incrementAndGet();
        Secret secret = find(request.secretId());
        checkNotDeleted(secret, "PutSecretValue");
        checkToken(request.clientRequestToken());
        checkValue(request.secretString(), request.secretBinary());
        Version existing = request.clientRequestToken() == null ? null : secret.versions.get(request.clientRequestToken());
        if (existing != null) {
            if (!existing.sameValue(request.secretString(), request.secretBinary())) {
                throw tokenInUse(request.clientRequestToken(), secret);
            }
            return PutSecretValueResponse.builder().arn(secret.arn).name(secret.name).versionId(existing.id)
                    .versionStages(existing.stages).build();
        }
        Version v = addVersion(secret, request.clientRequestToken(), request.secretString(), request.secretBinary());
        return PutSecretValueResponse.builder().arn(secret.arn).name(secret.name).versionId(v.id).versionStages(v.stages).build();
    }

    @Override
    public synchronized GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        calls.incrementAndGet();
        Secret secret = find(request.secretId());
        checkNotDeleted(secret, "GetSecretValue");
        Version v;
        if (request.versionId() != null) {
            v = secret.versions.get(request.versionId());
            if (v == null || (request.versionStage() != null && !v.stages.contains(request.versionStage()))) {
                throw notFound("Secrets Manager can't find the specified secret value for VersionId: " + request.versionId());
            }
        } else {
            String stage = request.versionStage() == null ? CURRENT : request.versionStage();
            v = secret.withStage(stage);
            if (v == null) {
                throw notFound("Secrets Manager can't find the specified secret value for staging label: " + stage);
            }
        }
        return GetSecretValueResponse.builder().arn(secret.arn).name(secret.name).versionId(v.id)
                .secretString(v.string).secretBinary(v.binary == null ? null : SdkBytes.fromByteArray(v.binary))
                .versionStages(v.stages).createdDate(v.created).build();
    }

    @Override
    public synchronized DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        calls.incrementAndGet();
        Secret secret = find(request.secretId());
        Map<String, List<String>> stages = new LinkedHashMap<>();
        secret.versions.values().stream().filter(v -> !v.stages.isEmpty()).forEach(v -> stages.put(v.id, List.copyOf(v.stages)));
        return DescribeSecretResponse.builder().arn(secret.arn).name(secret.name).kmsKeyId(secret.kmsKeyId)
                .description(secret.description).tags(secret.tags).versionIdsToStages(stages)
                .createdDate(secret.created).deletedDate(secret.deletedDate).build();
    }

    @Override
    public synchronized ListSecretsResponse listSecrets(ListSecretsRequest request) {
        calls.incrementAndGet();
        boolean withDeleted = Boolean.TRUE.equals(request.includePlannedDeletion());
        List<String> prefixes = new ArrayList<>();
        if (request.hasFilters()) {
            for (Filter f : request.filters()) {
                if (f.key() != FilterNameStringType.NAME) {
                    throw error(InvalidParameterException.builder(), "InvalidParameterException", 400,
                            "this fake filters by name only, not by " + f.keyAsString());
                }
                f.values().forEach(v -> prefixes.add(v.toLowerCase(Locale.ROOT)));
            }
        }
        List<Secret> matching = secrets.values().stream()
                .filter(s -> withDeleted || s.deletedDate == null)
                .filter(s -> prefixes.isEmpty() || prefixes.stream().anyMatch(p -> s.name.toLowerCase(Locale.ROOT).startsWith(p)))
                .toList();
        int start = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int size = request.maxResults() == null ? 100 : request.maxResults();
        int end = Math.min(matching.size(), start + size);
        List<SecretListEntry> page = new ArrayList<>();
        for (Secret s : matching.subList(Math.min(start, matching.size()), end)) {
            Map<String, List<String>> stages = new LinkedHashMap<>();
            s.versions.values().stream().filter(v -> !v.stages.isEmpty()).forEach(v -> stages.put(v.id, List.copyOf(v.stages)));
            page.add(SecretListEntry.builder().arn(s.arn).name(s.name).kmsKeyId(s.kmsKeyId).tags(s.tags)
                    .deletedDate(s.deletedDate).createdDate(s.created).secretVersionsToStages(stages).build());
        }
        return ListSecretsResponse.builder().secretList(page).nextToken(end < matching.size() ? Integer.toString(end) : null).build();
    }

    @Override
    public synchronized ListSecretVersionIdsResponse listSecretVersionIds(ListSecretVersionIdsRequest request) {
        calls.incrementAndGet();
        Secret secret = find(request.secretId());
        List<SecretVersionsListEntry> versions = secret.versions.values().stream()
                .map(v -> SecretVersionsListEntry.builder().versionId(v.id).versionStages(v.stages).createdDate(v.created).build())
                .toList();
        return ListSecretVersionIdsResponse.builder().arn(secret.arn).name(secret.name).versions(versions).build();
    }

    @Override
    public synchronized DeleteSecretResponse deleteSecret(DeleteSecretRequest request) {
        calls.incrementAndGet();
        boolean force = Boolean.TRUE.equals(request.forceDeleteWithoutRecovery());
        Integer window = request.recoveryWindowInDays() == null ? null : request.recoveryWindowInDays().intValue();
        if (window != null && force) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400,
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        if (window != null && (window < 7 || window > 30)) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400,
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        Secret secret = find(request.secretId());
        if (secret.deletedDate != null && !force) {
            throw error(InvalidRequestException.builder(), "InvalidRequestException", 400,
                    "You tried to perform the operation on a secret that's currently marked deleted.");
        }
        Instant deletion;
        if (force) {
            secrets.remove(secret.name);
            deletion = Instant.now();
        } else {
            deletion = Instant.now().plusSeconds(86_400L * (window == null ? 30 : window));
            secret.deletedDate = deletion;
        }
        return DeleteSecretResponse.builder().arn(secret.arn).name(secret.name).deletionDate(deletion).build();
    }

    @Override
    public synchronized RestoreSecretResponse restoreSecret(RestoreSecretRequest request) {
        calls.incrementAndGet();
        Secret secret = find(request.secretId());
        secret.deletedDate = null;
        return RestoreSecretResponse.builder().arn(secret.arn).name(secret.name).build();
    }

    @Override
    public synchronized UpdateSecretVersionStageResponse updateSecretVersionStage(UpdateSecretVersionStageRequest request) {
        calls.incrementAndGet();
        Secret secret = find(request.secretId());
        checkNotDeleted(secret, "UpdateSecretVersionStage");
        String stage = request.versionStage();
        Version holder = secret.withStage(stage);
        Version from = request.removeFromVersionId() == null ? null : secret.versions.get(request.removeFromVersionId());
        Version to = request.moveToVersionId() == null ? null : secret.versions.get(request.moveToVersionId());
        if (request.removeFromVersionId() != null && (from == null || !from.stages.contains(stage))) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400,
                    "Version stage " + stage + " not found in version " + request.removeFromVersionId());
        }
        if (request.moveToVersionId() != null && to == null) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400, "Not a valid version: " + request.moveToVersionId());
        }
        if (to != null && holder != null && holder != to && from == null) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400, "The parameter RemoveFromVersionId can't "
                    + "be empty. Staging label " + stage + " is currently attached to version " + holder.id
                    + ", so you must explicitly reference that version in RemoveFromVersionId.");
        }
        if (from != null) {
            from.stages.remove(stage);
        }
        if (to != null && !to.stages.contains(stage)) {
            to.stages.add(stage);
        }
        if (CURRENT.equals(stage) && from != null && to != null && from != to) {
            secret.versions.values().forEach(v -> v.stages.remove(PREVIOUS));
            from.stages.add(PREVIOUS);
        }
        return UpdateSecretVersionStageResponse.builder().arn(secret.arn).name(secret.name).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }

    // ------------------------------------------------------------------ for tests

    /** Every call made so far. */
    public long calls() {
        return calls.get();
    }

    /** Versions created so far, over all secrets (a re-run that changes nothing adds none). */
    public long versionsCreated() {
        return versionsCreated.get();
    }

    /** Names of the secrets that exist (pending deletion included). */
    public synchronized List<String> names() {
        return List.copyOf(secrets.keySet());
    }

    /** Whether the secret exists and is not scheduled for deletion. */
    public synchronized boolean isActive(String name) {
        Secret s = secrets.get(name);
        return s != null && s.deletedDate == null;
    }

    // ------------------------------------------------------------------ internals

    private Version addVersion(Secret secret, String token, String string, SdkBytes binary) {
        Version v = new Version(token != null ? token : UUID.randomUUID().toString(), string, binary == null ? null : binary.asByteArray());
        Version current = secret.withStage(CURRENT);
        secret.versions.values().forEach(old -> old.stages.remove(PREVIOUS));
        if (current != null) {
            current.stages.remove(CURRENT);
            current.stages.add(PREVIOUS);
        }
        v.stages.add(CURRENT);
        secret.versions.put(v.id, v);
        versionsCreated.incrementAndGet();
        return v;
    }

    private Secret find(String id) {
        if (id == null || id.isBlank()) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400, "SecretId is required.");
        }
        Secret s = secrets.get(id);
        if (s == null) {
            s = secrets.values().stream().filter(x -> x.arn.equals(id)).findFirst().orElse(null);
        }
        if (s == null) {
            throw notFound("Secrets Manager can't find the specified secret.");
        }
        return s;
    }

    private static void checkNotDeleted(Secret s, String operation) {
        if (s.deletedDate != null) {
            throw error(InvalidRequestException.builder(), "InvalidRequestException", 400, "You can't perform this operation ("
                    + operation + ") on the secret because it was marked for deletion.");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 512 || !name.matches("[A-Za-z0-9/_+=.@-]+")) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400,
                    "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }
    }

    private static void checkToken(String token) {
        if (token != null && (token.length() < 32 || token.length() > 64)) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400, "ClientRequestToken must be 32-64 characters long.");
        }
    }

    private static void checkValue(String string, SdkBytes binary) {
        if (string != null && binary != null) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException", 400,
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
    }

    private String arn(String name) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name + "-" + suffix;
    }

    private static ResourceExistsException tokenInUse(String token, Secret secret) {
        return error(ResourceExistsException.builder(), "ResourceExistsException", 400, "You can't use ClientRequestToken "
                + token + " because that value is already in use for a version of secret " + secret.arn + ".");
    }

    private static ResourceNotFoundException notFound(String message) {
        return error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400, message);
    }

    @SuppressWarnings("unchecked")
    private static <E extends SecretsManagerException, B extends SecretsManagerException.Builder> E error(B builder, String code,
                                                                                                        int status, String message) {
        return (E) builder.message(message).statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("SecretsManager").build())
                .build();
    }
}
