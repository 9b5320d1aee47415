package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What Prepare resolved, kept in the run ledger for every later step (and for a resume, which keeps the first
 * Prepare's key ranges: the checkpoints depend on them). Names and settings only: no secret, no row data
 * beyond the key-range boundaries.
 *
 * @param plan the validated input
 * @param tables every table, resolved, in input order
 * @param levels table names per load level
 * @param startedAt the database's clock when the run started: the watermark the next incremental run starts from
 * @param since an incremental run's lower bound (the last watermark less the overlap), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreparedRun(PgPlan plan, List<ResolvedTable> tables, List<List<String>> levels, String startedAt, String since) {
    /** Ledger document name. */
    public static final String DOCUMENT = dev.ferry.core.ledger.LedgerDocuments.PREPARED;

    public ResolvedTable table(int index) {
        return tables.stream().filter(t -> t.index() == index).findFirst()
                .orElseThrow(() -> new IllegalStateException("no table " + index + " in the prepared run"));
    }
}
