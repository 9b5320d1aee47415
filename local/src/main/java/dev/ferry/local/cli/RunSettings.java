package dev.ferry.local.cli;

import dev.ferry.core.config.FerryConfig;
import dev.ferry.dynamodb.support.Dependencies;

/**
 * The Ferry settings a local run gives the handlers it runs in process, as JVM system properties
 * ({@link FerryConfig}): where reports go, that the ledger table may be created, and which table it
 * is. {@link #close()} puts the previous values back.
 */
final class RunSettings implements AutoCloseable {
    /** Where reports go when {@code --reports} is not given: {@code <dir>/<run id>/}. */
    static final String DEFAULT_REPORTS = "./ferry-runs";

    private final ScopedProperties properties = new ScopedProperties();
    private final String reportsUri;

    private RunSettings(String reportsUri) {
        this.reportsUri = reportsUri;
    }

    static RunSettings apply(String reports, String ledgerTable) {
        RunSettings settings = new RunSettings(reports == null ? DEFAULT_REPORTS : reports);
        settings.set(FerryConfig.REPORTS_URI.property(), settings.reportsUri);
        settings.set(FerryConfig.LEDGER_AUTO_CREATE.property(), "true");
        if (ledgerTable != null) {
            settings.set(FerryConfig.LEDGER_TABLE.property(), ledgerTable);
        }
        Dependencies.reset(); // handlers read the settings afresh
        return settings;
    }

    /** Where the handlers write reports: {@code <reportsUri>/<run id>/}. */
    String reportsUri() {
        return reportsUri;
    }

    private void set(String property, String value) {
        properties.set(property, value);
    }

    @Override
    public void close() {
        Dependencies.reset();
        properties.restore();
    }
}
