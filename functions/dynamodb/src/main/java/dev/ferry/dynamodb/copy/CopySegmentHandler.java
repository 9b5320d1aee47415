package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.dynamodb.rollback.Rollback;
import dev.ferry.dynamodb.support.Dependencies;
import dev.ferry.dynamodb.support.DynamoDbFunction;

/** Lambda entry of the CopySegment state: one time-boxed pass over a scan segment. */
public final class CopySegmentHandler extends DynamoDbFunction<SegmentRequest, CopyProgress> {
    public CopySegmentHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CopySegmentHandler(Dependencies deps) {
        super(SegmentRequest.class, deps);
    }

    @Override
    protected CopyProgress handle(SegmentRequest request, Context context) {
        RunLedger ledger = deps.ledger();
        try {
            return new SegmentCopier(deps.clients(), ledger, deps.safetyMarginMillis(), deps.sleeper()).copy(request, context);
        } catch (RuntimeException e) {
            Rollback.recordUnitFailure(ledger, request.runId(), e);
            throw e;
        }
    }
}
