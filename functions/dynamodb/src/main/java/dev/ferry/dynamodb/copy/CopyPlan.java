package dev.ferry.dynamodb.copy;

import dev.ferry.core.aws.Side;
import java.util.List;

/**
 * A validated, normalised copy: what Validate returns and every later step reads.
 *
 * @param runId the run id
 * @param dryRun plan and report only
 * @param source where tables are read
 * @param destination where tables are written
 * @param tables source and destination name of each table, in input order
 * @param options options with defaults filled in
 * @param inputHash hash of everything above but the run id, to detect run id reuse
 */
public record CopyPlan(String runId, boolean dryRun, Side source, Side destination, List<TablePair> tables,
                       CopyOptions options, String inputHash) {

    /** One table to copy. */
    public record TablePair(String source, String destination) {
    }
}
