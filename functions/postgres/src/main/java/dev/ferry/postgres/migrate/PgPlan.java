package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.Side;
import java.util.List;
import java.util.Map;

/**
 * A validated, normalised postgres-to-dynamodb input: what Validate returns and every later step reads. It
 * holds names and settings only: never a password, a key or a secret value.
 *
 * @param runId the run id
 * @param mode {@code full}, {@code incremental} or {@code drift-check}
 * @param dryRun plan and report only
 * @param source the database
 * @param destination where the DynamoDB tables and the secrets go
 * @param tables the tables in input order
 * @param options options with their defaults filled in
 * @param inputHash hash of everything above but the run id, to detect run id reuse
 * @param syncId what ties the incremental runs of one migration together (their watermarks)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PgPlan(String runId, String mode, boolean dryRun, SourceSpec source, Side destination, List<TableSpec> tables,
                     Options options, String inputHash, String syncId) {
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String DRIFT_CHECK = "drift-check";

    public boolean full() {
        return FULL.equals(mode);
    }

    public boolean incremental() {
        return INCREMENTAL.equals(mode);
    }

    public boolean driftCheck() {
        return DRIFT_CHECK.equals(mode);
    }

    /** Whether the run writes to DynamoDB and Secrets Manager at all. */
    public boolean writes() {
        return !dryRun && !driftCheck();
    }

    /**
     * The database.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database?sslmode=...}, without user or password
     * @param secretArn the secret holding {@code {"username", "password"}} (the RDS convention), or null
     * @param iamUser the database user of RDS IAM authentication, or null
     * @param region the region of RDS IAM authentication and of the credentials secret (from its ARN when not given)
     * @param schema the schema the tables are in
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceSpec(String jdbcUrl, String secretArn, String iamUser, String region, String schema) {
    }

    /**
     * One source table.
     *
     * @param source the table's name in {@link SourceSpec#schema()}
     * @param target the DynamoDB table (null for a secret table)
     * @param partitionKey the items' partition key (null: from the primary key)
     * @param sortKey the items' sort key (null: from the primary key's second column, if any)
     * @param indexes global secondary indexes of a table the run creates
     * @param columns attribute mapping per column (absent: same name, natural conversion)
     * @param exclude columns left out of the items
     * @param idStrategy {@code keep} or {@code uuid5}
     * @param idNamespace the uuid5 namespace (null: derived from the table's name)
     * @param watermark the column incremental runs read changes from (null: the options' default, if the table has it)
     * @param secret set for a table whose rows become secrets instead of items
     * @param segments key ranges (null: automatic)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TableSpec(String source, String target, KeySpec partitionKey, KeySpec sortKey, List<IndexSpec> indexes,
                            Map<String, ColumnSpec> columns, List<String> exclude, String idStrategy, String idNamespace,
                            String watermark, SecretSpec secret, Integer segments) {
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isSecret() {
            return secret != null;
        }
    }

    /**
     * A key attribute: an attribute fed by one column (its converted value), or a string made from a template
     * such as {@code TENANT#{tenant_id}}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeySpec(String attribute, String template) {
    }

    /** A global secondary index on item attributes (projection ALL). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IndexSpec(String name, String partitionKey, String sortKey) {
    }

    /**
     * How one column becomes an attribute.
     *
     * @param attribute the attribute's name (null: the column's)
     * @param as the conversion: null (natural), {@code string}, {@code number}, {@code json} or {@code skip}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ColumnSpec(String attribute, String as) {
    }

    /**
     * Rows that become Secrets Manager secrets.
     *
     * @param name the name template, e.g. {@code threat-engine/account/{account_id}} (ids as mapped)
     * @param encryptedColumn the column holding the ciphertext
     * @param decryption how it is decrypted, and where its key is
     * @param value the secret's JSON value: strings {@code "{column}"} take that column's value (the decrypted one
     *     for the encrypted column, as JSON when it is a JSON document); null: the decrypted value alone
     * @param kmsKeyId the KMS key Secrets Manager encrypts the secrets with (null: aws/secretsmanager)
     * @param tags tags of the secrets the run creates
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretSpec(String name, String encryptedColumn, DecryptionSpec decryption, JsonNode value, String kmsKeyId,
                             Map<String, String> tags) {
    }

    /**
     * How the encrypted column is decrypted.
     *
     * @param method {@code none}, {@code fernet}, {@code aes-gcm} or {@code kms}
     * @param keySecretArn the secret holding the key (fernet, aes-gcm)
     * @param keySecretField the field of a JSON secret value holding the key (null: the whole value, or
     *     {@code key}/{@code keys} of a JSON value)
     * @param kmsEncryptedKey the key as a KMS ciphertext blob, base64 (fernet, aes-gcm): decrypted by KMS
     * @param kmsKeyId the key of {@code kms} decryption (optional: KMS finds it in the blob)
     * @param encryptionContext the encryption context of {@code kms} decryption
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecryptionSpec(String method, String keySecretArn, String keySecretField, String kmsEncryptedKey,
                                 String kmsKeyId, Map<String, String> encryptionContext) {
        /** Where the key is, for messages (never the key). */
        public String keyLocation() {
            if (keySecretArn != null) {
                return "secret " + keySecretArn + (keySecretField == null ? "" : " (field " + keySecretField + ")");
            }
            if (kmsEncryptedKey != null) {
                return "the KMS-encrypted key (kmsEncryptedKey)";
            }
            return kmsKeyId != null ? "KMS key " + kmsKeyId : "KMS";
        }
    }

    /**
     * Options with their defaults.
     *
     * @param segments key ranges per table (null: automatic)
     * @param nulls {@code omit} (a NULL column is no attribute) or {@code null} (a NULL attribute)
     * @param verifySample fraction of rows compared field by field (the rest: presence)
     * @param onDecryptError {@code fail} or {@code skip} (report the row by key and go on)
     * @param ifTargetExists {@code reuse-if-compatible} or {@code fail}
     * @param recoveryWindowDays the recovery window of secrets rollback deletes (0: deleted at once)
     * @param order the load order (null: from the foreign keys)
     * @param tenantColumn the column per-tenant counts are made by (when a table has it)
     * @param maxWriteUnitsPerSecond cap on write units per second on each target table (null: none)
     * @param watermarkColumn the default watermark column of incremental runs
     * @param overlapSeconds how far before the last watermark an incremental run reads again
     * @param propagateDeletes whether incremental runs delete items whose row is gone
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Options(Integer segments, String nulls, double verifySample, String onDecryptError, String ifTargetExists,
                          int recoveryWindowDays, List<String> order, String tenantColumn, Integer maxWriteUnitsPerSecond,
                          String watermarkColumn, int overlapSeconds, boolean propagateDeletes) {
        public boolean skipDecryptErrors() {
            return "skip".equals(onDecryptError);
        }

        public boolean keepNulls() {
            return "null".equals(nulls);
        }
    }
}
