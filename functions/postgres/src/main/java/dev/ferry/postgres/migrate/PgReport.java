package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import java.util.List;
import java.util.Map;

/**
 * The summary of a postgres-to-dynamodb run: what Report returns into the execution output and writes as
 * {@code summary.json} beside {@code tables.csv} and {@code problems.csv}. Counts, verdicts, names and digests
 * only: never a secret value.
 *
 * @param runId the run id
 * @param mode full, incremental or drift-check
 * @param status SUCCEEDED, FAILED (a difference found), or PLANNED (dry run)
 * @param tables one entry per table
 * @param totals sums over the tables
 * @param idMaps how the new ids of uuid5 tables are made (they are derived, so the map is the formula)
 * @param problems how many problem rows problems.csv holds (the first per unit; the counts are complete)
 * @param startedAt the database's clock when the run started (the next incremental run's watermark)
 * @param reportUri where summary.json is
 * @param failure why a failed run failed and what its rollback did (null otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PgReport(String runId, String mode, RunOutcome status, List<TableResult> tables, Totals totals, List<IdMap> idMaps,
                       long problems, String startedAt, String reportUri, Failure failure) {

    /** A report without a failure. */
    public PgReport(String runId, String mode, RunOutcome status, List<TableResult> tables, Totals totals, List<IdMap> idMaps,
                    long problems, String startedAt, String reportUri) {
        this(runId, mode, status, tables, totals, idMaps, problems, startedAt, reportUri, null);
    }

    /**
     * Why a run failed and what its rollback did.
     *
     * @param error the error name
     * @param cause its message
     * @param undone what the rollback removed or put back
     * @param kept what it left in place, and why
     * @param rollbackError set when the rollback itself failed: what is left (the rollback workflow finishes it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String error, String cause, List<String> undone, List<String> kept, String rollbackError) {
    }

    /**
     * One table's result.
     *
     * @param source the source table
     * @param target the DynamoDB table, or "secrets: &lt;name template&gt;"
     * @param action what the run did with the target
     * @param ranges key ranges
     * @param sourceRows rows in the source when verified (a dry run: the count at planning)
     * @param written items or secrets written (created + updated)
     * @param unchanged rows whose item or secret was already equal (not written)
     * @param skipped rows not migrated (onDecryptError: skip)
     * @param targetItems items of the table in the target (secrets: secrets found equal)
     * @param missing rows without their item or secret
     * @param differing rows whose item or secret differs (items: field by field in the sample)
     * @param extra items with no row (with propagateDeletes false, the items an incremental run kept are among them)
     * @param deleted items deleted because their row is gone (incremental)
     * @param changedDuringRun differences from rows changed after the run started (the next incremental run takes them)
     * @param referencesChecked references to parent tables looked up
     * @param referencesBroken references that did not resolve
     * @param tenants tenants whose row and item counts were compared
     * @param tenantMismatches tenants whose counts differ
     * @param result the verdict
     * @param detail a sentence a person can act on
     * @param warnings what a person should know
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TableResult(String source, String target, String action, int ranges, long sourceRows, long written, long unchanged,
                              long skipped, Long targetItems, long missing, long differing, long extra, long deleted, long changedDuringRun,
                              long referencesChecked, long referencesBroken, int tenants, int tenantMismatches, Verdict result, String detail,
                              List<String> warnings) {
    }

    /** Sums. */
    public record Totals(int tables, long sourceRows, long written, long mismatches) {
    }

    /**
     * A table's new ids.
     *
     * @param table the table
     * @param column its id column
     * @param namespace the uuid5 namespace
     * @param formula how a new id is made
     * @param rewrittenIn the columns of other tables rewritten to these ids
     * @param examples a few old -> new pairs
     */
    public record IdMap(String table, String column, String namespace, String formula, List<String> rewrittenIn, Map<String, String> examples) {
    }
}
