package dev.ferry.core.rollback;

import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.errors.RollbackIncompleteException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.ledger.RunRecord;
import dev.ferry.core.ledger.RunStatus;
import dev.ferry.core.ledger.UnitFailure;
import dev.ferry.core.runtime.Dependencies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes a run from its ledger: every resource it recorded as created (or about to be), newest
 * first, each by the {@link ResourceUndoer} of its type; never one that existed before the run.
 * Idempotent: running it again after a partial rollback finishes the job.
 */
public final class Rollback {
    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

    private final Dependencies deps;
    private final RunLedger ledger;
    private final Map<String, ResourceUndoer> undoers;

    /** With the undoers registered on the classpath ({@code META-INF/services}). */
    public Rollback(Dependencies deps, RunLedger ledger) {
        this(deps, ledger, fromClasspath());
    }

    public Rollback(Dependencies deps, RunLedger ledger, Map<String, ResourceUndoer> undoers) {
        this.deps = deps;
        this.ledger = ledger;
        this.undoers = Map.copyOf(undoers);
    }

    /** The undoers registered on the classpath, by resource type. */
    public static Map<String, ResourceUndoer> fromClasspath() {
        Map<String, ResourceUndoer> out = new LinkedHashMap<>();
        for (ResourceUndoer u : ServiceLoader.load(ResourceUndoer.class, Rollback.class.getClassLoader())) {
            ResourceUndoer previous = out.putIfAbsent(u.type(), u);
            if (previous != null && previous.getClass() != u.getClass()) {
                throw new IllegalStateException("two undoers for resource type " + u.type() + ": "
                        + previous.getClass().getName() + " and " + u.getClass().getName());
            }
        }
        return out;
    }

    /** Why a resource that existed before the run stays, and what the run wrote into it, in plain words. */
    /** Entries a rollback's result lists one by one; the rest are counted by resource type (a state passes on 256 KB at most). */
    static final int LISTED = 100;

    /**
     * The first {@value #LISTED} entries, then one that counts the others by resource type (each entry starts with
     * its type): a run with thousands of resources (a secret per row) still rolls back within a state's 256 KB.
     */
    static List<String> bounded(List<String> entries) {
        if (entries.size() <= LISTED) {
            return entries;
        }
        java.util.Map<String, Integer> byType = new java.util.TreeMap<>();
        for (String e : entries.subList(LISTED, entries.size())) {
            int space = e.indexOf(' ');
            byType.merge(space < 0 ? e : e.substring(0, space), 1, Integer::sum);
        }
        List<String> out = new ArrayList<>(entries.subList(0, LISTED));
        out.add("... and " + (entries.size() - LISTED) + " more: " + byType.entrySet().stream()
                .map(t -> t.getValue() + " " + t.getKey()).collect(java.util.stream.Collectors.joining(", "))
                + " (the run ledger lists each)");
        return out;
    }

    static String keptBecausePreexisting(ResourceRecord r) {
        return "existed before this run, so rollback keeps it" + (r.itemsWritten() > 0 ? "; " + writtenNote(r) : "");
    }

    private static String writtenNote(ResourceRecord r) {
        return "this run wrote " + r.itemsWritten() + " item(s) into it, and they stay: rollback cannot tell them from "
                + "what was there before (an item with the same key was overwritten). To keep a failed run from "
                + "leaving items behind, copy into a destination that does not exist yet: rollback deletes what the run created";
    }

