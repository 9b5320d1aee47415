package dev.ferry.core.validation;

import dev.ferry.core.errors.Problem;
import dev.ferry.core.runtime.Dependencies;
import java.util.Optional;

/**
 * What no workflow may read from or write to: Ferry's own run ledger table and its reports bucket.
 * Copying into the ledger would write records for other runs into it (and copying it would read every
 * run's checkpoints); writing into the reports bucket would mix data with reports. Every workflow's
 * Validate asks here for each table or bucket its input names, on either side.
 *
 * <p>The check is by name, wherever the table or bucket lives: a table named like the ledger in another
 * account is refused too, since Ferry cannot always tell accounts apart before it reaches them (emulators
 * give every region the same ARNs), and being strict costs only a rename.
 */
public final class ReservedResources {
    private ReservedResources() {
    }

    /**
     * @param path the JSON path of the value naming the table
     * @param role what the table is to the workflow ("source", "destination")
     * @return the problem, when {@code table} is the run ledger's name
     */
    public static Optional<Problem> table(Dependencies deps, String path, String table, String role) {
        if (table != null && table.equals(deps.ledgerTable())) {
            return Optional.of(new Problem(path, "'" + table + "' is the name of Ferry's run ledger table, which can never be"
                    + " a " + role + ": Ferry keeps every run's records there.",
                    "Name another " + role + " table" + ("destination".equals(role) ? " (a rename rule or an explicit destination)" : "")
                            + ", or, if this really is another table, give Ferry's ledger another name (FERRY_LEDGER_TABLE, "
                            + "or ferry run --ledger-table)."));
        }
        return Optional.empty();
    }

    /**
     * @param path the JSON path of the value naming the bucket
     * @param role what the bucket is to the workflow
     * @return the problem, when {@code bucket} is the bucket the reports go to
     */
    public static Optional<Problem> bucket(Dependencies deps, String path, String bucket, String role) {
        String reports = reportsBucket(deps.reportsLocation());
        if (bucket != null && bucket.equals(reports)) {
            return Optional.of(new Problem(path, "'" + bucket + "' is the bucket Ferry writes its reports to, which can never"
                    + " be a " + role + ".", "Name another bucket."));
        }
        return Optional.empty();
    }

    /** The bucket of an {@code s3://bucket/prefix} reports location, or null for a local folder. */
    static String reportsBucket(String location) {
        if (location == null || !location.startsWith("s3://")) {
            return null;
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
