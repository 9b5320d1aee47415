package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.json.Json;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.postgres.crypto.Fernet;
import dev.ferry.testkit.FakeKmsClient;
import dev.ferry.testkit.FakeSecretsManagerClient;
import dev.ferry.testkit.PostgresLocal;
import dev.ferry.testkit.ThreatEngineDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Everything {@code ferry demo postgres} and {@code ferry bench postgres} run on, in process and without an AWS
 * account: the embedded PostgreSQL with the threat-engine database (Fernet-encrypted credentials), DynamoDB
 * Local, and in-process Secrets Manager and KMS holding the database credentials and the Fernet key.
 */
final class PostgresSandbox implements AutoCloseable {
    static final String REGION = "us-east-1";
    private static final String READER = "ferry_reader";

    final EmbeddedDynamoDb dynamo;
    final String database;
    final ThreatEngineDatabase.Counts counts;
    final Fernet fernet;
    final FakeSecretsManagerClient secrets = new FakeSecretsManagerClient();
    final FakeKmsClient kms = new FakeKmsClient();
    final String dbSecretArn;
    final String keySecretArn;
    final ClientFactory clients;

    private PostgresSandbox(EmbeddedDynamoDb dynamo, String database, long rows) throws SQLException {
        this.dynamo = dynamo;
        this.database = database;
        PostgresLocal pg = PostgresLocal.get();
        pg.createDatabase(database);
        String key = Fernet.generateKey();
        this.fernet = Fernet.of(key);
        try (Connection c = pg.connect(database)) {
            ThreatEngineDatabase.createSchema(c);
            counts = ThreatEngineDatabase.fill(c, rows, 20_26, fernet::encrypt);
        }
        String password = "sandbox-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        pg.createReader(database, READER, password);
        dbSecretArn = secrets.createSecret(b -> b.name("threat-engine/postgres-migration")
                .secretString("{\"username\": \"" + READER + "\", \"password\": \"" + password + "\"}")).arn();
        keySecretArn = secrets.createSecret(b -> b.name("threat-engine/credential-encryption-key").secretString(key)).arn();
        clients = ClientFactory.builder().client(SecretsManagerClient.class, side -> secrets).client(KmsClient.class, side -> kms).build();
    }

    /** Starts everything and generates about {@code rows} rows. */
    static PostgresSandbox start(String database, long rows) {
        return start(database, rows, null);
    }

    /** As {@link #start(String, long)}, with a DynamoDB Local of one's own at {@code dynamoEndpoint} (null: one in process). */
    static PostgresSandbox start(String database, long rows, String dynamoEndpoint) {
        EmbeddedDynamoDb dynamo = dynamoEndpoint == null ? EmbeddedDynamoDb.start() : EmbeddedDynamoDb.external(dynamoEndpoint);
        try {
            return new PostgresSandbox(dynamo, database, rows);
        } catch (SQLException | RuntimeException e) {
            dynamo.close();
            throw new CliException("the embedded PostgreSQL could not be prepared: " + e.getMessage());
        }
    }

    String jdbcUrl() {
        return PostgresLocal.get().jdbcUrl(database) + "?sslmode=disable";
    }

    Dependencies deps(String reports) {
        return Dependencies.builder().clients(clients).ledgerAutoCreate(true).reportsLocation(reports).build();
    }

    /** The threat-engine example's input against the sandbox, its targets named {@code <prefix>-<table>}. */
    ObjectNode input(String prefix) {
        ObjectNode in = Json.object();
        ObjectNode source = in.putObject("source");
        source.put("jdbcUrl", jdbcUrl());
        source.putObject("credentials").put("secretArn", dbSecretArn);
        in.putObject("destination").put("region", REGION);
        ArrayNode tables = in.putArray("tables");
        tables.addObject().put("source", "tenants").put("target", prefix + "-tenants").put("idStrategy", "uuid5");
        tables.addObject().put("source", "providers").put("target", prefix + "-providers").put("idStrategy", "uuid5");
        ObjectNode accounts = tables.addObject().put("source", "accounts").put("target", prefix + "-accounts").put("idStrategy", "uuid5");
        accounts.putArray("indexes").addObject().put("name", "tenant_id-index").put("partitionKey", "tenant_id");
        ObjectNode secret = tables.addObject().put("source", "account_credentials").putObject("secret");
        secret.put("name", prefix + "/account/{account_id}").put("encryptedColumn", "encrypted_data");
        secret.putObject("decryption").put("method", "fernet").putObject("key").put("secretArn", keySecretArn);
        secret.putObject("value").put("credential_type", "{credential_type}").put("credentials", "{encrypted_data}");
        secret.putObject("tags").put("app", "threat-engine");
        tables.addObject().put("source", "schedules").put("target", prefix + "-schedules").put("idStrategy", "uuid5");
        tables.addObject().put("source", "executions").put("target", prefix + "-executions");
        tables.addObject().put("source", "scan_results").put("target", prefix + "-scan-results");
        return in;
    }

    @Override
    public void close() {
        clients.close();
        dynamo.close();
    }
}
