package dev.ferry.engine.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A handler that needs a dependency: it has no no-argument constructor, so a handler factory must make it. */
public class PrefixedGreetingHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final String greeting;

    public PrefixedGreetingHandler(String greeting) {
        this.greeting = greeting;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return Map.of("greeting", greeting + ", " + input.get("name"));
    }
}
