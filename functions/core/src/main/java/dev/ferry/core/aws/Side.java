package dev.ferry.core.aws;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a workflow reads from or writes to: a region, and optionally a role to assume there
 * (with its external id) or, in local runs only, a named profile of the shared AWS config.
 * Everything else (credentials, endpoints) comes from the SDK's standard configuration.
 *
 * @param region the AWS region, e.g. {@code us-east-1}; null means the SDK's default region chain
 * @param roleArn a role to assume for this side, or null to use the caller's credentials
 * @param externalId the external id the role's trust policy requires, or null
 * @param profile a profile of ~/.aws/config to start from (local runs), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Side(String region, String roleArn, String externalId, String profile) {

    /** A side that uses the caller's own credentials in the given region. */
    public static Side of(String region) {
        return new Side(region, null, null, null);
    }

    /** Short, secret-free description for log lines and reports. */
    public String describe() {
        StringBuilder b = new StringBuilder(region == null ? "default region" : region);
        if (roleArn != null) {
            b.append(" as ").append(roleArn);
        }
        if (profile != null) {
            b.append(" (profile ").append(profile).append(')');
        }
        return b.toString();
    }

    /**
     * This side as the run ledger may keep it: no external id (the ledger holds no secret). The
     * {@link #externalIdDigest()} kept beside it tells sides apart and checks an external id given back.
     */
    @JsonIgnore
    public Side withoutSecrets() {
        return externalId == null ? this : new Side(region, roleArn, null, profile);
    }

    /** The same side with the given external id. */
    public Side withExternalId(String id) {
        return new Side(region, roleArn, id, profile);
    }

    /**
     * A digest of the external id, salted with the role ARN (SHA-256 of {@code roleArn + "\n" + externalId}),
     * or null when there is none: enough to recognise the external id when a rollback is given it again.
     */
    @JsonIgnore
    public String externalIdDigest() {
        return externalId == null ? null : digestOf(roleArn, externalId);
    }

    /** {@link #externalIdDigest()} of a role ARN and an external id. */
    public static String digestOf(String roleArn, String externalId) {
        return dev.ferry.core.util.Hashing.sha256Hex(roleArn + "\n" + externalId);
    }

    /** True when both sides resolve to the same credentials and region, i.e. the same place. */
    public boolean samePlaceAs(Side other) {
        return other != null
                && java.util.Objects.equals(region, other.region)
                && java.util.Objects.equals(roleArn, other.roleArn)
                && java.util.Objects.equals(profile, other.profile);
    }
}
