package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.Checkpoint;
import java.util.Map;
import java.util.TreeMap;

/**
 * A unit's named counts (rows written, missing, per tenant ...), kept in its checkpoint's detail as a small JSON
 * object, so they are saved in the same conditional write as the resume point and never run ahead of it.
 */
final class UnitCounters {
    private UnitCounters() {
    }

    static Map<String, Long> of(Checkpoint cp) {
        Map<String, Long> out = new TreeMap<>();
        if (cp.detail() != null && !cp.detail().isBlank()) {
            JsonNode json = Json.parse(cp.detail());
            json.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        }
        return out;
    }

    static String detail(Map<String, Long> counters) {
        return Json.write(new TreeMap<>(counters));
    }
}
