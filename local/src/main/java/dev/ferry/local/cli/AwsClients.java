package dev.ferry.local.cli;

import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The Step Functions and CloudFormation clients of {@code ferry start}: the SDK's standard
 * configuration (profile, region, credentials, AWS_ENDPOINT_URL), optionally with an explicit
 * region and endpoint.
 */
final class AwsClients implements AutoCloseable {
    private final String region;
    private final URI endpoint;
    private SfnClient sfn;
    private CloudFormationClient cloudFormation;

    AwsClients(String region, URI endpoint) {
        this.region = region;
        this.endpoint = endpoint;
    }

    SfnClient sfn() {
        if (sfn == null) {
            var builder = SfnClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
            if (region != null) {
                builder.region(Region.of(region));
            }
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            sfn = builder.build();
        }
        return sfn;
    }

    CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            var builder = CloudFormationClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
            if (region != null) {
                builder.region(Region.of(region));
            }
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            cloudFormation = builder.build();
        }
        return cloudFormation;
    }

    @Override
    public void close() {
        if (sfn != null) {
            sfn.close();
        }
        if (cloudFormation != null) {
            cloudFormation.close();
        }
    }
}
