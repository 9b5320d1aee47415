package dev.ferry.core.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Base of every Ferry Lambda handler: JSON in and out ({@link JsonHandler}), Powertools' structured
 * logging (JSON lines with the request id and the service name) around each invocation, and the
 * {@link Dependencies} it was built with.
 *
 * <p>A handler has two constructors: the no-argument one Lambda calls, which uses
 * {@link Dependencies#fromEnvironment()}, and one taking {@link Dependencies}, which the local
 * engine's handler factory and tests call.
 *
 * @param <I> the payload type
 * @param <O> the result type
 */
public abstract class FerryFunction<I, O> extends JsonHandler<I, O> {
    protected final Dependencies deps;

    protected FerryFunction(Class<I> inputType, Dependencies deps) {
        super(inputType);
        this.deps = java.util.Objects.requireNonNull(deps, "deps");
    }

    @Override
    protected O invoke(I request, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(request, context));
    }
}
