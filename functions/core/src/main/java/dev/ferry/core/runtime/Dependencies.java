package dev.ferry.core.runtime;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.report.ReportSink;
import dev.ferry.core.report.ReportSinks;
import dev.ferry.core.util.Backoff;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every Ferry handler needs, whatever its workflow: the client factory, the run ledger, where
 * reports go, the time it keeps in hand before its deadline, the Map concurrency (to share rate
 * caps), and how it waits. Handlers take one in their constructor; a module adds its own clients
 * through {@link ClientFactory#client}.
 *
 * <p>A deployed Lambda uses {@link #fromEnvironment()} (its no-argument handler constructor);
 * the local engine and tests build one per run with {@link #builder()} and hand it to the handlers
 * through the engine's handler factory, so two runs in one JVM can use different settings.
 */
public final class Dependencies {
    private static final class FromEnvironment {
        // built on first use, once per Lambda execution environment (the environment never changes)
        static final Dependencies INSTANCE = builder()
                .clients(ClientFactory.defaults())
                .ledgerTable(FerryConfig.LEDGER_TABLE.get())
                .ledgerAutoCreate(FerryConfig.LEDGER_AUTO_CREATE.getBoolean())
                .reportsLocation(FerryConfig.REPORTS_URI.get())
                .safetyMarginMillis(FerryConfig.SAFETY_MARGIN_MILLIS.getLong())
                .mapConcurrency(FerryConfig.MAP_CONCURRENCY.getInt())
                .build();
    }

    private final ClientFactory clients;
    private final String ledgerTable;
    private final boolean ledgerAutoCreate;
    private final String reportsLocation;
    private final long safetyMarginMillis;
    private final int mapConcurrency;
    private final Backoff.Sleeper sleeper;
    private final AwsCalls calls;
    private final AtomicBoolean ledgerReady = new AtomicBoolean();

    private Dependencies(Builder b) {
        this.clients = Objects.requireNonNull(b.clients, "clients");
        this.ledgerTable = Objects.requireNonNull(b.ledgerTable, "ledgerTable");
        this.ledgerAutoCreate = b.ledgerAutoCreate;
        this.reportsLocation = Objects.requireNonNull(b.reportsLocation, "reportsLocation");
        this.safetyMarginMillis = b.safetyMarginMillis;
        this.mapConcurrency = b.mapConcurrency;
        this.sleeper = Objects.requireNonNull(b.sleeper, "sleeper");
        this.calls = new AwsCalls(sleeper);
    }

    /** The environment's settings ({@link FerryConfig}), shared by the handlers of this Lambda environment. */
    public static Dependencies fromEnvironment() {
        return FromEnvironment.INSTANCE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy to change some settings of. */
    public Builder toBuilder() {
        return builder().clients(clients).ledgerTable(ledgerTable).ledgerAutoCreate(ledgerAutoCreate)
                .reportsLocation(reportsLocation).safetyMarginMillis(safetyMarginMillis).mapConcurrency(mapConcurrency)
                .sleeper(sleeper);
    }

    public ClientFactory clients() {
        return clients;
    }

    /** The one retry/classification helper every AWS call goes through. */
    public AwsCalls calls() {
        return calls;
    }

    public String ledgerTable() {
        return ledgerTable;
    }

    /** Whether the ledger table is created when missing (local runs). */
    public boolean ledgerAutoCreate() {
        return ledgerAutoCreate;
    }

    /** {@code s3://bucket/prefix} or a local folder; each run writes under {@code <location>/<run id>/}. */
    public String reportsLocation() {
        return reportsLocation;
    }

    /** Time a handler keeps in hand before its deadline: it checkpoints and returns when less is left. */
    public long safetyMarginMillis() {
        return safetyMarginMillis;
    }

    /** MaxConcurrency of the state machines' Map states, for sharing a run's rate caps. */
    public int mapConcurrency() {
        return mapConcurrency;
    }

    public Backoff.Sleeper sleeper() {
        return sleeper;
    }

    /**
     * The run ledger, in the control account. When auto-creation is on (local runs), the table is
     * created on the first call that needs it; Validate never calls this, so a rejected input
     * creates nothing.
     */
    public RunLedger ledger() {
        RunLedger ledger = new RunLedger(clients.dynamo(clients.control()), ledgerTable, calls);
        if (ledgerAutoCreate && !ledgerReady.get()) {
            synchronized (ledgerReady) {
                if (!ledgerReady.get()) {
                    ledger.ensureTable();
                    ledgerReady.set(true);
                }
            }
        }
        return ledger;
    }

    /**
     * The ledger for reading only: never creates the table. A missing table reads as "no run"
     * (Validate uses it to check the run id without writing anything).
     */
    public RunLedger ledgerForReading() {
        return new RunLedger(clients.dynamo(clients.control()), ledgerTable, calls);
    }

    /** Where this run's report files go. */
    public ReportSink reports() {
        return ReportSinks.forLocation(reportsLocation, () -> clients.s3(clients.control()), calls);
    }

    /** Builds {@link Dependencies}; every setting but the clients has the deployed default. */
    public static final class Builder {
        private ClientFactory clients;
        private String ledgerTable = FerryConfig.LEDGER_TABLE.defaultValue();
        private boolean ledgerAutoCreate;
        private String reportsLocation = FerryConfig.REPORTS_URI.defaultValue();
        private long safetyMarginMillis = Long.parseLong(FerryConfig.SAFETY_MARGIN_MILLIS.defaultValue());
        private int mapConcurrency = Integer.parseInt(FerryConfig.MAP_CONCURRENCY.defaultValue());
        private Backoff.Sleeper sleeper = Backoff.Sleeper.REAL;

        private Builder() {
        }

        public Builder clients(ClientFactory clients) {
            this.clients = clients;
            return this;
        }

        public Builder ledgerTable(String ledgerTable) {
            this.ledgerTable = ledgerTable;
            return this;
        }

        /** Create the ledger table when missing (local runs; the deployed stack owns its table). */
        public Builder ledgerAutoCreate(boolean ledgerAutoCreate) {
            this.ledgerAutoCreate = ledgerAutoCreate;
            return this;
        }

        public Builder reportsLocation(String reportsLocation) {
            this.reportsLocation = reportsLocation;
            return this;
        }

        public Builder safetyMarginMillis(long safetyMarginMillis) {
            this.safetyMarginMillis = safetyMarginMillis;
            return this;
        }

        public Builder mapConcurrency(int mapConcurrency) {
            this.mapConcurrency = mapConcurrency;
            return this;
        }

        /** How backoffs and rate caps wait (tests pass one that does not really sleep). */
        public Builder sleeper(Backoff.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public Dependencies build() {
            return new Dependencies(this);
        }
    }
}
