package dev.ferry.core.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import dev.ferry.core.json.JsonInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A thin Lambda handler: JSON payload in, a record out, with Ferry's one Jackson configuration
 * on both sides (records, big decimals). Subclasses keep no logic beyond calling a service.
 *
 * <p>Exceptions are not wrapped: Lambda reports the thrown exception's fully qualified class name
 * as the error name, which is what the state machines' Retry and Catch match on.
 *
 * @param <I> the payload type
 * @param <O> the result type
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {
    private final Class<I> inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        I request = read(input);
        O result = invoke(request, context);
        Json.MAPPER.writeValue(output, result);
    }

    /** Runs {@link #handle} (hook for logging set-up in subclasses). */
    protected O invoke(I request, Context context) {
        return handle(request, context);
    }

    /** The handler's work. */
    protected abstract O handle(I request, Context context);

    private I read(InputStream input) throws IOException {
        I value = JsonInput.read(new String(input.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), inputType);
        if (value == null) {
            throw new InvalidInputException(new Problem("$", "The payload is empty.",
                    "Start the workflow with a JSON object as input; see events/ for examples."));
        }
        return value;
    }
}
