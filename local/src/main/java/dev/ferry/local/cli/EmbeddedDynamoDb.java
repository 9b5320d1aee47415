package dev.ferry.local.cli;

import java.net.ServerSocket;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local 3.x, in this process and in memory, for {@code ferry demo} and {@code ferry bench}.
 * While it runs, the SDK's standard settings point every DynamoDB client of this JVM at it (system
 * properties {@code aws.endpointUrlDynamoDb}, {@code aws.region} and demo credentials), exactly as
 * a user points Ferry at any emulator; {@link #close()} restores them. DynamoDB Local keeps a
 * separate database per region, so two regions stand in for two accounts.
 */
final class EmbeddedDynamoDb implements AutoCloseable {
    /**
     * The access key id (and secret) the demos use. DynamoDB Local (without -sharedDb) keeps one database per access
     * key id and region, so a later {@code ferry run} sees the demo's tables only with these same credentials.
     */
    static final String DEMO_KEY = "ferrydemo";
    private final DynamoDBProxyServer server;
    private final String endpoint;
    private final ScopedProperties properties = new ScopedProperties();

    private EmbeddedDynamoDb(DynamoDBProxyServer server, String endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static EmbeddedDynamoDb start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            DynamoDBProxyServer server;
            java.io.PrintStream stdout = System.out;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())); // its banner is not our output
            try {
                server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
                server.start();
            } finally {
                System.setOut(stdout);
            }
            EmbeddedDynamoDb db = new EmbeddedDynamoDb(server, "http://localhost:" + port);
            db.set("aws.endpointUrlDynamoDb", db.endpoint);
            db.set("aws.region", "us-east-1");
            db.set("aws.accessKeyId", DEMO_KEY);
            db.set("aws.secretAccessKey", DEMO_KEY);
            return db;
        } catch (Exception e) {
            throw new CliException("DynamoDB Local did not start in process: " + e.getMessage());
        }
    }

    /** Points this JVM's DynamoDB clients at an already running server instead (no server started). */
    static EmbeddedDynamoDb external(String endpoint) {
        EmbeddedDynamoDb db = new EmbeddedDynamoDb(null, endpoint);
        db.set("aws.endpointUrlDynamoDb", endpoint);
        if (System.getProperty("aws.region") == null && System.getenv("AWS_REGION") == null) {
            db.set("aws.region", "us-east-1");
        }
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            // an emulator accepts any credentials; real ones from the environment still win
            db.set("aws.accessKeyId", DEMO_KEY);
            db.set("aws.secretAccessKey", DEMO_KEY);
        }
        return db;
    }

    /**
     * Uses the demo credentials whatever the environment holds, so that what a demo creates on an emulator is where
     * the {@code ferry run} command it prints (with {@link #DEMO_KEY}) looks for it.
     */
    EmbeddedDynamoDb withDemoCredentials() {
        set("aws.accessKeyId", DEMO_KEY);
        set("aws.secretAccessKey", DEMO_KEY);
        return this;
    }

    String endpoint() {
        return endpoint;
    }

    private void set(String property, String value) {
        properties.set(property, value);
    }

    @Override
    public void close() {
        properties.restore();
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                // stopping an in-memory server loses nothing
            }
        }
    }
}
