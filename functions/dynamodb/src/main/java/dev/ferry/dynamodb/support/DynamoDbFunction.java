package dev.ferry.dynamodb.support;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.handler.JsonHandler;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Base of the DynamoDB workflow handlers: JSON in and out, and Powertools' structured logging
 * (JSON lines with the request id and the service name) around each invocation.
 */
public abstract class DynamoDbFunction<I, O> extends JsonHandler<I, O> {
    protected final Dependencies deps;

    protected DynamoDbFunction(Class<I> inputType, Dependencies deps) {
        super(inputType);
        this.deps = deps;
    }

    @Override
    protected O invoke(I request, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(request, context));
    }
}
