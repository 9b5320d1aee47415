package dev.ferry.dynamodb.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The top-level attributes that differ between two versions of an item, and the one conditional
 * UpdateItem that turns the first into the second: SET and REMOVE of exactly those attributes, only
 * while each of them still holds its value in the first version (and the item still exists).
 * Attributes that do not differ are never sent, so they stay bit-identical. Sets compare as sets,
 * numbers by value.
 *
 * @param set attributes to set, with their new values
 * @param remove attributes to remove
 * @param expected every touched attribute's value in the first version; absent when it had none
 */
record AttributeDiff(Map<String, AttributeValue> set, List<String> remove, Map<String, AttributeValue> expected) {
    /** DynamoDB's limit on the length of one expression. */
    static final int MAX_EXPRESSION_LENGTH = 4096;

    /** What turns {@code from} into {@code to}. */
    static AttributeDiff between(Map<String, AttributeValue> from, Map<String, AttributeValue> to) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> expected = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>(from.keySet());
        names.addAll(to.keySet());
        for (String name : names) {
            AttributeValue a = from.get(name);
            AttributeValue b = to.get(name);
            if (b == null) {
                remove.add(name);
                expected.put(name, a);
            } else if (a == null || !PlainJson.sameValue(a, b)) {
                set.put(name, b);
                if (a != null) {
                    expected.put(name, a);
                }
            }
        }
        return new AttributeDiff(set, remove, expected);
    }

    boolean isEmpty() {
        return set.isEmpty() && remove.isEmpty();
    }

    /** The names of the attributes it touches. */
    Set<String> touched() {
        Set<String> names = new LinkedHashSet<>(set.keySet());
        names.addAll(remove);
        return names;
    }

    /** Whether every touched attribute of {@code item} holds the value {@code version} gives it (or is absent in both). */
    boolean holds(Map<String, AttributeValue> item, Map<String, AttributeValue> version) {
        for (String name : touched()) {
            AttributeValue actual = item.get(name);
            AttributeValue wanted = version.get(name);
            if (actual == null || wanted == null ? actual != wanted : !PlainJson.sameValue(actual, wanted)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The conditional UpdateItem; null when its expressions would exceed DynamoDB's 4 KB limit (too many
     * attributes changed at once).
     */
    UpdateItemRequest conditionalUpdate(String table, Map<String, AttributeValue> key, String partitionKey) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        names.put("#k", partitionKey);
        StringBuilder condition = new StringBuilder("attribute_exists(#k)");
        StringBuilder sets = new StringBuilder();
        StringBuilder removes = new StringBuilder();
        int i = 0;
        for (String name : touched()) {
            String n = "#a" + i;
            names.put(n, name);
            AttributeValue value = set.get(name);
            if (value != null) {
                sets.append(sets.length() == 0 ? "SET " : ", ").append(n).append(" = :v").append(i);
                values.put(":v" + i, value);
            } else {
                removes.append(removes.length() == 0 ? "REMOVE " : ", ").append(n);
            }
            AttributeValue old = expected.get(name);
            if (old == null) {
                condition.append(" AND attribute_not_exists(").append(n).append(')');
            } else {
                condition.append(" AND ").append(n).append(" = :o").append(i);
                values.put(":o" + i, old);
            }
            i++;
        }
        String update = (sets + " " + removes).trim();
        if (update.length() > MAX_EXPRESSION_LENGTH || condition.length() > MAX_EXPRESSION_LENGTH) {
            return null;
        }
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression(update)
                .conditionExpression(condition.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** The change as a person reads it, names and values in DynamoDB JSON (for the report's samples). */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (String name : touched()) {
            if (b.length() > 0) {
                b.append("; ");
            }
            AttributeValue old = expected.get(name);
            AttributeValue now = set.get(name);
            b.append(name).append(": ").append(old == null ? "(absent)" : render(old)).append(" -> ")
                    .append(now == null ? "(removed)" : render(now));
        }
        return b.toString();
    }

    private static String render(AttributeValue v) {
        String json = dev.ferry.core.codec.ItemCodec.toJson(v).toString();
        return json.length() > 300 ? json.substring(0, 300) + "..." : json;
    }
}
