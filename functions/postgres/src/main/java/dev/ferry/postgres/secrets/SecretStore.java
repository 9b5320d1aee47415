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

    /** One row's secret: its name and value (in memory only). */
    public record Entry(String name, String value) {
    }

    /**
     * Puts a page of secrets: reads them all (in parallel), records the ones to create in the ledger together,
     * creates them (in parallel), marks them created together, and adds a version to the ones whose value differs.
     * Each secret is created, or gets a version when its value differs, or is left as it is; with a few ledger calls
     * per page instead of four per secret.
     *
     * @return the outcome of each entry, in order
     */
    public List<Outcome> putAll(List<Entry> entries, java.util.concurrent.ExecutorService pool) {
        List<GetSecretValueResponse> current = parallel(pool, entries, e -> read(e.name()));
        List<Integer> absent = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (current.get(i) == null) {
                absent.add(i);
            }
        }
        Outcome[] outcomes = new Outcome[entries.size()];
        if (!absent.isEmpty()) {
            ledger.recordIntents(runId, absent.stream().map(i -> new RunLedger.Intent(key(SECRET, entries.get(i).name()), SECRET,
                    entries.get(i).name(), side)).toList());
            List<Boolean> created = parallel(pool, absent.stream().map(entries::get).toList(), e -> createRecorded(e.name(), e.value()));
            List<String> createdKeys = new ArrayList<>();
            for (int j = 0; j < absent.size(); j++) {
                int i = absent.get(j);
                if (created.get(j)) {
                    outcomes[i] = Outcome.CREATED;
                    createdKeys.add(key(SECRET, entries.get(i).name()));
                } else {
                    current.set(i, read(entries.get(i).name())); // someone else's: updated below like any existing secret
                }
            }
            ledger.setResourceStatuses(runId, createdKeys, ResourceStatus.CREATED);
        }
        for (int i = 0; i < entries.size(); i++) {
            if (outcomes[i] != null) {
                continue;
            }
            GetSecretValueResponse now = current.get(i);
            if (same(now.secretString(), entries.get(i).value())) {
                outcomes[i] = Outcome.UNCHANGED;
            } else {
                addVersion(entries.get(i).name(), entries.get(i).value(), now.versionId());
                outcomes[i] = Outcome.UPDATED;
            }
        }
        return List.of(outcomes);
    }

    /** The secret's current value, or null when it does not exist. */
    private GetSecretValueResponse read(String name) {
        try {
            return calls.call("GetSecretValue " + name, () -> sm.getSecretValue(b -> b.secretId(name)));
        } catch (ResourceNotFoundException absent) {
            return null;
        } catch (InvalidRequestException deleted) {
            throw pendingDeletion(name);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new FerryException("reading secret " + name + " failed (" + AwsErrors.describe(e) + "): grant "
                    + "secretsmanager:GetSecretValue on the secret name prefix to the functions' role", e);
        }
    }

    /** CreateSecret for an intent already recorded; false when the name is someone else's (marked PREEXISTING). */
    private boolean createRecorded(String name, String value) {
        String key = key(SECRET, name);
        try {
            calls.call("CreateSecret " + name, () -> sm.createSecret(b -> b.name(name).secretString(value).clientRequestToken(token(name, "create"))
                    .kmsKeyId(kmsKeyId).tags(tags).description("Migrated by Ferry run " + runId)));
            return true;
        } catch (ResourceExistsException exists) {
            if (ours(name)) {
                return true;
            }
            ledger.setResourceStatus(runId, key, ResourceStatus.PREEXISTING);
            return false;
        } catch (InvalidRequestException deleted) {
            ledger.setResourceStatus(runId, key, ResourceStatus.PREEXISTING);
            throw pendingDeletion(name);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new FerryException("creating secret " + name + " failed (" + AwsErrors.describe(e) + "): grant "
                    + "secretsmanager:CreateSecret and TagResource on the name prefix (and kms:GenerateDataKey on its KMS key)", e);
        }
    }

    /** Runs {@code work} for each item on the pool, results in order; the first failure is thrown as it was. */
    private static <T, R> List<R> parallel(java.util.concurrent.ExecutorService pool, List<T> items, java.util.function.Function<T, R> work) {
        List<java.util.concurrent.Future<R>> futures = new ArrayList<>(items.size());
        items.forEach(item -> futures.add(pool.submit(() -> work.apply(item))));
        List<R> out = new ArrayList<>(items.size());
        for (java.util.concurrent.Future<R> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientException("interrupted while writing secrets; the step is retried");
            } catch (java.util.concurrent.ExecutionException e) {
                futures.forEach(other -> other.cancel(true));
                throw e.getCause() instanceof RuntimeException r ? r : new FerryException("writing secrets failed", e.getCause());
            }
        }
        return out;
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
