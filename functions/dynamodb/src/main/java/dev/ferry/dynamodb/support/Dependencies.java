package dev.ferry.dynamodb.support;

import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.util.Backoff;

/**
 * What the DynamoDB handlers need, built once per Lambda instance (at SnapStart init) from the
 * environment, or handed in by tests and the local engine.
 *
 * @param clients the one client factory
 * @param ledgerTable run ledger table name
 * @param ledgerAutoCreate create the ledger table when missing (local runs)
 * @param reportsLocation {@code s3://bucket/prefix} or a local folder
 * @param safetyMarginMillis time a handler keeps in hand before its deadline
 * @param mapConcurrency MaxConcurrency of the Map states, for sharing rate caps
 * @param sleeper how backoffs wait (tests pass a no-op)
 */
public record Dependencies(ClientFactory clients, String ledgerTable, boolean ledgerAutoCreate, String reportsLocation,
                           long safetyMarginMillis, int mapConcurrency, Backoff.Sleeper sleeper) {

    private static volatile Dependencies shared;

    /** The environment's settings, built on first use and shared by all handlers of this JVM. */
    public static Dependencies fromEnvironment() {
        Dependencies d = shared;
        if (d == null) {
            synchronized (Dependencies.class) {
                d = shared;
                if (d == null) {
                    d = new Dependencies(ClientFactory.defaults(), FerryConfig.LEDGER_TABLE.get(),
                            FerryConfig.LEDGER_AUTO_CREATE.getBoolean(), FerryConfig.REPORTS_URI.get(),
                            FerryConfig.SAFETY_MARGIN_MILLIS.getLong(), FerryConfig.MAP_CONCURRENCY.getInt(),
                            Backoff.Sleeper.REAL);
                    shared = d;
                }
            }
        }
        return d;
    }

    /**
     * Forgets the shared instance so the next handler re-reads the settings (the local engine
     * calls this when it changes them between runs in one JVM).
     */
    public static void reset() {
        synchronized (Dependencies.class) {
            shared = null;
            LedgerTables.READY.clear(); // the next run may point at another endpoint or region
        }
    }

    /** The run ledger, in the control account; created first if allowed and missing. */
    public RunLedger ledger() {
        RunLedger ledger = new RunLedger(clients.dynamo(clients.control()), ledgerTable);
        if (ledgerAutoCreate) {
            LedgerTables.ensureOnce(ledger);
        }
        return ledger;
    }

    public Dependencies withSafetyMargin(long millis) {
        return new Dependencies(clients, ledgerTable, ledgerAutoCreate, reportsLocation, millis, mapConcurrency, sleeper);
    }

    /** Remembers which ledger tables this JVM has already checked. */
    private static final class LedgerTables {
        private static final java.util.Set<String> READY = java.util.concurrent.ConcurrentHashMap.newKeySet();

        static void ensureOnce(RunLedger ledger) {
            if (READY.add(ledger.tableName())) {
                try {
                    ledger.ensureTable();
                } catch (RuntimeException e) {
                    READY.remove(ledger.tableName());
                    throw e;
                }
            }
        }
    }
}
