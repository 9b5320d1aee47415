package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import java.util.List;

/**
 * The summary of a copy: what Report returns into the execution output and writes as
 * {@code summary.json} beside {@code tables.csv}, {@code segments.csv} and {@code differences.csv}; also
 * what ReportFailure writes for a run that failed after Validate.
 *
 * @param runId the run id
 * @param status how the run ended: SUCCEEDED, FAILED (verification found differences, or the run failed:
 *     see {@code failure}), or PLANNED (dry run)
 * @param dryRun whether this was a dry run
 * @param verify the verification mode
 * @param source where the tables were read: region and account id (where known)
 * @param destination where they were written
 * @param times when the run started, when verification ran, when this report was written
 * @param verification what was compared, in words
 * @param tables one line per table
 * @param totals sums over the tables
 * @param failure for a failed run: the error, and what the rollback removed and kept
 * @param nextStep what to do now, when there is something to do
 * @param reportUri where summary.json is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyReport(String runId, RunOutcome status, boolean dryRun, VerifyMode verify, Place source, Place destination,
                         Times times, String verification, List<TableResult> tables, Totals totals, Failure failure,
                         String nextStep, String reportUri) {

    /**
     * A side of the copy.
     *
     * @param region the region
     * @param account the account id (from the tables' ARNs, or the role's), or null when unknown
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Place(String region, String account) {
    }

    /**
     * When things happened (ISO-8601, UTC).
     *
     * @param runStartedAt when the run was first started (its ledger record)
     * @param verificationStartedAt when the first segment's verification started
     * @param verificationFinishedAt when the last segment's verification finished
     * @param reportedAt when this report was written
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Times(String runStartedAt, String verificationStartedAt, String verificationFinishedAt, String reportedAt) {
    }

    /**
     * One table's result.
     *
     * @param source source table
     * @param destination destination table
     * @param action what the run did with the destination
     * @param segments scan segments
     * @param itemsCopied items this run has written into the destination (over every attempt and re-run)
     * @param sourceItems items in the source when verified (for a dry run: the source's ItemCount estimate)
     * @param destinationItems items in the destination when verified (null in a dry run)
     * @param missing source items not in the destination
     * @param different source items whose destination item differs (checksum mode)
     * @param extra destination items not in the source
     * @param sourceDigest digest of the source items when verified (checksum mode)
     * @param destinationDigest digest of the destination items (checksum mode)
     * @param result the verdict (NOT_COMPARABLE: a reused table that held other items; PLANNED: a dry run;
     *     null: not verified, the run failed first)
     * @param detail a sentence a person can act on
     * @param differences a bounded sample of the keys that differ, each with its segment and kind
     * @param warnings what was not copied exactly
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TableResult(String source, String destination, TableAction action, int segments, Long itemsCopied,
                              long sourceItems, Long destinationItems, Long missing, Long different, Long extra,
                              String sourceDigest, String destinationDigest, Verdict result, String detail,
                              List<String> differences, List<String> warnings) {
    }

    /**
     * Totals.
     *
     * @param tables tables in the run
     * @param sourceItems items in the sources when verified
     * @param destinationItems items found in the destinations
     * @param mismatches tables whose verification failed
     * @param missing source items not in the destinations
     * @param different items that differ
     * @param extra destination items not in the sources
     */
    public record Totals(int tables, long sourceItems, long destinationItems, int mismatches, long missing, long different,
                         long extra) {
    }

    /**
     * Why a run failed, and what its rollback did.
     *
     * @param error the error name
     * @param cause its message
     * @param rolledBack what the rollback removed
     * @param kept what it left in place, and why
     */
    public record Failure(String error, String cause, List<String> rolledBack, List<String> kept) {
    }
}
