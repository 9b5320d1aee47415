package dev.ferry.postgres.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.dynamodb.FerryTags;
import dev.ferry.core.ledger.LedgerDocuments;
import dev.ferry.core.ledger.ResourceRecord;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.rollback.ResourceUndoer;
import dev.ferry.core.rollback.UndoContext;
import dev.ferry.core.rollback.UndoOutcome;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Deletes a secret a run created ({@value SecretStore#SECRET}), only when it carries the run's
 * {@code ferry:run-id} tag, with the run's recovery window ({@code options.recoveryWindowDays}, default 7; 0
 * deletes it at once). Within the window the secret can be restored and its name is reserved.
 */
public final class SecretUndoer implements ResourceUndoer {
    @Override
    public String type() {
        return SecretStore.SECRET;
    }

    @Override
    public UndoOutcome undo(UndoContext context, ResourceRecord r) {
        AwsCalls calls = context.deps().calls();
        SecretsManagerClient sm = context.deps().clients().client(r.side(), SecretsManagerClient.class, SecretsManagerClient::builder);
        DescribeSecretResponse d;
        try {
            d = calls.call("DescribeSecret " + r.name(), () -> sm.describeSecret(b -> b.secretId(r.name())));
        } catch (ResourceNotFoundException gone) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
            return UndoOutcome.gone();
        }
        boolean ours = d.hasTags() && d.tags().stream().anyMatch(t -> t.key().equals(FerryTags.RUN_ID) && t.value().equals(context.runId()));
        if (!ours) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.PREEXISTING);
            return UndoOutcome.kept("not created by this run (no " + FerryTags.RUN_ID + "=" + context.runId() + " tag)");
        }
        if (d.deletedDate() != null) {
            context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
            return UndoOutcome.gone("already scheduled for deletion");
        }
        int window = recoveryWindow(context);
        if (window == 0) {
            calls.run("DeleteSecret " + r.name(), () -> sm.deleteSecret(b -> b.secretId(r.name()).forceDeleteWithoutRecovery(true)));
        } else {
            calls.run("DeleteSecret " + r.name(), () -> sm.deleteSecret(b -> b.secretId(r.name()).recoveryWindowInDays((long) window)));
        }
        context.ledger().setResourceStatus(context.runId(), r.key(), ResourceStatus.ROLLED_BACK);
        return UndoOutcome.gone(window == 0 ? "deleted" : "scheduled for deletion in " + window + " days (restorable until then)");
    }

    private static int recoveryWindow(UndoContext context) {
        return context.ledger().document(context.runId(), LedgerDocuments.PREPARED, JsonNode.class)
                .map(p -> p.path("plan").path("options").path("recoveryWindowDays").asInt(7)).orElse(7);
    }
}
