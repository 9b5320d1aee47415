package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workflow variables of one scope. A Parallel branch or inline Map iteration gets a child scope
 * that reads its parents' variables; a Distributed Map child execution starts from an empty one.
 * Which names a scope may assign is checked at load time.
 */
final class Variables {
    private final Variables parent;
    private final Map<String, JsonNode> values = new ConcurrentHashMap<>();

    private Variables(Variables parent) {
        this.parent = parent;
    }

    static Variables empty() {
        return new Variables(null);
    }

    Variables child() {
        return new Variables(this);
    }

    Optional<JsonNode> get(String name) {
        JsonNode value = values.get(name);
        if (value != null) {
            return Optional.of(value);
        }
        return parent == null ? Optional.empty() : parent.get(name);
    }

    void assign(Map<String, JsonNode> assignments) {
        values.putAll(assignments);
    }

    /** Every visible variable as a JSONata value, inner scopes over outer. */
    Map<String, Object> jsonataView() {
        Map<String, Object> view = parent == null ? new HashMap<>() : parent.jsonataView();
        values.forEach((name, value) -> view.put(name, JsonataValues.toJava(value)));
        return view;
    }
}
