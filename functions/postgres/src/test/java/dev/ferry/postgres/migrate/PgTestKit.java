package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.postgres.crypto.Fernet;
import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.FakeKmsClient;
import dev.ferry.testkit.FakeSecretsManagerClient;
import dev.ferry.testkit.PostgresLocal;
import dev.ferry.testkit.ThreatEngineDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What the postgres-to-dynamodb tests share: the JVM's embedded PostgreSQL (a database of its own per kit, the
 * threat-engine schema and rows with Fernet-encrypted credentials), the JVM's DynamoDB Local (us-east-1), fakes
 * of Secrets Manager and KMS wired into Ferry's client factory, the database credentials and the Fernet key kept
 * in the fake Secrets Manager, and the example input pointed at all of that.
 */
final class PgTestKit {
    static final String LEDGER = "ferry-ledger-pg";
    static final String REGION = "us-east-1";
    static final String READER = "ferry_reader";
    static final String READER_PASSWORD = "reader-Pw-7c1e";

    final String database;
    final String prefix;
    final String fernetKey = Fernet.generateKey();
    final Fernet fernet = Fernet.of(fernetKey);
    final FakeSecretsManagerClient secrets = new FakeSecretsManagerClient();
    final FakeKmsClient kms = new FakeKmsClient();
    final String dbSecretArn;
    final String keySecretArn;
    final ClientFactory clients;
    final dev.ferry.testkit.FaultInjector faults = new dev.ferry.testkit.FaultInjector(42);
    final Path reports;
    ThreatEngineDatabase.Counts counts;

    /** A fresh database {@code database} with about {@code rows} rows; targets named {@code <prefix>-...}. */
    PgTestKit(String database, String prefix, long rows, Path reports) throws SQLException {
        DynamoDbLocal.get();
        PostgresLocal pg = PostgresLocal.get();
        this.database = database;
        this.prefix = prefix;
        this.reports = reports;
        pg.createDatabase(database);
        try (Connection c = pg.connect(database)) {
            ThreatEngineDatabase.createSchema(c);
            counts = ThreatEngineDatabase.fill(c, rows, 7, fernet::encrypt);
        }
        pg.createReader(database, READER, READER_PASSWORD);
        dbSecretArn = secrets.createSecret(b -> b.name(prefix + "/db").secretString("{\"username\": \"" + READER
                + "\", \"password\": \"" + READER_PASSWORD + "\"}")).arn();
        keySecretArn = secrets.createSecret(b -> b.name(prefix + "/fernet-key").secretString(fernetKey)).arn();
        clients = ClientFactory.builder().addInterceptor(faults).client(SecretsManagerClient.class, side -> secrets).client(KmsClient.class, side -> kms).build();
    }

    Dependencies deps() {
        return deps(0);
    }

    Dependencies deps(long safetyMarginMillis) {
        return Dependencies.builder().clients(clients).ledgerTable(LEDGER).ledgerAutoCreate(true).reportsLocation(reports.toString())
                .safetyMarginMillis(safetyMarginMillis).mapConcurrency(10).sleeper(millis -> { }).build();
    }

    String jdbcUrl() {
        return PostgresLocal.get().jdbcUrl(database) + "?sslmode=disable";
    }

    Connection superuser() throws SQLException {
        return PostgresLocal.get().connect(database);
    }

    void sql(String statement) throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /**
     * Creates {@code table} with {@code columns}, fills it with {@code rows} rows of {@code select} (an expression list
     * over {@code i} = 1..rows) and lets Ferry's reader role read it.
     */
    void table(String table, String columns, String select, int rows) throws SQLException {
        sql("CREATE TABLE " + table + " (" + columns + "); "
                + "INSERT INTO " + table + " SELECT " + select + " FROM generate_series(1, " + rows + ") i; "
                + "GRANT SELECT ON " + table + " TO " + READER);
    }

    DynamoDbClient dynamo() {
        return DynamoDbLocal.get().client(REGION);
    }

    RunLedger ledger() {
        return new RunLedger(dynamo(), LEDGER, new AwsCalls(millis -> { }));
    }

    String target(String table) {
        return prefix + "-" + table.replace('_', '-');
    }

    String secretName(String accountId) {
        return prefix + "/account/" + accountId;
    }

    /** The shipped example (events/examples/threat-engine-postgres.json) pointed at this kit's database, secrets and targets. */
    ObjectNode input() {
        try {
            ObjectNode in = (ObjectNode) Json.parse(Files.readString(Path.of("../../events/examples/threat-engine-postgres.json"),
                    StandardCharsets.UTF_8));
            ObjectNode source = (ObjectNode) in.get("source");
            source.put("jdbcUrl", jdbcUrl());
            ((ObjectNode) source.get("credentials")).put("secretArn", dbSecretArn);
            ((ObjectNode) in.get("destination")).put("region", REGION);
            for (JsonNode t : (ArrayNode) in.get("tables")) {
                ObjectNode table = (ObjectNode) t;
                if (table.has("target")) {
                    table.put("target", target(table.get("source").asText()));
                } else {
                    ObjectNode secret = (ObjectNode) table.get("secret");
                    secret.put("name", prefix + "/account/{account_id}");
                    secret.remove("kmsKeyId");
                    ((ObjectNode) secret.get("decryption").get("key")).put("secretArn", keySecretArn);
                }
            }
            return in;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
