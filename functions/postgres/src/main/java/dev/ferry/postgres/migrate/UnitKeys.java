package dev.ferry.postgres.migrate;

import dev.ferry.core.ledger.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How a unit's resume point is kept in its checkpoint: the last primary key read (its columns' text), and for
 * verification, which phase it is in and the last DynamoDB key scanned.
 */
final class UnitKeys {
    static final String KEY = "k";
    static final String PHASE = "p";
    static final String SOURCE_PHASE = "s";
    static final String TARGET_PHASE = "d";

    private UnitKeys() {
    }

    static Map<String, AttributeValue> toCheckpoint(List<String> key) {
        return Map.of(KEY, AttributeValue.fromL(key.stream().map(AttributeValue::fromS).toList()));
    }

    /** The last key read, or null at the start. */
    static List<String> fromCheckpoint(Checkpoint cp) {
        AttributeValue k = cp.lastKey().get(KEY);
        if (k == null || k.l() == null || !k.hasL() || k.l().isEmpty() || cp.lastKey().containsKey(PHASE)
                && !SOURCE_PHASE.equals(cp.lastKey().get(PHASE).s())) {
            return null;
        }
        List<String> out = new ArrayList<>();
        k.l().forEach(v -> out.add(v.s()));
        return out;
    }

    static Map<String, AttributeValue> sourcePhase(List<String> key) {
        return key == null ? Map.of(PHASE, AttributeValue.fromS(SOURCE_PHASE))
                : Map.of(PHASE, AttributeValue.fromS(SOURCE_PHASE), KEY, AttributeValue.fromL(key.stream().map(AttributeValue::fromS).toList()));
    }

    static Map<String, AttributeValue> targetPhase(Map<String, AttributeValue> lastEvaluatedKey) {
        return lastEvaluatedKey == null || lastEvaluatedKey.isEmpty() ? Map.of(PHASE, AttributeValue.fromS(TARGET_PHASE))
                : Map.of(PHASE, AttributeValue.fromS(TARGET_PHASE), KEY, AttributeValue.fromM(lastEvaluatedKey));
    }

    static boolean inTargetPhase(Checkpoint cp) {
        AttributeValue p = cp.lastKey().get(PHASE);
        return p != null && TARGET_PHASE.equals(p.s());
    }

    /** The DynamoDB scan's resume key of the target phase, or null at its start. */
    static Map<String, AttributeValue> targetKey(Checkpoint cp) {
        AttributeValue k = cp.lastKey().get(KEY);
        return inTargetPhase(cp) && k != null && k.hasM() ? k.m() : null;
    }
}
