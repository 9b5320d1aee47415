package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What Plan returns and keeps in the ledger: the units of work and the backups taken.
 *
 * @param runId the run id
 * @param dryRun whether nothing is written
 * @param segments scan segments (or key ranges) of the table
 * @param units the units, in the shuffled order the Map processes them
 * @param tableItemCount the table's ItemCount as DescribeTable reports it (updated about every six hours)
 * @param backups the on-demand backups taken before the first write (empty without options.backup)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PreparedTransform(String runId, boolean dryRun, int segments, List<TransformUnit> units, long tableItemCount,
                                List<Backup> backups) {
    public PreparedTransform {
        units = units == null ? List.of() : List.copyOf(units);
        backups = backups == null ? List.of() : List.copyOf(backups);
    }

    /**
     * One on-demand backup.
     *
     * @param table the table backed up
     * @param name the backup's name
     * @param arn the backup's ARN
     */
    public record Backup(String table, String name, String arn) {
    }
}
