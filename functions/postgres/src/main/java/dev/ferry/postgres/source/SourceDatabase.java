package dev.ferry.postgres.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.json.Json;
import dev.ferry.postgres.migrate.PgPlan;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Connections to the source database: the JDBC URL of the input, with the credentials from a Secrets Manager
 * secret ({@code {"username", "password"}}, the RDS convention) or an RDS IAM authentication token, never from
 * the input. The password or token lives only in the JDBC driver's properties.
 */
public final class SourceDatabase {
    /** sslmode values the PostgreSQL driver knows. */
    public static final java.util.Set<String> SSL_MODES = java.util.Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private final PgPlan.SourceSpec spec;
    private final ClientFactory clients;
    private final AwsCalls calls;

    public SourceDatabase(PgPlan.SourceSpec spec, ClientFactory clients, AwsCalls calls) {
        this.spec = spec;
        this.clients = clients;
        this.calls = calls;
    }

    /** A JDBC URL taken apart. */
    public record Url(String host, int port, String database, Map<String, String> parameters) {
        public String sslmode() {
            return parameters.get("sslmode");
        }

        /** host:port/database, for messages. */
        public String describe() {
            return host + ":" + port + "/" + database;
        }
    }

    /**
     * Parses {@code jdbc:postgresql://host[:port]/database[?k=v&...]}.
     *
     * @throws IllegalArgumentException saying what is wrong (never echoing a password)
     */
    public static Url parse(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("it does not start with jdbc:postgresql://");
        }
        URI uri;
        try {
            uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("it is not a valid URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("it names no host (one host only: jdbc:postgresql://host:5432/database)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isBlank() || database.contains("/")) {
            throw new IllegalArgumentException("it names no database (jdbc:postgresql://host:5432/database)");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String k = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                parameters.put(k, eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (uri.getUserInfo() != null) {
            parameters.put("userinfo", "");
        }
        return new Url(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, parameters);
    }

    /** The credentials secret's side: its region (from its ARN unless the input gives one) with the caller's credentials. */
    public static Side secretSide(String secretArn, String region) {
        if (region != null) {
            return Side.of(region);
        }
        String[] parts = secretArn == null ? new String[0] : secretArn.split(":");
        return Side.of(parts.length > 3 && !parts[3].isBlank() ? parts[3] : null);
    }

    /**
     * Opens a connection. The caller closes it.
     *
     * @throws SQLException as the driver throws it (see {@link #describe(SQLException)})
     * @throws FerryException when the credentials secret cannot be read or is not {@code {"username", "password"}}
     */
    public Connection open() throws SQLException {
        Url url = parse(spec.jdbcUrl());
        Properties props = new Properties();
        props.setProperty("ApplicationName", "ferry");
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "600");
        props.setProperty("tcpKeepAlive", "true");
        if (url.sslmode() == null) {
            props.setProperty("sslmode", "require");
        }
        if (spec.iamUser() != null) {
            props.setProperty("user", spec.iamUser());
            props.setProperty("password", iamToken(url));
        } else {
            JsonNode secret = credentials();
            props.setProperty("user", secret.get("username").asText());
            props.setProperty("password", secret.get("password").asText());
        }
        Connection c = DriverManager.getConnection(spec.jdbcUrl(), props);
        return c;
    }

    /** The {@code {"username", "password"}} secret. */
    private JsonNode credentials() {
        SecretsManagerClient sm = clients.client(secretSide(spec.secretArn(), spec.region()), SecretsManagerClient.class,
                SecretsManagerClient::builder);
        String value;
        try {
            value = calls.call("GetSecretValue (database credentials)", () -> sm.getSecretValue(b -> b.secretId(spec.secretArn()))).secretString();
        } catch (SdkException e) {
            throw new FerryException("cannot read the database credentials secret " + spec.secretArn() + " (" + AwsErrors.describe(e)
                    + "): check the ARN and grant secretsmanager:GetSecretValue on it (and kms:Decrypt on its key)", e);
        }
        JsonNode json;
        try {
            json = value == null ? null : Json.MAPPER.readTree(value);
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json == null || !json.path("username").isTextual() || !json.path("password").isTextual()) {
            throw new FerryException("the database credentials secret " + spec.secretArn() + " is not a JSON object with "
                    + "\"username\" and \"password\" (the RDS convention): store it as {\"username\": ..., \"password\": ...}");
        }
        return json;
    }

    /** An RDS IAM authentication token: a SigV4-presigned {@code connect} URL for the user, valid 15 minutes. */
    private String iamToken(Url url) {
        Side side = Side.of(spec.region());
        AwsCredentialsIdentity identity = clients.credentials(side).resolveCredentials();
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("https").host(url.host()).port(url.port())
                .encodedPath("/").putRawQueryParameter("Action", "connect").putRawQueryParameter("DBUser", spec.iamUser()).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                .putProperty(AwsV4HttpSigner.REGION_NAME, ClientFactory.region(side).id())
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(15)));
        String uri = signed.request().getUri().toString();
        return uri.substring(uri.indexOf("://") + 3);
    }

    /**
     * What went wrong connecting or querying, in words a person can act on: by SQLSTATE, never with the password.
     */
    public static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        if (state.equals("28P01") || state.equals("28000")) {
            return "the database refused the credentials (SQLSTATE " + state + ")";
        }
        if (state.startsWith("08")) {
            return "cannot reach the database (SQLSTATE " + state + ": " + message + ")";
        }
        if (state.equals("3D000")) {
            return "the database does not exist (" + message + ")";
        }
        if (state.equals("42501")) {
            return "permission denied (" + message + ")";
        }
        return message + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    }

    /** A failure the next attempt may get past (connection lost, server shutting down, too many connections, deadlock). */
    public static boolean transientFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("57P") || state.equals("53300") || state.equals("40001") || state.equals("40P01");
    }

    /** An SQL failure as the exception a handler throws: transient ones are retried by the state machine. */
    public static RuntimeException failure(String what, SQLException e) {
        String text = what + ": " + describe(e);
        return transientFailure(e) ? new TransientException(text + "; the step is retried from its checkpoint", e)
                : new FerryException(text, e);
    }
}
