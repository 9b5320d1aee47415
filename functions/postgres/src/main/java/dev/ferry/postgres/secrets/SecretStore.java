package dev.ferry.postgres.secrets;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.Side;
import dev.ferry.core.dynamodb.FerryTags;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Puts a row's secret in Secrets Manager: creates it, or adds a version only when its value changed (compared by
 * SHA-256 digest in memory), each with a ClientRequestToken derived from the run id, the name and the version it
 * replaces, so a retried call never adds a second version. Every secret or version is recorded in the ledger
 * BEFORE the call, so rollback deletes exactly the secrets the run created and moves {@code AWSCURRENT} back
 * where it only added a version. Values never leave memory except to Secrets Manager.
 */
public final class SecretStore {
    /** Ledger resource type of a secret the run created. */
    public static final String SECRET = "secretsmanager:secret";
    /** Ledger resource type of a version the run added to an existing secret. */
    public static final String VERSION = "secretsmanager:secret-version";
    static final String UNDO = "undo#";

    /** What became of one row's secret. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** What a version undo needs: the version AWSCURRENT was on before. */
    public record VersionUndo(String secretName, String versionId, String previousVersionId) {
    }

    private final SecretsManagerClient sm;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final String runId;
    private final Side side;
    private final String kmsKeyId;
    private final List<Tag> tags;

    public SecretStore(SecretsManagerClient sm, AwsCalls calls, RunLedger ledger, String runId, Side side, String kmsKeyId,
                       Map<String, String> tags) {
        this.sm = sm;
        this.calls = calls;
        this.ledger = ledger;
        this.runId = runId;
        this.side = side;
        this.kmsKeyId = kmsKeyId;
        List<Tag> all = new ArrayList<>();
        all.add(Tag.builder().key(FerryTags.RUN_ID).value(runId).build());
        if (tags != null) {
            tags.forEach((k, v) -> all.add(Tag.builder().key(k).value(v).build()));
        }
        this.tags = List.copyOf(all);
    }

    /** The digest secrets are compared by (the values themselves are never shown). */
    public static String digest(String value) {
        return value == null ? "" : Hashing.sha256Hex(value);
    }

    /**
     * Creates the secret or updates it when its value differs.
     *
     * @throws FerryException naming the secret (never its value) when it cannot be written
     */
    public Outcome put(String name, String value) {
        GetSecretValueResponse current;
        try {
            current = calls.call("GetSecretValue " + name, () -> sm.getSecretValue(b -> b.secretId(name)));
        } catch (ResourceNotFoundException absent) {
            if (create(name, value)) {
                return Outcome.CREATED;
            }
            current = calls.call("GetSecretValue " + name, () -> sm.getSecretValue(b -> b.secretId(name)));
        } catch (InvalidRequestException deleted) {
            throw pendingDeletion(name);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new FerryException("reading secret " + name + " failed (" + AwsErrors.describe(e) + "): grant "
                    + "secretsmanager:GetSecretValue on the secret name prefix to the functions' role", e);
        }
        if (same(current.secretString(), value)) {
            return Outcome.UNCHANGED;
        }
        addVersion(name, value, current.versionId());
        return Outcome.UPDATED;
    }

    /** @return false when the name turned out to exist already (someone else's): the caller updates it instead */
    private boolean create(String name, String value) {
        String key = key(SECRET, name);
        ledger.recordIntent(runId, key, SECRET, name, side);
        String token = token(name, "create");
        try {
            calls.call("CreateSecret " + name, () -> sm.createSecret(b -> b.name(name).secretString(value).clientRequestToken(token)
                    .kmsKeyId(kmsKeyId).tags(tags).description("Migrated by Ferry run " + runId)));
        } catch (ResourceExistsException exists) {
            if (!ours(name)) {
                ledger.setResourceStatus(runId, key, ResourceStatus.PREEXISTING);
                return false;
            }
        } catch (InvalidRequestException deleted) {
            ledger.setResourceStatus(runId, key, ResourceStatus.PREEXISTING);
            throw pendingDeletion(name);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new FerryException("creating secret " + name + " failed (" + AwsErrors.describe(e) + "): grant "
                    + "secretsmanager:CreateSecret and TagResource on the name prefix (and kms:GenerateDataKey on its KMS key)", e);
        }
        ledger.setResourceStatus(runId, key, ResourceStatus.CREATED);
        return true;
    }

    private void addVersion(String name, String value, String previousVersionId) {
        String token = token(name, previousVersionId);
        String key = key(VERSION, name) + ":" + token;
        ledger.putDocument(runId, UNDO + key, new VersionUndo(name, token, previousVersionId));
        ledger.recordIntent(runId, key, VERSION, name, side);
        try {
            calls.call("PutSecretValue " + name, () -> sm.putSecretValue(b -> b.secretId(name).secretString(value).clientRequestToken(token)));
        } catch (ResourceExistsException raced) {
            throw new TransientException("secret " + name + " got another value under this run's request token while it was being "
                    + "written (a concurrent invocation); the step is retried and compares again");
        } catch (InvalidRequestException deleted) {
            throw pendingDeletion(name);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new FerryException("updating secret " + name + " failed (" + AwsErrors.describe(e) + "): grant "
                    + "secretsmanager:PutSecretValue on the name prefix to the functions' role", e);
        }
        ledger.setResourceStatus(runId, key, ResourceStatus.CREATED);
    }

    private boolean ours(String name) {
        DescribeSecretResponse d = calls.call("DescribeSecret " + name, () -> sm.describeSecret(b -> b.secretId(name)));
        return d.deletedDate() == null && d.hasTags() && d.tags().stream()
                .anyMatch(t -> t.key().equals(FerryTags.RUN_ID) && t.value().equals(runId));
    }

    private static FerryException pendingDeletion(String name) {
        return new FerryException("secret " + name + " is scheduled for deletion in Secrets Manager: restore it (aws secretsmanager "
                + "restore-secret --secret-id " + name + ") or change the secret name template, then start the run again");
    }

    /** Compares two values by digest, in constant time. */
    private static boolean same(String a, String b) {
        return a != null && MessageDigest.isEqual(digest(a).getBytes(StandardCharsets.US_ASCII), digest(b).getBytes(StandardCharsets.US_ASCII));
    }

    /** A ClientRequestToken (a UUID, 36 characters) from the run id, the name and what the version replaces. */
    String token(String name, String replaces) {
        byte[] h = Hashing.sha256Hex(runId + "\n" + name + "\n" + replaces).substring(0, 32).getBytes(StandardCharsets.US_ASCII);
        String hex = new String(h, StandardCharsets.US_ASCII);
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32)).toString();
    }

    /** Ledger key of a secret resource. */
    String key(String type, String name) {
        return type + ":" + (side.region() == null ? "default" : side.region()) + ":"
                + (side.roleArn() == null ? "caller" : side.roleArn()) + ":" + name;
    }
}
