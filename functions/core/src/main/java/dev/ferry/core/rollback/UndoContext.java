package dev.ferry.core.rollback;

import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;

/**
 * What an undoer works with.
 *
 * @param runId the run being rolled back
 * @param deps clients (per side), the retry helper, the reports location
 * @param ledger the run ledger
 */
public record UndoContext(String runId, Dependencies deps, RunLedger ledger) {
}
