package dev.ferry.engine.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Always throws, with a cause. */
public class FailingHandler implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        throw new IllegalStateException("bad input: " + input.get("why"), new UncheckedIOException(new IOException("disk full")));
    }
}
