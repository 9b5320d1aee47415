package dev.ferry.quicksight.migration;

import dev.ferry.core.errors.FerryException;

/** QuickSight reported the destination data source CREATION_FAILED or UPDATE_FAILED; the message carries its ErrorInfo. */
public class DataSourceFailedException extends FerryException {
    public DataSourceFailedException(String message) {
        super(message);
    }
}
