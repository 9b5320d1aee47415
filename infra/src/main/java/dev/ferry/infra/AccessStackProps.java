package dev.ferry.infra;

import java.util.regex.Pattern;

import software.amazon.awscdk.StackProps;

/**
 * Props of {@link SourceAccessStack} and {@link DestinationAccessStack}: who may assume the role (the
 * control account, with an external id) and the role's name.
 */
public final class AccessStackProps {

    private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");
    /** sts:ExternalId: 2..1224 characters of [\w+=,.@:/-]. */
    private static final Pattern EXTERNAL_ID = Pattern.compile("^[\\w+=,.@:/-]{2,1224}$");
    /** IAM role names: up to 64 of [\w+=,.@-]; Ferry's start with "ferry-" (the control functions may assume only those). */
    private static final Pattern ROLE_NAME = Pattern.compile("^ferry-[\\w+=,.@-]{1,58}$");

    private final StackProps stackProps;
    private final String controlAccountId;
    private final String externalId;
    private final String roleName;

    private AccessStackProps(Builder builder) {
        this.stackProps = builder.stackProps;
        this.controlAccountId = builder.controlAccountId;
        this.externalId = builder.externalId;
        this.roleName = builder.roleName;
    }

    public static Builder builder() {
        return new Builder();
    }

    public StackProps getStackProps() {
        return stackProps;
    }

    public String getControlAccountId() {
        return controlAccountId;
    }

    public String getExternalId() {
        return externalId;
    }

    public String getRoleName() {
        return roleName;
    }

    public static final class Builder {
        private StackProps stackProps = StackProps.builder().build();
        private String controlAccountId;
        private String externalId;
        private String roleName;

        private Builder() {
        }

        public Builder stackProps(StackProps stackProps) {
            this.stackProps = stackProps;
            return this;
        }

        /** The 12-digit account that runs FerryControl (CDK context {@code controlAccountId}). */
        public Builder controlAccountId(String controlAccountId) {
            this.controlAccountId = controlAccountId;
            return this;
        }

        /** The external id runs pass when assuming the role (CDK context {@code externalId}). */
        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        /** The role's name; must start with {@code ferry-}. */
        public Builder roleName(String roleName) {
            this.roleName = roleName;
            return this;
        }

        /**
         * @param stack the stack these props are for, named in error messages
         * @throws IllegalArgumentException naming the missing or invalid value and the context key that sets it
         */
        public AccessStackProps build(String stack) {
            if (controlAccountId == null || controlAccountId.isBlank()) {
                throw new IllegalArgumentException(stack + " needs the control account id: pass "
                        + "-c controlAccountId=<12-digit account that runs FerryControl>");
            }
            if (!ACCOUNT_ID.matcher(controlAccountId).matches()) {
                throw new IllegalArgumentException(stack + ": controlAccountId must be a 12-digit AWS account id, got '"
                        + controlAccountId + "'");
            }
            if (externalId == null || externalId.isBlank()) {
                throw new IllegalArgumentException(stack + " needs an external id: pass -c externalId=<shared secret "
                        + "that runs send as sts:ExternalId>");
            }
            if (!EXTERNAL_ID.matcher(externalId).matches()) {
                throw new IllegalArgumentException(stack + ": externalId must be 2-1224 characters of letters, digits "
                        + "and +=,.@:/-_ (got " + externalId.length() + " characters)");
            }
            if (roleName == null || !ROLE_NAME.matcher(roleName).matches()) {
                throw new IllegalArgumentException(stack + ": the role name must start with 'ferry-' (the control "
                        + "functions may assume only ferry-* roles) and be at most 64 characters of [A-Za-z0-9+=,.@_-], "
                        + "got '" + roleName + "'");
            }
            if (stackProps == null) {
                throw new IllegalArgumentException(stack + ": stackProps must not be null (omit it for the defaults)");
            }
            return new AccessStackProps(this);
        }
    }
}
