package dev.ferry.statemachines;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for writing JSONata fields in CDK. */
final class Jsonata {

    private Jsonata() {
    }

    /**
     * An insertion-ordered map from alternating keys and values. {@code Map.of} iterates in an order that
     * changes from one JVM to the next, which would make the synthesized definition (and the checked-in
     * asl/ snapshot) unstable.
     */
    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("object(...) takes key/value pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
