package dev.ferry.core.dynamodb;

/** Tags Ferry puts on what it creates. */
public final class FerryTags {
    /** Carries the id of the run that created the resource: rollback deletes only what carries its run id. */
    public static final String RUN_ID = "ferry:run-id";

    private FerryTags() {
    }
}
