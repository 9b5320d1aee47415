package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What Prepare returns into the state: the units, by load level (parents first) for the load, and all of them
 * for the verification. Everything else a unit needs is in the run ledger ({@link PreparedRun}).
 *
 * @param runId the run id
 * @param mode the run's mode
 * @param dryRun whether nothing is written
 * @param levels the units per load level, parents first: the tables of one level load side by side
 * @param units every unit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prepared(String runId, String mode, boolean dryRun, List<Level> levels, List<Unit> units) {
    /** One load level: units of tables with no foreign key between them. */
    public record Level(List<Unit> units) {
    }
}
