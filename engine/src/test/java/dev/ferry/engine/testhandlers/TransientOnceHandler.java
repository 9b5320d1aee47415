package dev.ferry.engine.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Throws {@link Throttled} on its instance's first call, then succeeds. */
public class TransientOnceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** A failure worth retrying, named by its class in a Retry's ErrorEquals. */
    public static final class Throttled extends RuntimeException {
        public Throttled(String message) {
            super(message);
        }
    }

    private int calls;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        if (++calls == 1) {
            throw new Throttled("throttled, try again");
        }
        return Map.of("calls", calls);
    }
}
