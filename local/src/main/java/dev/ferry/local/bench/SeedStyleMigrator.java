package dev.ferry.local.bench;

import dev.ferry.postgres.convert.Values;
import dev.ferry.postgres.crypto.Fernet;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The benchmark's reference: how PostgreSQL-to-DynamoDB migration scripts commonly work. Every table is exported
 * into memory at once ({@code SELECT *} into a list of maps), every credential decrypted into memory, then each
 * row is written with its own PutItem (values as text, as a JSON export with {@code default=str} gives them) and
 * each credential with its own CreateSecret, one after another. (Such scripts also write the decrypted
 * credentials to a file; this one does not, as no plaintext may reach a disk here.)
 */
public final class SeedStyleMigrator {
    private final Connection connection;
    private final DynamoDbClient dynamo;
    private final SecretsManagerClient secrets;

    public SeedStyleMigrator(Connection connection, DynamoDbClient dynamo, SecretsManagerClient secrets) {
        this.connection = connection;
        this.dynamo = dynamo;
        this.secrets = secrets;
    }

    /**
     * Migrates every table: items into {@code <prefix>-<table>} (keyed by {@code keys.get(table)}), credentials into
     * {@code <prefix>/account/<account_id>}.
     *
     * @return rows migrated
     */
    public long migrate(List<String> tables, Map<String, String> keys, String credentialsTable, Fernet fernet, String prefix) throws SQLException {
        Map<String, List<Map<String, Object>>> export = new LinkedHashMap<>();
        for (String table : tables) {
            export.put(table, selectAll(table));
        }
        List<Map<String, Object>> decrypted = new ArrayList<>();
        for (Map<String, Object> row : export.get(credentialsTable)) {
            Map<String, Object> c = new HashMap<>();
            c.put("account_id", String.valueOf(row.get("account_id")));
            c.put("credential_type", row.get("credential_type"));
            c.put("credentials", new String(fernet.decrypt(String.valueOf(row.get("encrypted_data"))), StandardCharsets.UTF_8));
            decrypted.add(c);
        }
        long rows = 0;
        for (String table : tables) {
            if (table.equals(credentialsTable)) {
                for (Map<String, Object> c : decrypted) {
                    String value = "{\"credential_type\": \"" + c.get("credential_type") + "\", \"credentials\": " + c.get("credentials") + "}";
                    secrets.createSecret(b -> b.name(prefix + "/account/" + c.get("account_id")).secretString(value));
                    rows++;
                }
                continue;
            }
            String target = prefix + "-" + table.replace('_', '-');
            for (Map<String, Object> row : export.get(table)) {
                Map<String, AttributeValue> item = new HashMap<>();
                row.forEach((column, value) -> {
                    AttributeValue a = attribute(value);
                    if (a != null) {
                        item.put(column, a);
                    }
                });
                dynamo.putItem(b -> b.tableName(target).item(item));
                rows++;
            }
        }
        return rows;
    }

    /** A JDBC value as Ferry's converter types it. */
    static AttributeValue attribute(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof java.sql.Timestamp t) {
            return AttributeValue.fromS(java.time.format.DateTimeFormatter.ISO_INSTANT.format(t.toInstant()));
        }
        if (v instanceof java.sql.Date d) {
            return AttributeValue.fromS(d.toLocalDate().toString());
        }
        if (v instanceof org.postgresql.util.PGobject o) {
            return Values.attribute(Values.json(o.getValue()));
        }
        if (v instanceof Number n) {
            return Values.attribute(new java.math.BigDecimal(n.toString()));
        }
        if (v instanceof List<?> list) {
            List<AttributeValue> out = new ArrayList<>();
            list.forEach(e -> out.add(e == null ? AttributeValue.fromNul(true) : attribute(e)));
            return AttributeValue.fromL(out);
        }
        if (v instanceof String || v instanceof Boolean || v instanceof byte[]) {
            return Values.attribute(v);
        }
        return AttributeValue.fromS(v.toString());
    }

    private List<Map<String, Object>> selectAll(String table) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(meta.getColumnName(i), v instanceof java.sql.Array a ? List.of((Object[]) a.getArray()) : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
