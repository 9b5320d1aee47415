package dev.ferry.dynamodb.copy;

import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.TransientException;
import dev.ferry.dynamodb.support.Aws;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Whether a destination table was created by a given run: it carries the run's
 * {@code ferry:run-id} tag. Where tags cannot be read at all (DynamoDB Local does not implement
 * tagging), the table counts as the run's only when it was created after the run recorded its
 * intent to create it.
 */
public final class Ownership {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);
    /** Clock skew allowed between the ledger's clock and DynamoDB's. */
    private static final Duration SKEW = Duration.ofSeconds(5);

    private Ownership() {
    }

    public static boolean createdByRun(DynamoDbClient ddb, TableDescription table, String runId, String intentRecordedAt) {
        try {
            return Aws.transientOnRetryable("ListTagsOfResource " + table.tableName(),
                    () -> ddb.listTagsOfResource(b -> b.resourceArn(table.tableArn())).tags().stream()
                            .anyMatch(t -> t.key().equals(TableSchema.RUN_TAG) && t.value().equals(runId)));
        } catch (TransientException e) {
            throw e;
        } catch (SdkException e) {
            if (!taggingUnsupported(e)) {
                throw new FerryException("cannot read the tags of table " + table.tableName() + " (" + Aws.describe(e)
                        + "): grant dynamodb:ListTagsOfResource to the destination role", e);
            }
            boolean after = intentRecordedAt != null && table.creationDateTime() != null
                    && !table.creationDateTime().isBefore(Instant.parse(intentRecordedAt).minus(SKEW));
            LOG.debug("tags unavailable for {}; created after the run's intent: {}", table.tableName(), after);
            return after;
        }
    }

    private static boolean taggingUnsupported(SdkException e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null
                && "UnknownOperationException".equals(a.awsErrorDetails().errorCode());
    }
}
