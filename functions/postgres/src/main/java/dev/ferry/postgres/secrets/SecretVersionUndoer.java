package dev.ferry.postgres.secrets;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.rollback.ResourceUndoer;
import dev.ferry.core.rollback.UndoContext;
import dev.ferry.core.rollback.UndoOutcome;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Undoes a version a run added to a secret that existed before it ({@value SecretStore#VERSION}): moves
 * {@code AWSCURRENT} back to the version that had it, when it is still on the run's version. The run's version
 * stays (as {@code AWSPREVIOUS}), as Secrets Manager keeps every version; the value readers get is the old one.
 */
public final class SecretVersionUndoer implements ResourceUndoer {
    static final String CURRENT = "AWSCURRENT";

    @Override
    public String type() {
        return SecretStore.VERSION;
    }

    @Override
    public UndoOutcome undo(UndoContext context, ResourceRecord r) {
        AwsCalls calls = context.deps().calls();
        SecretsManagerClient sm = context.deps().clients().client(r.side(), SecretsManagerClient.class, SecretsManagerClient::builder);
        SecretStore.VersionUndo undo = context.ledger().document(context.runId(), SecretStore.UNDO + r.key(), SecretStore.VersionUndo.class)
                .orElse(null);
        if (undo == null) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
            return UndoOutcome.gone("nothing recorded to move back");
        }
        DescribeSecretResponse d;
        try {
            d = calls.call("DescribeSecret " + r.name(), () -> sm.describeSecret(b -> b.secretId(r.name())));
        } catch (ResourceNotFoundException gone) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
            return UndoOutcome.gone("the secret is gone");
        }
        Map<String, List<String>> stages = d.versionIdsToStages();
        if (!stages.containsKey(undo.versionId())) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
            return UndoOutcome.gone("the version was never added");
        }
        if (!stages.get(undo.versionId()).contains(CURRENT)) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
            return UndoOutcome.gone("AWSCURRENT had already moved on from this run's version; left where it is");
        }
        if (!stages.containsKey(undo.previousVersionId())) {
            return UndoOutcome.kept("the version AWSCURRENT was on before (" + undo.previousVersionId() + ") no longer exists; "
                    + "set AWSCURRENT by hand (aws secretsmanager update-secret-version-stage)");
        }
        calls.run("UpdateSecretVersionStage " + r.name(), () -> sm.updateSecretVersionStage(b -> b.secretId(r.name())
                .versionStage(CURRENT).moveToVersionId(undo.previousVersionId()).removeFromVersionId(undo.versionId())));
        context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
        return UndoOutcome.gone("AWSCURRENT moved back to version " + undo.previousVersionId());
    }
}
