package dev.ferry.dynamodb.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A table and its primary key, as DescribeTable gives them.
 *
 * @param name the table name
 * @param keys the partition key, then the sort key if any
 */
public record TableKeys(String name, List<Key> keys) {
    public TableKeys {
        keys = List.copyOf(keys);
    }

    /**
     * One key attribute.
     *
     * @param name the attribute name
     * @param type S, N or B
     */
    public record Key(String name, String type) {
    }

    static TableKeys of(TableDescription table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (AttributeDefinition d : table.attributeDefinitions()) {
            types.put(d.attributeName(), d.attributeTypeAsString());
        }
        List<Key> keys = new ArrayList<>();
        for (KeyType role : List.of(KeyType.HASH, KeyType.RANGE)) {
            for (KeySchemaElement k : table.keySchema()) {
                if (k.keyType() == role) {
                    keys.add(new Key(k.attributeName(), types.get(k.attributeName())));
                }
            }
        }
        return new TableKeys(table.tableName(), keys);
    }

    /** The key attribute names, partition key first. */
    List<String> keyNames() {
        return keys.stream().map(Key::name).toList();
    }

    /** The partition key's name. */
    String partitionKey() {
        return keys.get(0).name();
    }

    /** Just the key attributes of {@code item}. */
    Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (Key k : keys) {
            key.put(k.name(), item.get(k.name()));
        }
        return key;
    }

    /**
     * What is wrong with {@code record} as an item of this table: a key attribute missing, of the wrong
     * type, or empty; null when nothing is.
     */
    String keyProblem(Map<String, AttributeValue> record) {
        for (Key k : keys) {
            AttributeValue v = record.get(k.name());
            if (v == null) {
                return "lacks the key attribute " + k.name() + " (" + k.type() + ") of table " + name;
            }
            String actual = v.s() != null ? "S" : v.n() != null ? "N" : v.b() != null ? "B" : String.valueOf(v.type());
            if (!actual.equals(k.type())) {
                return "has key attribute " + k.name() + " of type " + actual + ", but table " + name + " keys it as " + k.type();
            }
            if ((v.s() != null && v.s().isEmpty()) || (v.b() != null && v.b().asByteArrayUnsafe().length == 0)) {
                return "has an empty key attribute " + k.name() + "; DynamoDB keys cannot be empty";
            }
        }
        return null;
    }

    /** The partition key's value as a person reads it (the hot-partition report). */
    String partitionText(Map<String, AttributeValue> item) {
        return new TableKeys(name, List.of(keys.get(0))).describe(item);
    }

    /** The key as a person reads it: {@code databaseId=db1, assetId=a1} (for reports, never for logs). */
    String describe(Map<String, AttributeValue> item) {
        StringBuilder b = new StringBuilder();
        for (Key k : keys) {
            if (b.length() > 0) {
                b.append(", ");
            }
            AttributeValue v = item.get(k.name());
            b.append(k.name()).append('=').append(v == null ? "?" : v.s() != null ? v.s() : v.n() != null ? v.n()
                    : v.b() != null ? java.util.Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe()) : v.toString());
        }
        return b.toString();
    }
}
