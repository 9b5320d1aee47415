package dev.ferry.dynamodb.transform;

import dev.ferry.core.errors.FerryException;

/**
 * The transform failed on an item (with {@code options.onItemError} {@code fail}, the default): the run is
 * rolled back, and its report names the item. The message names the expression and what went wrong, never
 * the item's data.
 */
public class ItemTransformException extends FerryException {
    public ItemTransformException(String message) {
        super(message);
    }
}
