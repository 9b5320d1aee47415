package dev.ferry.core.dynamodb;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.errors.FerryException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Whether a table was created by a given run: it carries the run's {@link FerryTags#RUN_ID} tag.
 * Where tags cannot be read at all (DynamoDB Local does not implement tagging), the table counts as
 * the run's only when it was created after the run recorded its intent to create it.
 */
public final class Ownership {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);
    /** Clock skew allowed between the ledger's clock and DynamoDB's. */
    private static final Duration SKEW = Duration.ofSeconds(5);

    private Ownership() {
    }

    public static boolean createdByRun(AwsCalls calls, DynamoDbClient ddb, TableDescription table, String runId,
                                       String intentRecordedAt) {
        try {
            return calls.call("ListTagsOfResource " + table.tableName(),
                    () -> ddb.listTagsOfResource(b -> b.resourceArn(table.tableArn())).tags().stream()
                            .anyMatch(t -> t.key().equals(FerryTags.RUN_ID) && t.value().equals(runId)));
        } catch (SdkException e) {
            if (!taggingUnsupported(e)) {
                throw new FerryException("cannot read the tags of table " + table.tableName() + " (" + AwsErrors.describe(e)
                        + "): grant dynamodb:ListTagsOfResource to the role of that side", e);
            }
            boolean after = intentRecordedAt != null && table.creationDateTime() != null
                    && !table.creationDateTime().isBefore(Instant.parse(intentRecordedAt).minus(SKEW));
            LOG.debug("tags unavailable for {}; created after the run's intent: {}", table.tableName(), after);
            return after;
        }
    }

    /** The endpoint does not implement tagging at all (DynamoDB Local and some emulators). */
    public static boolean taggingUnsupported(SdkException e) {
        return "UnknownOperationException".equals(AwsErrors.code(e));
    }
}
