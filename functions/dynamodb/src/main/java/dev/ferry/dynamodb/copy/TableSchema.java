package dev.ferry.dynamodb.copy;

import dev.ferry.core.aws.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Turns a source table's description into the CreateTable request of its copy, and compares an
 * existing destination table with the source.
 */
public final class TableSchema {
    /** Tag Ferry puts on every table it creates; rollback deletes only tables carrying its run id. */
    public static final String RUN_TAG = dev.ferry.core.dynamodb.FerryTags.RUN_ID;
    /** Tag naming the table a copy came from. */
    public static final String SOURCE_TAG = "ferry:source-table";
    /** DynamoDB's 50 tags a table, less Ferry's own two. */
    static final int MAX_COPIED_TAGS = 48;

    private TableSchema() {
    }

    /** The request and what could not be copied as is. */
    public record Creation(CreateTableRequest request, List<String> warnings) {
    }

    /**
     * The CreateTable request for {@code destination}: keys and attribute definitions, GSIs and
     * LSIs with projections, billing mode and throughput, streams, table class, SSE (mapped or
     * fallen back, with a warning saying which) and tags. Deletion protection is NOT set here: it
     * is switched on once the copy is verified, so a rollback can always remove the table.
     */
    public static Creation creation(TableDescription src, List<Tag> sourceTags, String destination, CopyOptions options,
                                    Side sourceSide, Side destinationSide, String runId) {
        List<String> warnings = new ArrayList<>();
        BillingMode mode = billingMode(src);
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(destination)
                .attributeDefinitions(src.attributeDefinitions())
                .keySchema(src.keySchema())
                .billingMode(mode);
        if (mode == BillingMode.PROVISIONED) {
            b.provisionedThroughput(throughput(src.provisionedThroughput()));
        } else if (src.onDemandThroughput() != null) {
            b.onDemandThroughput(src.onDemandThroughput());
        }
        if (src.hasGlobalSecondaryIndexes() && !src.globalSecondaryIndexes().isEmpty()) {
            List<GlobalSecondaryIndex> gsis = new ArrayList<>();
            for (GlobalSecondaryIndexDescription g : src.globalSecondaryIndexes()) {
                GlobalSecondaryIndex.Builder gb = GlobalSecondaryIndex.builder()
                        .indexName(g.indexName()).keySchema(g.keySchema()).projection(g.projection());
                if (mode == BillingMode.PROVISIONED) {
                    gb.provisionedThroughput(throughput(g.provisionedThroughput()));
                } else if (g.onDemandThroughput() != null) {
                    gb.onDemandThroughput(g.onDemandThroughput());
                }
                gsis.add(gb.build());
            }
            b.globalSecondaryIndexes(gsis);
        }
        if (src.hasLocalSecondaryIndexes() && !src.localSecondaryIndexes().isEmpty()) {
            b.localSecondaryIndexes(src.localSecondaryIndexes().stream()
                    .map(l -> LocalSecondaryIndex.builder().indexName(l.indexName()).keySchema(l.keySchema())
                            .projection(l.projection()).build())
                    .toList());
        }
        if (options.copyStreams() && src.streamSpecification() != null && Boolean.TRUE.equals(src.streamSpecification().streamEnabled())) {
            b.streamSpecification(src.streamSpecification());
        }
        if (src.tableClassSummary() != null && src.tableClassSummary().tableClass() != null) {
            b.tableClass(src.tableClassSummary().tableClass());
        }
        SSESpecification sse = sse(src, options, sourceSide, destinationSide, warnings);
        if (sse != null) {
            b.sseSpecification(sse);
        }
        List<Tag> tags = new ArrayList<>();
        if (options.copyTags() && sourceTags != null) {
            sourceTags.stream().filter(t -> !t.key().startsWith("ferry:") && !t.key().startsWith("aws:")).forEach(tags::add);
        }
        if (tags.size() > MAX_COPIED_TAGS) {
            warnings.add("tags: the source has " + tags.size() + " tags; DynamoDB allows 50 and Ferry adds 2, so only the first "
                    + MAX_COPIED_TAGS + " were copied: " + tags.subList(MAX_COPIED_TAGS, tags.size()).stream().map(Tag::key).toList()
                    + " were left out. Add them by hand if you need them");
            tags = new ArrayList<>(tags.subList(0, MAX_COPIED_TAGS));
        }
        tags.add(Tag.builder().key(RUN_TAG).value(runId).build());
        tags.add(Tag.builder().key(SOURCE_TAG).value(src.tableName()).build());
        b.tags(tags);
        return new Creation(b.build(), List.copyOf(warnings));
    }

    static BillingMode billingMode(TableDescription t) {
        return t.billingModeSummary() != null && t.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST
                ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
    }

