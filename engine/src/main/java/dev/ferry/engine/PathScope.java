package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** What a JSONPath can read: {@code $} (the data), {@code $$} (the context object) and {@code $name} (a variable). */
interface PathScope {
    JsonNode input();

    JsonNode context();

    Optional<JsonNode> variable(String name);
}
