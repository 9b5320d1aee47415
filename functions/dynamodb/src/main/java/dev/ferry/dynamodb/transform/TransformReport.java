package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.report.RunOutcome;
import dev.ferry.core.report.Verdict;
import java.util.List;

/**
 * The summary of a transform: what Report returns into the execution output and writes as
 * {@code summary.json}, beside {@code items.csv} (the problems and a sample of diffs) and, when items
 * failed, {@code failed-keys.json}.
 *
 * @param runId the run id
 * @param status SUCCEEDED, FAILED (verification, or the run failed and was rolled back) or PLANNED (dry run)
 * @param dryRun whether nothing was written
 * @param table the table transformed
 * @param emitTables the tables records were emitted to
 * @param segments the units the table was cut into (scan segments or key ranges)
 * @param counts what the run did, over every unit
 * @param verification what verification found (null in a dry run, or when the run failed before it)
 * @param detail one sentence a person can act on
 * @param backups the on-demand backups taken before the first write
 * @param hotPartitions the partition keys whose updates were throttled most (DynamoDB allows 1,000 WCU a partition)
 * @param failedKeys where failed-keys.json is (a later run's options.keysFrom), when items failed
 * @param failure when the run failed: the error, and what rollback did
 * @param reportUri where summary.json is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransformReport(String runId, RunOutcome status, boolean dryRun, String table, List<String> emitTables,
                              int segments, Counts counts, Verification verification, String detail,
                              List<PreparedTransform.Backup> backups, List<HotPartition> hotPartitions, String failedKeys,
                              Failure failure, String reportUri) {

    /**
     * Items and records, over every unit.
     *
     * @param scanned items read
     * @param matched items {@code when} selected
     * @param transformed items updated (dry run: that would be)
     * @param unchanged items selected that needed no change
     * @param skipped items {@code when} did not select
     * @param conflicts updates a concurrent writer got in the way of (re-read and re-applied)
     * @param emitted records written to other tables (dry run: that would be)
     * @param emittedReplaced of which replaced an existing record
     * @param failed items the transform failed on for good
     * @param gone items deleted by someone else between the read and the write
     * @param throttled updates throttled (and retried)
     */
    public record Counts(long scanned, long matched, long transformed, long unchanged, long skipped, long conflicts,
                         long emitted, long emittedReplaced, long failed, long gone, long throttled) {
    }

    /**
     * What verification checked and found.
     *
     * @param items MATCH when no item checked needs the transform any more
     * @param emitted MATCH when every record the run wrote is present and equal
     * @param itemsChecked items checked
     * @param notTransformed items the transform would still change (or fails on now)
     * @param emittedChecked records checked
     * @param emittedMissing records missing
     * @param emittedDifferent records that differ from what the run wrote
     */
    public record Verification(Verdict items, Verdict emitted, long itemsChecked, long notTransformed, long emittedChecked,
                               long emittedMissing, long emittedDifferent) {
    }

    /** A partition key and how many of its updates were throttled. */
    public record HotPartition(String partitionKey, long throttles) {
    }

    /**
     * Why the run failed and what rollback did.
     *
     * @param error the error name
     * @param cause its message
     * @param undone what rollback undid
     * @param kept what rollback left, and why (conflicts: items changed since the run wrote them)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String error, String cause, List<String> undone, List<String> kept) {
    }
}
