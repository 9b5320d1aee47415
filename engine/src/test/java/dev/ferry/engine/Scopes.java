package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** Path scopes for tests. */
final class Scopes {
    private Scopes() {
    }

    static PathScope of(String input, String context, Map<String, String> variables) {
        JsonNode data = Json.parse(input);
        JsonNode ctx = Json.parse(context);
        return new PathScope() {
            @Override
            public JsonNode input() {
                return data;
            }

            @Override
            public JsonNode context() {
                return ctx;
            }

            @Override
            public Optional<JsonNode> variable(String name) {
                return Optional.ofNullable(variables.get(name)).map(Json::parse);
            }
        };
    }

    static PathScope input(String input) {
        return of(input, "{}", Map.of());
    }
}
