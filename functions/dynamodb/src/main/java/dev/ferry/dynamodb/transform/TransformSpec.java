package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a run does to each item, as the input gives it: JSONata expressions evaluated on the item's
 * plain-JSON view (docs/dynamodb-transform.md).
 *
 * @param when which items need the transform: true or false for every item; items for which it is
 *     false are skipped (this is what makes a re-run or a resumed run change nothing more)
 * @param update the item's new shape, the whole item (null: the item itself is not changed)
 * @param emit records to put into other tables (empty: none)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TransformSpec(String when, String update, List<Emit> emit) {
    public TransformSpec {
        emit = emit == null ? List.of() : List.copyOf(emit);
    }

    /**
     * Records one item gives to another table.
     *
     * @param table the table they go to (same account and region as the transformed table)
     * @param item an expression giving one record (an object), several (an array of objects), or none
     */
    public record Emit(String table, String item) {
    }
}
