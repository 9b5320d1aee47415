package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What Prepare returns: the tables as they now stand and the units of work.
 *
 * @param runId the run id
 * @param dryRun true when nothing was created
 * @param tables one entry per table of the plan
 * @param units the scan segments: each is copied from the source table, then verified in the
 *     destination table (one list for both Map states, to keep the payload small)
 */
public record PreparedCopy(String runId, boolean dryRun, List<PreparedTable> tables, List<Unit> units) {

    /**
     * One table after Prepare.
     *
     * @param index position in the plan
     * @param source source table name
     * @param destination destination table name
     * @param action what the run did (or, in a dry run, would do) with the destination
     * @param segments scan segments used
     * @param sourceItemCount the source's ItemCount as DescribeTable reports it (updated about every six hours)
     * @param sourceSizeBytes the source's TableSizeBytes as DescribeTable reports it
     * @param destinationHadItems for a reused table: whether it held items before the run
     * @param deletionProtection whether to switch deletion protection on once verified
     * @param warnings what could not be copied exactly, and what was done instead
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreparedTable(int index, String source, String destination, TableAction action, int segments,
                                long sourceItemCount, long sourceSizeBytes, Boolean destinationHadItems,
                                boolean deletionProtection, List<String> warnings) {
    }
}
