package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.dynamodb.rollback.Rollback;
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
        RunLedger ledger = deps.ledger();
        try {
            return new SegmentVerifier(deps.clients(), ledger, deps.safetyMarginMillis(), deps.sleeper()).verify(request, context);
        } catch (RuntimeException e) {
            Rollback.recordUnitFailure(ledger, request.runId(), e);
            throw e;
        }
    }
}
