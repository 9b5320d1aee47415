package dev.ferry.dynamodb.support;

import dev.ferry.core.errors.TransientException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Small helpers for classifying AWS SDK failures. */
public final class Aws {
    private Aws() {
    }

    /** Throttling, a 5xx or a network fault: worth trying again. */
    public static boolean retryable(Throwable e) {
        if (e instanceof SdkServiceException s) {
            return s.isThrottlingException() || s.statusCode() >= 500 || s.statusCode() == 429;
        }
        return e instanceof SdkClientException c && (c.retryable() || c.getCause() instanceof java.io.IOException);
    }

    /** Runs a call, turning a retryable SDK failure into a {@link TransientException}. */
    public static <T> T transientOnRetryable(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            if (retryable(e)) {
                throw new TransientException(what + " failed for now (" + describe(e) + "); it is retried", e);
            }
            throw e;
        }
    }

    /** A short, secret-free description of an SDK failure: the error code and status. */
    public static String describe(Throwable e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode() + ", HTTP " + a.statusCode();
        }
        if (e instanceof SdkServiceException s) {
            return "HTTP " + s.statusCode();
        }
        return e.getClass().getSimpleName();
    }
}
