package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import java.util.List;

/**
 * The summary of a migration: what Report returns into the execution output and writes as {@code summary.json}
 * beside {@code assets.csv} (one row per dataset, dashboard and analysis).
 *
 * @param runId the run id
 * @param status SUCCEEDED, FAILED (verification or the run), or PLANNED (dry run)
 * @param dryRun whether this was a dry run
 * @param dataSource the destination data source and what the run did with it
 * @param rows one per dataset, dashboard and analysis
 * @param totals counts
 * @param error for a failed run: the error and what rollback did
 * @param artefacts where the artefacts file is
 * @param reportUri where summary.json is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationReport(String runId, RunOutcome status, boolean dryRun, String dataSource, List<Row> rows, Totals totals,
                              Failure error, String artefacts, String reportUri) {

    /**
     * One dataset, dashboard or analysis.
     *
     * @param kind dataset, dashboard or analysis
     * @param sourceId its id in the source
     * @param destinationId its id in the destination
     * @param action what the run did (CREATED, UPDATED, UNCHANGED, ADOPTED, IMPORTED, SKIPPED ...) or would do
     * @param verdict MATCH, MISMATCH or NOT_COMPARABLE; none when it was not moved
     * @param detail a sentence a person can act on
     * @param customSql whether it has custom SQL tables (datasets)
     * @param rowLevelSecurity whether it uses row-level security (datasets)
     * @param differences where the destination differs from the source (JSON pointers)
     * @param warnings what was not moved exactly
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String kind, String sourceId, String destinationId, String action, Verdict verdict, String detail,
                      Boolean customSql, Boolean rowLevelSecurity, List<String> differences, List<String> warnings) {
    }

    /** Counts of the rows. */
    public record Totals(int datasets, int moved, int skipped, int assets, int matched, int mismatched) {
    }

    /** A failed run: its error, and what rollback removed and kept. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String error, String cause, List<String> undone, List<String> kept) {
    }
}
