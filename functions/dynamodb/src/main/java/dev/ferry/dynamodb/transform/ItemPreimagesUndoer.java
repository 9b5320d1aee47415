package dev.ferry.dynamodb.transform;

import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.rollback.ResourceUndoer;
import dev.ferry.core.rollback.UndoContext;
import dev.ferry.core.rollback.UndoOutcome;

/**
 * Rolls back the items one page of a transform updated ({@value SegmentTransformer#ITEM_PREIMAGES}): each gets
 * its pre-image back where it still holds what the run wrote (see {@link PageUndo}).
 */
public final class ItemPreimagesUndoer implements ResourceUndoer {
    @Override
    public String type() {
        return SegmentTransformer.ITEM_PREIMAGES;
    }

    @Override
    public UndoOutcome undo(UndoContext context, ResourceRecord resource) {
        return PageUndo.items(context, resource);
    }
}