    /**
     * Rolls a run back.
     *
     * @param request who asks and why: a failed execution's Catch, or an operator (on demand)
     */
    public RollbackResult rollBack(RollbackRequest request) {
        String runId = request.runId();
        boolean onDemand = request.onDemand();
        if (runId == null || runId.isBlank()) {
            if (onDemand) {
                throw new InvalidInputException(new Problem("$.runId", "The run id is missing.",
                        "Start the rollback workflow with {\"runId\": \"<run id>\"} (see events/rollback.json)."));
            }
            return RollbackResult.nothing(runId, List.of()); // failed before a run id existed
        }
        Optional<RunRecord> run = ledger.findRun(runId);
        if (run.isEmpty()) {
            if (onDemand) {
                throw new InvalidInputException(new Problem("$.runId", "No run '" + runId + "' is recorded in the ledger "
                        + ledger.tableName() + ".", "Give the run id of a past run (its execution name unless its input set runId)."));
            }
            return RollbackResult.nothing(runId, List.of()); // failed before anything was written
        }
        if (!onDemand) {
            if (run.get().status() == RunStatus.SUCCEEDED) {
                return RollbackResult.nothing(runId, List.of("run " + runId + " had already succeeded: nothing was "
                        + "rolled back. To undo it, start the rollback workflow with {\"runId\": \"" + runId + "\"}"));
            }
            if (request.inputHash() != null && !request.inputHash().equals(run.get().inputHash())) {
                return RollbackResult.nothing(runId, List.of("run id " + runId + " belongs to another input: "
                        + "that run is left alone"));
            }
        }
        ledger.setStatus(runId, RunStatus.ROLLING_BACK);
        List<ResourceRecord> resources = new ArrayList<>(ledger.resources(runId));
        Collections.reverse(resources);
        List<String> undone = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> left = new ArrayList<>();
        UndoContext context = new UndoContext(runId, deps, ledger);
        for (ResourceRecord r : resources) {
            String what = r.type() + " " + r.name();
            switch (r.status()) {
                case ROLLED_BACK -> undone.add(what + " (already removed)");
                case PREEXISTING -> kept.add(what + ": " + keptBecausePreexisting(r));
                case CREATING, CREATED -> {
                    ResourceUndoer undoer = undoers.get(r.type());
                    if (undoer == null) {
                        left.add(what + " (no undoer for resource type '" + r.type() + "' in this function; "
                                + "run the rollback of the workflow that created it)");
                        continue;
                    }
                    Optional<dev.ferry.core.aws.Side> side = request.sideOf(r);
                    if (side.isEmpty()) {
                        left.add(what + " (reaching it needs the external id of role " + r.side().roleArn()
                                + ", which Ferry does not keep in its ledger: start the rollback workflow with {\"runId\": \""
                                + runId + "\", \"externalIds\": {\"" + r.side().roleArn() + "\": \"<external id>\"}})");
                        continue;
                    }
                    try {
                        UndoOutcome outcome = undoer.undo(context, new ResourceRecord(r.key(), r.seq(), r.type(), r.name(),
                                side.get(), r.status(), r.recordedAt(), r.externalIdDigest(), r.itemsWritten()));
                        if (!outcome.removed() && r.itemsWritten() > 0) {
                            outcome = UndoOutcome.kept(outcome.detail() + "; " + writtenNote(r));
                        }
                        if (outcome.removed()) {
                            undone.add(outcome.detail() == null ? what : what + " (" + outcome.detail() + ")");
                        } else {
                            kept.add(what + ": " + outcome.detail());
                        }
                    } catch (TransientException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        left.add(what + " (" + AwsErrors.describe(e) + ": " + e.getMessage() + ")");
                    }
                }
                default -> throw new IllegalStateException("unknown resource status " + r.status());
            }
        }
        if (!left.isEmpty()) {
            ledger.setStatus(runId, RunStatus.ROLLBACK_INCOMPLETE);
            throw new RollbackIncompleteException("rollback of run " + runId + " could not remove: " + String.join("; ", bounded(left))
                    + ". Fix the cause and start the rollback workflow with {\"runId\": \"" + runId + "\"} to finish it.");
        }
        ledger.deleteCheckpoints(runId);
        UnitFailure failure = request.unitFailed() ? ledger.unitFailure(runId).orElse(null) : null;
        ledger.clearUnitFailure(runId);
        ledger.setStatus(runId, RunStatus.ROLLED_BACK);
        LOG.info("run {} rolled back: {} removed, {} kept", runId, undone.size(), kept.size());
        return new RollbackResult(runId, bounded(undone), bounded(kept), failure);
    }
}
