package dev.ferry.core.config;

import java.util.Optional;

/**
 * Ferry's own settings for a deployed handler ({@code Dependencies.fromEnvironment()}): each is read
 * from an environment variable (how the CDK stack sets them on a Lambda function), or from the JVM
 * system property of the same setting when one is set. Local runs and tests never use these: they
 * build the handlers' {@code Dependencies} themselves and hand them in.
 *
 * <p>AWS settings (region, credentials, endpoints) are NOT here: they come from the SDK's
 * standard configuration, see {@code dev.ferry.core.aws.ClientFactory}.
 */
public final class FerryConfig {
    /** Run ledger table. Property {@code ferry.ledgerTable}, env {@code FERRY_LEDGER_TABLE}. */
    public static final Setting LEDGER_TABLE = new Setting("ferry.ledgerTable", "FERRY_LEDGER_TABLE", "ferry-ledger");
    /**
     * Create the ledger table on first use when it is missing (local runs; the deployed stack
     * owns its table). Property {@code ferry.ledgerAutoCreate}, env {@code FERRY_LEDGER_AUTO_CREATE}.
     */
    public static final Setting LEDGER_AUTO_CREATE = new Setting("ferry.ledgerAutoCreate", "FERRY_LEDGER_AUTO_CREATE", "false");
    /**
     * Where reports go: {@code s3://bucket/prefix} or a local folder. Each run writes under
     * {@code <location>/<run id>/}. Property {@code ferry.reportsUri}, env {@code FERRY_REPORTS_URI}.
     */
    public static final Setting REPORTS_URI = new Setting("ferry.reportsUri", "FERRY_REPORTS_URI", "ferry-runs");
    /**
     * Milliseconds a handler keeps in hand before its Lambda deadline: it checkpoints and returns
     * when less than this is left. Property {@code ferry.safetyMarginMillis}, env {@code FERRY_SAFETY_MARGIN_MILLIS}.
     */
    public static final Setting SAFETY_MARGIN_MILLIS = new Setting("ferry.safetyMarginMillis", "FERRY_SAFETY_MARGIN_MILLIS", "60000");
    /**
     * Parallel iterations of the state machines' Map states, which handlers use to share a run's
     * rate caps between concurrent segments. Must equal MaxConcurrency in the definitions.
     * Property {@code ferry.mapConcurrency}, env {@code FERRY_MAP_CONCURRENCY}.
     */
    public static final Setting MAP_CONCURRENCY = new Setting("ferry.mapConcurrency", "FERRY_MAP_CONCURRENCY", "10");

    private FerryConfig() {
    }

    /** One setting: system property, then environment variable, then default. */
    public record Setting(String property, String env, String defaultValue) {
        public String get() {
            return find().orElse(defaultValue);
        }

        public Optional<String> find() {
            String v = System.getProperty(property);
            if (v == null || v.isBlank()) {
                v = System.getenv(env);
            }
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
        }

        public int getInt() {
            String v = get();
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(property + " / " + env + " must be a whole number, not '" + v + "'", e);
            }
        }

        public long getLong() {
            String v = get();
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(property + " / " + env + " must be a whole number, not '" + v + "'", e);
            }
        }

        public boolean getBoolean() {
            return Boolean.parseBoolean(get());
        }
    }
}