    private static ProvisionedThroughput throughput(ProvisionedThroughputDescription d) {
        long r = d == null || d.readCapacityUnits() == null || d.readCapacityUnits() < 1 ? 1 : d.readCapacityUnits();
        long w = d == null || d.writeCapacityUnits() == null || d.writeCapacityUnits() < 1 ? 1 : d.writeCapacityUnits();
        return ProvisionedThroughput.builder().readCapacityUnits(r).writeCapacityUnits(w).build();
    }

    private static SSESpecification sse(TableDescription src, CopyOptions options, Side sourceSide, Side destinationSide,
                                        List<String> warnings) {
        if (src.sseDescription() == null || src.sseDescription().status() == null
                || src.sseDescription().status() == SSEStatus.DISABLED || src.sseDescription().status() == SSEStatus.DISABLING) {
            return null; // AWS owned key, the default
        }
        String key = src.sseDescription().kmsMasterKeyArn();
        String mapped = key == null ? null : options.kmsKeyMap().get(key);
        if (mapped != null) {
            return switch (mapped) {
                case "aws-owned" -> null;
                case "aws-managed" -> SSESpecification.builder().enabled(true).sseType(SSEType.KMS).build();
                default -> SSESpecification.builder().enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(mapped).build();
            };
        }
        if (key != null && sourceSide.samePlaceAs(destinationSide)) {
            return SSESpecification.builder().enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(key).build();
        }
        warnings.add("SSE: the source is encrypted with KMS key " + (key == null ? "(unknown)" : key)
                + ", which the destination account/region cannot use; the copy uses the destination's AWS managed key "
                + "(alias/aws/dynamodb). To choose the key, map it in options.kmsKeyMap.");
        return SSESpecification.builder().enabled(true).sseType(SSEType.KMS).build();
    }

    /**
     * Differences that make {@code existing} unable to hold a copy of {@code source}: keys,
     * and indexes with their keys and projections. Empty when compatible.
     */
    public static List<String> incompatibilities(TableDescription source, TableDescription existing) {
        List<String> diffs = new ArrayList<>();
        if (!keys(source.keySchema(), source).equals(keys(existing.keySchema(), existing))) {
            diffs.add("primary key differs: source " + keys(source.keySchema(), source) + ", destination " + keys(existing.keySchema(), existing));
        }
        Map<String, String> srcIdx = indexes(source);
        Map<String, String> dstIdx = indexes(existing);
        for (Map.Entry<String, String> e : srcIdx.entrySet()) {
            String other = dstIdx.get(e.getKey());
            if (other == null) {
                diffs.add("index " + e.getKey() + " is missing from the destination");
            } else if (!other.equals(e.getValue())) {
                diffs.add("index " + e.getKey() + " differs: source " + e.getValue() + ", destination " + other);
            }
        }
        dstIdx.keySet().stream().filter(k -> !srcIdx.containsKey(k)).sorted()
                .forEach(k -> diffs.add("index " + k + " exists only in the destination"));
        return diffs;
    }

    /** Differences worth a warning when reusing a table (they do not block the copy). */
    public static List<String> softDifferences(TableDescription source, TableDescription existing) {
        List<String> diffs = new ArrayList<>();
        if (billingMode(source) != billingMode(existing)) {
            diffs.add("billing mode differs: source " + billingMode(source) + ", destination " + billingMode(existing));
        }
        return diffs;
    }

    private static String keys(List<KeySchemaElement> schema, TableDescription t) {
        Map<String, String> types = new HashMap<>();
        t.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
        return schema.stream()
                .sorted(Comparator.comparing(KeySchemaElement::keyTypeAsString))
                .map(k -> k.attributeName() + ":" + types.get(k.attributeName()) + ":" + k.keyTypeAsString())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static Map<String, String> indexes(TableDescription t) {
        Map<String, String> out = new HashMap<>();
        if (t.hasGlobalSecondaryIndexes()) {
            for (GlobalSecondaryIndexDescription g : t.globalSecondaryIndexes()) {
                out.put(g.indexName(), "GSI " + keys(g.keySchema(), t) + " " + projection(g.projection()));
            }
        }
        if (t.hasLocalSecondaryIndexes()) {
            for (LocalSecondaryIndexDescription l : t.localSecondaryIndexes()) {
                out.put(l.indexName(), "LSI " + keys(l.keySchema(), t) + " " + projection(l.projection()));
            }
        }
        return out;
    }

    private static String projection(Projection p) {
        if (p == null) {
            return "ALL";
        }
        List<String> attrs = p.hasNonKeyAttributes() ? p.nonKeyAttributes().stream().sorted().toList() : List.of();
        return Objects.toString(p.projectionTypeAsString()) + (attrs.isEmpty() ? "" : attrs.toString());
    }
}
