package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.Side;
import java.util.List;

/**
 * A validated, normalised transform: what Validate returns and every later step reads.
 *
 * @param runId the run id
 * @param target where the tables are (region, role)
 * @param table the table transformed, with its key
 * @param emitTables the tables records are emitted to, with their keys, in the order of the spec's emits
 * @param transform the expressions
 * @param variables the input's variables (a JSON object; {@code $name} in the expressions)
 * @param options options with defaults filled in
 * @param inputHash hash of everything above but the run id, to detect run id reuse
 */
public record TransformPlan(String runId, Side target, TableKeys table, List<TableKeys> emitTables, TransformSpec transform,
                            JsonNode variables, TransformOptions options, String inputHash) {
    public TransformPlan {
        emitTables = List.copyOf(emitTables);
    }

    public boolean dryRun() {
        return options.dryRun();
    }

    /** This plan as the run ledger may keep it: the target without its external id (the ledger holds no secret). */
    TransformPlan withoutSecrets() {
        return new TransformPlan(runId, target.withoutSecrets(), table, emitTables, transform, variables, options, inputHash);
    }

    /** The emit table called {@code name}. */
    TableKeys emitTable(String name) {
        return emitTables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no emit table " + name));
    }
}
