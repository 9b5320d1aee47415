package dev.ferry.dynamodb.transform;

import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.rollback.ResourceUndoer;
import dev.ferry.core.rollback.UndoContext;
import dev.ferry.core.rollback.UndoOutcome;

/**
 * Rolls back the records one page of a transform put into other tables ({@value SegmentTransformer#EMITTED_RECORDS}):
 * deletes those it created and restores those it replaced, where they still equal what the run wrote (see
 * {@link PageUndo}).
 */
public final class EmittedRecordsUndoer implements ResourceUndoer {
    @Override
    public String type() {
        return SegmentTransformer.EMITTED_RECORDS;
    }

    @Override
    public UndoOutcome undo(UndoContext context, ResourceRecord resource) {
        return PageUndo.records(context, resource);
    }
}
