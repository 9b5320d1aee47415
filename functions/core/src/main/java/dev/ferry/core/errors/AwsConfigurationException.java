package dev.ferry.core.errors;

/**
 * The SDK's configuration gives no credentials (or no region) for a call: nothing a retry can get past, and
 * not a problem of the input. The message names the call and how to configure the SDK.
 */
public class AwsConfigurationException extends FerryException {
    public AwsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
