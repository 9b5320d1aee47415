package dev.ferry.core.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one classification of AWS SDK failures that every Ferry call uses (through {@link AwsCalls}):
 * throttling, HTTP 429, any 5xx and connection faults are worth trying again; anything else (access
 * denied, a missing resource, a validation error) is an answer.
 */
public final class AwsErrors {
    private AwsErrors() {
    }

    /** Throttling, a 429 or a 5xx, or a network fault: worth trying again. */
    public static boolean retryable(Throwable e) {
        if (e instanceof SdkServiceException s) {
            return s.isThrottlingException() || s.statusCode() >= 500 || s.statusCode() == 429;
        }
        if (e instanceof SdkClientException c) {
            return c.retryable() || hasCause(c, java.io.IOException.class);
        }
        return false;
    }

    /**
     * The failure of {@code what} as a configuration problem, when the SDK could not find credentials or a region
     * for it (it says so only in its message); empty for any other failure.
     */
    public static java.util.Optional<dev.ferry.core.errors.AwsConfigurationException> configurationProblem(String what, Throwable e) {
        String message = e instanceof SdkClientException && e.getMessage() != null ? e.getMessage() : "";
        if (message.startsWith("Unable to load credentials")) {
            return java.util.Optional.of(new dev.ferry.core.errors.AwsConfigurationException(what + ": no AWS credentials were "
                    + "found. Fix: set AWS_PROFILE to a profile of ~/.aws/config (after `aws sso login --profile <name>` for "
                    + "an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; a side of the input can also name a "
                    + "profile or a roleArn of its own.", e));
        }
        if (message.startsWith("Unable to load region")) {
            return java.util.Optional.of(new dev.ferry.core.errors.AwsConfigurationException(what + ": no AWS region is "
                    + "configured. Fix: set AWS_REGION (e.g. us-east-1), or AWS_PROFILE naming a profile with a region, or "
                    + "give the side of the input its region.", e));
        }
        return java.util.Optional.empty();
    }

    /** The service's error code ({@code ResourceNotFoundException}, ...), or null. */
    public static String code(Throwable e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
    }

    /** A short, secret-free description of an SDK failure: the error code and status. */
    public static String describe(Throwable e) {
        String code = code(e);
        if (code != null) {
            return code + ", HTTP " + ((AwsServiceException) e).statusCode();
        }
        if (e instanceof SdkServiceException s) {
            return "HTTP " + s.statusCode();
        }
        return e.getClass().getSimpleName();
    }

    /** The first line of an SDK message, without the request-id tail ({@code (Service: ..., Request ID: ...)}). */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        int req = line.indexOf(" (Service:");
        return req < 0 ? line : line.substring(0, req);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
