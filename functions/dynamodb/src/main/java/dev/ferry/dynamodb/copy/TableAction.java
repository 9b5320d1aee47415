package dev.ferry.dynamodb.copy;

/** What a run did (or would do) with a destination table. */
public enum TableAction {
    /** Created by this run: rollback deletes it. */
    CREATED,
    /** Existed before the run and was reused: never deleted by rollback. */
    REUSED,
    /** A dry run would create it. */
    WOULD_CREATE,
    /** A dry run would reuse it. */
    WOULD_REUSE;

    /** The dry-run form of this action. */
    public TableAction planned() {
        return switch (this) {
            case CREATED, WOULD_CREATE -> WOULD_CREATE;
            case REUSED, WOULD_REUSE -> WOULD_REUSE;
        };
    }
}
