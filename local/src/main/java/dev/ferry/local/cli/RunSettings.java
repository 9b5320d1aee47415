package dev.ferry.local.cli;

import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.runtime.Dependencies;

/**
 * What a local run hands the handlers it runs in process: their {@link Dependencies}, built for this
 * run alone (no system property, no static state), so that two runs in one JVM may use different
 * settings. Reports go to {@code --reports} (default {@value #DEFAULT_REPORTS}), the ledger table may be
 * created on first use, and {@code --ledger-table} names it. {@link #close()} closes the run's clients.
 */
final class RunSettings implements AutoCloseable {
    /** Where reports go when {@code --reports} is not given: {@code <dir>/<run id>/}. */
    static final String DEFAULT_REPORTS = "./ferry-runs";

    private final Dependencies deps;

    private RunSettings(Dependencies deps) {
        this.deps = deps;
    }

    static RunSettings of(String reports, String ledgerTable) {
        Dependencies.Builder deps = Dependencies.builder()
                .clients(ClientFactory.defaults())
                .ledgerAutoCreate(true)
                .reportsLocation(reports == null ? DEFAULT_REPORTS : reports);
        if (ledgerTable != null) {
            deps.ledgerTable(ledgerTable);
        }
        return new RunSettings(deps.build());
    }

    Dependencies deps() {
        return deps;
    }

    /** Where the handlers write reports: {@code <reportsUri>/<run id>/}. */
    String reportsUri() {
        return deps.reportsLocation();
    }

    @Override
    public void close() {
        deps.clients().close();
    }
}
