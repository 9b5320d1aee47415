package dev.ferry.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ferry.core.errors.TransientException;
import java.util.Map;

/** Throws Ferry's TransientException on its instance's first call, then succeeds. */
public class TransientOnceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private int calls;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        if (++calls == 1) {
            throw new TransientException("throttled, try again");
        }
        return Map.of("calls", calls);
    }
}
