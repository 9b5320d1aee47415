package dev.ferry.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * The threat-engine onboarding database ({@value #SCHEMA_RESOURCE}): its schema and deterministic rows, for the
 * postgres-to-dynamodb tests, {@code ferry demo postgres} and {@code ferry bench postgres}. Credentials are JSON
 * documents encrypted by the caller's function (a Fernet token, as the application stores them), so the test kit
 * needs no cryptography of its own.
 *
 * <p>Shape for {@code rows} rows in all: one tenant per 2,000 rows (at least 2), each with an aws and an azure
 * provider, 5 accounts per provider, one credential and one schedule per account, 4 executions per account, and
 * scan results for the rest (jsonb details with exact big numbers, numeric scores, dates, some bytea evidence).
 */
public final class ThreatEngineDatabase {
    public static final String SCHEMA_RESOURCE = "ferry/testkit/threat-engine.sql";
    /** A credential value planted in the first account's credentials: no log, report or payload may ever show it. */
    public static final String PLANTED_SECRET = "planted-Zq8vK2xR7mW4tY9u";
    /** The tables, parents first. */
    public static final List<String> TABLES = List.of("tenants", "providers", "accounts", "account_credentials",
            "schedules", "executions", "scan_results");
    private static final Instant BASE = Instant.parse("2026-01-05T08:00:00Z");

    private ThreatEngineDatabase() {
    }

    /** How many rows each table gets. */
    public record Counts(int tenants, int providers, int accounts, int credentials, int schedules, int executions, long scanResults) {
        public long total() {
            return (long) tenants + providers + accounts + credentials + schedules + executions + scanResults;
        }
    }

    /** The row counts {@link #fill} makes for about {@code rows} rows. */
    public static Counts plan(long rows) {
        int tenants = (int) Math.max(2, rows / 2000);
        int providers = tenants * 2;
        int accounts = providers * 5;
        int executions = accounts * 4;
        long fixed = (long) tenants + providers + accounts * 3L + executions;
        return new Counts(tenants, providers, accounts, accounts, accounts, executions, Math.max(1, rows - fixed));
    }

    /** The schema's SQL. */
    public static String schemaSql() {
        try (InputStream in = ThreatEngineDatabase.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the tables. */
    public static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(schemaSql());
        }
    }

    /**
     * Fills the tables with about {@code rows} rows, the same for the same {@code seed}.
     *
     * @param encrypt turns a credentials JSON document (UTF-8) into the token stored in {@code encrypted_data}
     */
    public static Counts fill(Connection c, long rows, long seed, Function<byte[], String> encrypt) throws SQLException {
        Counts counts = plan(rows);
        Random random = new Random(seed);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<UUID> tenants = ids(random, counts.tenants());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO tenants (tenant_id, tenant_name, description, status, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < tenants.size(); i++) {
                    p.setObject(1, tenants.get(i));
                    p.setString(2, "tenant-" + i);
                    p.setString(3, i % 3 == 0 ? null : "Tenant number " + i + " — ünïcödé, \"quotes\", commas");
                    p.setString(4, i % 7 == 6 ? "suspended" : "active");
                    p.setTimestamp(5, at(i));
                    p.setTimestamp(6, at(i + 1));
                    p.addBatch();
                }
                p.executeBatch();
            }
            List<UUID> providers = ids(random, counts.providers());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO providers (provider_id, tenant_id, provider_type, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < providers.size(); i++) {
                    p.setObject(1, providers.get(i));
                    p.setObject(2, tenants.get(i / 2));
                    p.setString(3, i % 2 == 0 ? "aws" : "azure");
                    p.setTimestamp(4, at(i));
                    p.setTimestamp(5, at(i));
                    p.addBatch();
                }
                p.executeBatch();
            }
            List<UUID> accounts = ids(random, counts.accounts());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO accounts (account_id, provider_id, tenant_id, account_name, "
                    + "account_number, status, onboarding_status, last_validated_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < accounts.size(); i++) {
                    int provider = i / 5;
                    p.setObject(1, accounts.get(i));
                    p.setObject(2, providers.get(provider));
                    p.setObject(3, tenants.get(provider / 2));
                    p.setString(4, "account " + i);
                    p.setString(5, provider % 2 == 0 ? String.format("%012d", 100_000_000_000L + i) : null);
                    p.setString(6, "active");
                    p.setString(7, i % 4 == 0 ? "pending" : "completed");
                    p.setTimestamp(8, i % 4 == 0 ? null : at(i * 3));
                    p.setTimestamp(9, at(i));
                    p.setTimestamp(10, at(i + 2));
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO account_credentials (credential_id, account_id, credential_type, "
                    + "encrypted_data, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < accounts.size(); i++) {
                    boolean aws = (i / 5) % 2 == 0;
                    String type = aws ? (i % 2 == 0 ? "aws_iam_role" : "aws_access_key") : "azure_service_principal";
                    p.setObject(1, id(random));
                    p.setObject(2, accounts.get(i));
                    p.setString(3, type);
                    p.setString(4, encrypt.apply(credentials(type, i, random).getBytes(StandardCharsets.UTF_8)));
                    p.setTimestamp(5, i % 2 == 0 ? null : at(500_000 + i));
                    p.setTimestamp(6, at(i));
                    p.setTimestamp(7, at(i));
                    p.addBatch();
                }
                p.executeBatch();
            }
            List<UUID> schedules = ids(random, counts.schedules());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO schedules (schedule_id, tenant_id, account_id, name, schedule_type, "
                    + "provider_type, cron_expression, interval_seconds, regions, services, exclude_services, enabled, next_run_at, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < schedules.size(); i++) {
                    boolean cron = i % 2 == 0;
                    boolean aws = (i / 5) % 2 == 0;
                    p.setObject(1, schedules.get(i));
                    p.setObject(2, tenants.get(i / 10));
                    p.setObject(3, accounts.get(i));
                    p.setString(4, "nightly scan " + i);
                    p.setString(5, cron ? "cron" : "interval");
                    p.setString(6, aws ? "aws" : "azure");
                    p.setString(7, cron ? "0 " + (i % 24) + " * * *" : null);
                    if (cron) {
                        p.setNull(8, java.sql.Types.INTEGER);
                    } else {
                        p.setInt(8, 3600 * (1 + i % 12));
                    }
                    p.setArray(9, c.createArrayOf("text", aws ? new String[] {"us-east-1", "eu-west-1"} : new String[] {"westeurope"}));
                    p.setArray(10, c.createArrayOf("text", i % 3 == 0 ? new String[0] : new String[] {"s3", "iam", "ec2"}));
                    p.setArray(11, c.createArrayOf("text", new String[0]));
                    p.setBoolean(12, i % 5 != 4);
                    p.setTimestamp(13, i % 5 == 4 ? null : at(1_000_000 + i));
                    p.setTimestamp(14, at(i));
                    p.setTimestamp(15, at(i));
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO executions (execution_id, schedule_id, account_id, tenant_id, status, "
                    + "triggered_by, started_at, completed_at, duration_ms, total_checks, passed_checks, failed_checks, error_message, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < counts.executions(); i++) {
                    int account = i / 4;
                    boolean failed = i % 13 == 12;
                    p.setObject(1, id(random));
                    p.setObject(2, i % 4 == 3 ? null : schedules.get(account));
                    p.setObject(3, accounts.get(account));
                    p.setObject(4, tenants.get(account / 10));
                    p.setString(5, failed ? "failed" : "completed");
                    p.setString(6, i % 4 == 3 ? "manual" : "schedule");
                    p.setTimestamp(7, at(2_000_000 + i * 60L));
                    p.setTimestamp(8, at(2_000_000 + i * 60L + 45));
                    p.setLong(9, 45_000L + i);
                    p.setInt(10, 200);
                    p.setInt(11, failed ? 0 : 180);
                    p.setInt(12, failed ? 0 : 20);
                    p.setString(13, failed ? "AccessDenied: assume role failed" : null);
                    p.setTimestamp(14, at(i));
                    p.setTimestamp(15, at(i));
                    p.addBatch();
                    if (i % 1000 == 999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO scan_results (execution_id, account_id, tenant_id, service, region, resource_arn, rule_id, severity,
                                                  status, risk_score, details, evidence, scan_date, scanned_at, updated_at)
                        SELECT e.execution_id, e.account_id, e.tenant_id,
                               (ARRAY['s3', 'ec2', 'iam', 'rds', 'lambda', 'kms'])[1 + g % 6],
                               CASE WHEN g % 6 = 2 THEN NULL ELSE (ARRAY['us-east-1', 'eu-west-1', 'ap-south-1'])[1 + g % 3] END,
                               'arn:aws:s3:::bucket-' || g,
                               'rule-' || lpad((g % 250)::text, 3, '0'),
                               (ARRAY['critical', 'high', 'medium', 'low', 'info'])[1 + g % 5],
                               (ARRAY['pass', 'fail', 'pass', 'error', 'skipped', 'pass'])[1 + g % 6],
                               round(((g % 10000) / 100.0 + 0.1234)::numeric, 4),
                               jsonb_build_object('check', 'rule-' || (g % 250), 'attempt', g % 3, 'ratio', (g % 1000) / 8.0,
                                                  'exact', 12345678901234567890.123456789::numeric, 'tags', jsonb_build_array('pci', 'soc2'),
                                                  'empty', jsonb_build_array(), 'flag', g % 2 = 0, 'nothing', NULL,
                                                  'nested', jsonb_build_object('resource', 'bucket-' || g, 'findings', g % 4)),
                               CASE WHEN g % 4 = 0 THEN decode(md5(g::text), 'hex') ELSE NULL END,
                               date '2026-01-01' + (g % 300),
                               timestamptz '2026-01-05 08:00:00+00' + g * interval '1 second',
                               timestamptz '2026-01-05 08:00:00+00' + g * interval '1 second'
                        FROM generate_series(0, :rows - 1) AS g
                        JOIN (SELECT execution_id, account_id, tenant_id, row_number() OVER (ORDER BY execution_id) - 1 AS n
                              FROM executions) e ON e.n = g % :executions
                        """.replace(":rows", Long.toString(counts.scanResults())).replace(":executions", Integer.toString(counts.executions())));
                s.execute("ANALYZE");
            }
            c.commit();
            return counts;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** A credentials document of the given type; the first one carries {@link #PLANTED_SECRET}. */
    static String credentials(String type, int i, Random random) {
        String secret = i == 0 ? PLANTED_SECRET : Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        return switch (type) {
            case "aws_iam_role" -> "{\"role_arn\": \"arn:aws:iam::" + String.format("%012d", 100_000_000_000L + i)
                    + ":role/threat-engine-scanner\", \"external_id\": \"" + secret + "\", \"session_duration\": 3600}";
            case "aws_access_key" -> "{\"access_key_id\": \"AKIA" + String.format("%016d", i) + "\", \"secret_access_key\": \""
                    + secret + "\"}";
            default -> "{\"tenant_id\": \"" + UUID.nameUUIDFromBytes(("t" + i).getBytes(StandardCharsets.UTF_8))
                    + "\", \"client_id\": \"" + UUID.nameUUIDFromBytes(("c" + i).getBytes(StandardCharsets.UTF_8))
                    + "\", \"client_secret\": \"" + secret + "\", \"subscriptions\": [\"sub-a\", \"sub-b\"]}";
        };
    }

    private static Timestamp at(long minutes) {
        return Timestamp.from(BASE.plusSeconds(minutes * 60));
    }

    private static List<UUID> ids(Random random, int n) {
        List<UUID> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(id(random));
        }
        return out;
    }

    private static UUID id(Random random) {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
