package dev.ferry.core.rollback;

/**
 * Input of every Rollback state: from a workflow's Catch (the failure), or from the rollback
 * workflow (an operator's request).
 *
 * @param runId the run to roll back
 * @param error the error that caused it (null on demand)
 * @param cause its cause
 * @param inputHash the failed execution's input hash: a run id that the ledger holds for other input
 *     belongs to another run and is left alone (null on demand)
 * @param onDemand an operator asked for it (the rollback workflow): a finished run is rolled back too,
 *     and an unknown run id is an input error
 * @param unitFailed the failure came from a Map state, whose error only says that a child failed: the
 *     result carries the unit's own error from the ledger instead
 * @param sides the failed run's sides as its plan has them (external ids included): the ledger keeps no
 *     external id, so the rollback takes each resource's from here (matched by role ARN and digest)
 * @param externalIds on demand: role ARN to external id, for the roles the run assumed with one
 */
public record RollbackRequest(String runId, String error, String cause, String inputHash, boolean onDemand, boolean unitFailed,
                              java.util.List<dev.ferry.core.aws.Side> sides, java.util.Map<String, String> externalIds) {
    public RollbackRequest {
        sides = sides == null ? java.util.List.of() : sides.stream().filter(java.util.Objects::nonNull).toList();
        externalIds = externalIds == null ? java.util.Map.of() : java.util.Map.copyOf(externalIds);
    }

    /** A request with no sides and no external ids. */
    public RollbackRequest(String runId, String error, String cause, String inputHash, boolean onDemand, boolean unitFailed) {
        this(runId, error, cause, inputHash, onDemand, unitFailed, null, null);
    }

    /**
     * The resource's side with its external id put back, found among {@link #sides} and
     * {@link #externalIds} by role ARN and digest; empty when none was given.
     */
    public java.util.Optional<dev.ferry.core.aws.Side> sideOf(dev.ferry.core.ledger.ResourceRecord resource) {
        dev.ferry.core.aws.Side side = resource.side();
        if (!resource.needsExternalId()) {
            return java.util.Optional.of(side);
        }
        java.util.List<String> candidates = new java.util.ArrayList<>();
        sides.stream().filter(s -> java.util.Objects.equals(s.roleArn(), side.roleArn()) && s.externalId() != null)
                .forEach(s -> candidates.add(s.externalId()));
        if (externalIds.containsKey(side.roleArn())) {
            candidates.add(externalIds.get(side.roleArn()));
        }
        return candidates.stream()
                .filter(id -> dev.ferry.core.aws.Side.digestOf(side.roleArn(), id).equals(resource.externalIdDigest()))
                .findFirst().map(side::withExternalId);
    }
}
