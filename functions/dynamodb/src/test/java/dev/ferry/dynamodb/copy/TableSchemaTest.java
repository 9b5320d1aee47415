package dev.ferry.dynamodb.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.aws.Side;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;

class TableSchemaTest {
    private static final String KEY = "arn:aws:kms:us-west-2:111122223333:key/abc";
    private static final Side SRC = new Side("us-west-2", "arn:aws:iam::111122223333:role/ferry-source-access", null, null);
    private static final Side DST = new Side("us-east-1", "arn:aws:iam::444455556666:role/ferry-destination-access", null, null);

    private static TableDescription source() {
        return TableDescription.builder().tableName("orders").tableArn("arn:aws:dynamodb:us-west-2:111122223333:table/orders")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingModeSummary(b -> b.billingMode(BillingMode.PAY_PER_REQUEST))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .tableClassSummary(t -> t.tableClass(TableClass.STANDARD_INFREQUENT_ACCESS))
                .sseDescription(s -> s.status(SSEStatus.ENABLED).sseType(SSEType.KMS).kmsMasterKeyArn(KEY))
                .deletionProtectionEnabled(true)
                .build();
    }

    private static CopyOptions options(Map<String, String> kmsKeyMap) {
        return new CopyOptions(null, null, null, IfDestinationExists.FAIL, VerifyMode.CHECKSUM, kmsKeyMap, true, true, true, true, true);
    }

    @Test
    void creation_whenCrossAccountKmsKeyUnmapped_fallsBackToAwsManagedKeyAndSaysSo() {
        TableSchema.Creation c = TableSchema.creation(source(), List.of(), "orders", options(Map.of()), SRC, DST, "run-1");

        assertThat(c.request().sseSpecification().sseType()).isEqualTo(SSEType.KMS);
        assertThat(c.request().sseSpecification().kmsMasterKeyId()).isNull();
        assertThat(c.warnings()).singleElement().asString().contains(KEY, "kmsKeyMap");
    }

    @Test
    void creation_whenKmsKeyMapped_usesTheMappedKey() {
        String mapped = "arn:aws:kms:us-east-1:444455556666:key/def";
        CreateTableRequest r = TableSchema.creation(source(), List.of(), "orders", options(Map.of(KEY, mapped)), SRC, DST, "run-1").request();

        assertThat(r.sseSpecification().kmsMasterKeyId()).isEqualTo(mapped);
    }

    @Test
    void creation_whenSourceHasStreamsClassAndTags_copiesThemAndTagsTheRun() {
        CreateTableRequest r = TableSchema.creation(source(), List.of(Tag.builder().key("team").value("a").build(),
                Tag.builder().key("aws:cloudformation:stack-name").value("x").build()), "PROD-orders", options(Map.of()), SRC, DST, "run-1").request();

        assertThat(r.tableName()).isEqualTo("PROD-orders");
        assertThat(r.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(r.provisionedThroughput()).isNull();
        assertThat(r.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(r.tableClass()).isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
        assertThat(r.tags()).extracting(Tag::key).containsExactly("team", "ferry:run-id", "ferry:source-table");
        assertThat(r.deletionProtectionEnabled()).as("switched on only after verification").isNull();
    }

    @Test
    void incompatibilities_whenKeyTypeDiffers_namesTheDifference() {
        TableDescription other = source().toBuilder()
                .attributeDefinitions(a -> a.attributeName("id").attributeType("N")).build();

        assertThat(TableSchema.incompatibilities(source(), other)).singleElement().asString().contains("primary key differs");
        assertThat(TableSchema.incompatibilities(source(), source())).isEmpty();
    }
}
