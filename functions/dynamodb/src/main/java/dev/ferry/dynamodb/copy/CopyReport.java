package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import java.util.List;

/**
 * The summary of a copy: what Report returns into the execution output and writes as
 * {@code summary.json} beside {@code tables.csv} and {@code segments.csv}.
 *
 * @param runId the run id
 * @param status how the run ended: SUCCEEDED, FAILED (verification), or PLANNED (dry run)
 * @param dryRun whether this was a dry run
 * @param verify the verification mode
 * @param tables one line per table
 * @param totals items over all tables
 * @param reportUri where summary.json is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyReport(String runId, RunOutcome status, boolean dryRun, VerifyMode verify, List<TableResult> tables,
                         Totals totals, String reportUri) {

    /**
     * One table's result.
     *
     * @param source source table
     * @param destination destination table
     * @param action what the run did with the destination
     * @param segments scan segments
     * @param sourceItems items read from the source (for a dry run: the source's ItemCount estimate)
     * @param destinationItems items counted in the destination after the copy (null in a dry run)
     * @param sourceDigest digest of the source items (checksum mode)
     * @param destinationDigest digest of the destination items (checksum mode)
     * @param result the verdict (NOT_COMPARABLE: a reused table that already held items; PLANNED: a dry run)
     * @param detail a sentence a person can act on
     * @param warnings what was not copied exactly
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TableResult(String source, String destination, TableAction action, int segments, long sourceItems,
                              Long destinationItems, String sourceDigest, String destinationDigest, Verdict result,
                              String detail, List<String> warnings) {
    }

    /**
     * Totals.
     *
     * @param tables tables in the run
     * @param sourceItems items read
     * @param destinationItems items found in the destinations
     * @param mismatches tables whose verification failed
     */
    public record Totals(int tables, long sourceItems, long destinationItems, int mismatches) {
    }
}
