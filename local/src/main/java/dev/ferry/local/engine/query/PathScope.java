package dev.ferry.local.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** What a JSONPath can read: {@code $} (the data), {@code $$} (the context object) and {@code $name} (a variable). */
public interface PathScope {
    JsonNode input();

    JsonNode context();

    Optional<JsonNode> variable(String name);

    /** The same context object and variables, with {@code $} bound to other data. */
    default PathScope withInput(JsonNode newInput) {
        PathScope outer = this;
        return new PathScope() {
            @Override
            public JsonNode input() {
                return newInput;
            }

            @Override
            public JsonNode context() {
                return outer.context();
            }

            @Override
            public Optional<JsonNode> variable(String name) {
                return outer.variable(name);
            }
        };
    }
}
