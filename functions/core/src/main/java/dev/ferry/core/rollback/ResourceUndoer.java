package dev.ferry.core.rollback;

import dev.ferry.core.ledger.ResourceRecord;

/**
 * Removes one kind of resource a run created, keyed by the ledger's resource type
 * ({@code dynamodb:table}, {@code dynamodb:item}, {@code secretsmanager:secret}, ...).
 *
 * <p>Each functions module registers the undoers of the types it creates in its own
 * {@code META-INF/services/dev.ferry.core.rollback.ResourceUndoer}, so a module's Rollback function
 * can undo everything its workflow creates, and {@link Rollback} needs to know no type itself. A type
 * with no undoer on the classpath fails the rollback, naming the type.
 *
 * <p>An undoer must be idempotent (a rollback may run again after a partial one), must never remove
 * what existed before the run, and must mark the resource in the ledger
 * ({@code ROLLED_BACK} or {@code PREEXISTING}) once it is done with it.
 */
public interface ResourceUndoer {
    /** The resource type this undoer removes. */
    String type();

    /**
     * Undoes one resource of the run.
     *
     * @return what became of it
     * @throws dev.ferry.core.errors.TransientException to have the rollback step retried (a resource busy,
     *     a fault that outlived the retries)
     * @throws RuntimeException anything else: the resource is reported as left behind, with the message
     */
    UndoOutcome undo(UndoContext context, ResourceRecord resource);
}
