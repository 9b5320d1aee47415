package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.dynamodb.support.Dependencies;
import dev.ferry.dynamodb.support.DynamoDbFunction;

/** Lambda entry of the VerifySegment state: one time-boxed pass over a destination segment. */
public final class VerifySegmentHandler extends DynamoDbFunction<SegmentRequest, VerifyProgress> {
    public VerifySegmentHandler() {
        this(Dependencies.fromEnvironment());
    }

    public VerifySegmentHandler(Dependencies deps) {
        super(SegmentRequest.class, deps);
    }

    @Override
    protected VerifyProgress handle(SegmentRequest request, Context context) {
        return new SegmentVerifier(deps.clients(), deps.ledger(), deps.safetyMarginMillis(), deps.sleeper()).verify(request, context);
    }
}
