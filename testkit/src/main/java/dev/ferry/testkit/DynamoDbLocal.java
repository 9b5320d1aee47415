package dev.ferry.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * One DynamoDB Local 3.x HTTP server per test JVM, in process and in memory, shared by every
 * test class (starting one costs seconds). It is reached the way users reach any emulator:
 * through the SDK's standard {@code aws.endpointUrlDynamoDb} setting, so Ferry's own
 * {@code ClientFactory} needs no test hook.
 */
public final class DynamoDbLocal {
    private static DynamoDbLocal instance;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocal() throws Exception {
        int port = freePort();
        server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
        server.start();
        endpoint = URI.create("http://localhost:" + port);
        System.setProperty("aws.endpointUrlDynamoDb", endpoint.toString());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the JVM is going away
            }
        }));
    }

    /** Starts the shared server on first use. */
    public static synchronized DynamoDbLocal get() {
        if (instance == null) {
            try {
                instance = new DynamoDbLocal();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A plain client straight at the server (region us-east-1), for test set-up and assertions. */
    public DynamoDbClient client() {
        return client("us-east-1");
    }

    /**
     * A plain client for one region. DynamoDB Local (without -sharedDb) keeps a separate database
     * per region and access key, which is how tests stand in for two regions.
     */
    public DynamoDbClient client(String region) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ferrytest", "ferrytest")))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
