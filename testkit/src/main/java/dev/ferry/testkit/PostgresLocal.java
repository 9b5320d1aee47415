package dev.ferry.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One embedded PostgreSQL server per JVM (zonky's binaries, no Docker, no install), started on first use and
 * shared by every test class, the demo and the benchmark, like {@link DynamoDbLocal}. Each user of it works in a
 * database of its own ({@link #createDatabase}).
 *
 * <p>The superuser {@code postgres} connects without a password (trust, loopback only); every other role must
 * give its password (scram-sha-256), so a wrong password fails as it does on a real server. As root the
 * binaries run in a user namespace (zonky does that itself), as initdb refuses to run as root.
 */
public final class PostgresLocal {
    public static final String SUPERUSER = "postgres";
    private static PostgresLocal instance;

    private final EmbeddedPostgres server;

    private PostgresLocal(EmbeddedPostgres server) {
        this.server = server;
    }

    /** The shared server, started on first use (about 4 s). */
    public static synchronized PostgresLocal get() {
        if (instance == null) {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setDataDirectoryCustomizer(dir -> passwordsForAllButTheSuperuser(dir.toPath()))
                        .start();
                instance = new PostgresLocal(server);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
            }
        }
        return instance;
    }

    public int port() {
        return server.getPort();
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>} without user or password. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** A superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** Creates {@code database} afresh (dropping one of that name first). */
    public void createDatabase(String database) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            s.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Creates (or resets) a login role with a password that may read every table of {@code database}. */
    public void createReader(String database, String role, String password) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                    + "CREATE ROLE \"" + role + "\" LOGIN; END IF; END $$");
            s.execute("ALTER ROLE \"" + role + "\" WITH LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            s.execute("GRANT CONNECT ON DATABASE \"" + database + "\" TO \"" + role + "\"");
            s.execute("GRANT USAGE ON SCHEMA public TO \"" + role + "\"");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"" + role + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create role " + role + ": " + e.getMessage(), e);
        }
    }

    private static void passwordsForAllButTheSuperuser(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all postgres ::1/128 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write pg_hba.conf", e);
        }
    }
}
