package dev.ferry.core.ledger;

import dev.ferry.core.errors.ConflictException;

/** A run id was reused with a different workflow or input: resuming it would mix two runs. */
public class RunIdConflictException extends ConflictException {
    public RunIdConflictException(String runId, RunRecord existing) {
        super("run id '" + runId + "' was already used by a " + existing.workflow() + " run started "
                + existing.createdAt() + " with different input. To resume that run, start it again with its "
                + "original input; to start a new run, give a new runId (or leave runId out to use the execution name).");
    }
}
