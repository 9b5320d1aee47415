package dev.ferry.dynamodb.transform;

import com.dashjoin.jsonata.Jsonata;
import dev.ferry.core.codec.ItemCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A plan's transform, compiled: applies {@code when}, {@code update} and {@code emit} to one item and
 * checks the outcome (keys unchanged, sizes within DynamoDB's limits, emitted records keyed for their
 * table). One instance per thread: JSONata evaluation is not shared between threads here.
 */
final class Transformer {
    static final String WHEN = "$.transform.when";
    static final String UPDATE = "$.transform.update";
    /** Names of Ferry's own functions, bound beside the input's variables. */
    static final Set<String> FUNCTIONS = Collections.unmodifiableSet(new TreeSet<>(List.of("toStringSet", "toNumberSet", "toBinarySet")));

    private final TableKeys table;
    private final TransformExpression when;
    private final TransformExpression update;
    private final List<TransformExpression> emits;
    private final List<TableKeys> emitTables;
    private final Map<String, Object> bindings;

    /**
     * @throws TransformExpression.SyntaxError when an expression does not parse
     */
    Transformer(TransformPlan plan) {
        this(plan.table(), plan.transform(), plan.emitTables(), plan.variables() == null ? Map.of() : variables(plan));
    }

    Transformer(TableKeys table, TransformSpec spec, List<TableKeys> emitTables, Map<String, Object> variables) {
        this.table = table;
        this.when = TransformExpression.compile(WHEN, spec.when());
        this.update = spec.update() == null ? null : TransformExpression.compile(UPDATE, spec.update());
        List<TransformExpression> compiled = new ArrayList<>();
        for (int i = 0; i < spec.emit().size(); i++) {
            compiled.add(TransformExpression.compile(emitPath(i), spec.emit().get(i).item()));
        }
        this.emits = List.copyOf(compiled);
        List<TableKeys> tables = new ArrayList<>();
        for (TransformSpec.Emit e : spec.emit()) {
            tables.add(emitTables.stream().filter(t -> t.name().equals(e.table())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no key schema for emit table " + e.table())));
        }
        this.emitTables = List.copyOf(tables);
        Map<String, Object> b = new LinkedHashMap<>(variables);
        b.put("toStringSet", setFunction("toStringSet", PlainJson.SetType.SS));
        b.put("toNumberSet", setFunction("toNumberSet", PlainJson.SetType.NS));
        b.put("toBinarySet", setFunction("toBinarySet", PlainJson.SetType.BS));
        this.bindings = b;
    }

    static String emitPath(int i) {
        return "$.transform.emit[" + i + "].item";
    }

    private static Map<String, Object> variables(TransformPlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        plan.variables().properties().forEach(e -> out.put(e.getKey(), PlainJson.fromJson(e.getValue())));
        return out;
    }

    /** Every compiled expression, for static checks. */
    List<TransformExpression> expressions() {
        List<TransformExpression> all = new ArrayList<>();
        all.add(when);
        if (update != null) {
            all.add(update);
        }
        all.addAll(emits);
        return all;
    }

    private static Jsonata.JFunction setFunction(String name, PlainJson.SetType type) {
        return Jsonata.function(name, (List<?> args) -> {
            Object value = args.isEmpty() ? null : args.get(0);
            if (value == null) {
                return null;
            }
            return new PlainJson.SetValue(type, value instanceof List<?> list ? list : List.of(value));
        }, null);
    }

    /** What the transform does to one item. Item errors come back as a {@link ItemResult.Kind#FAILED} result. */
    ItemResult apply(Map<String, AttributeValue> item) {
        PlainJson.View view;
        try {
            view = PlainJson.view(item);
        } catch (PlainJson.ConversionException e) {
            return ItemResult.failed(item, WHEN, "unreadable", e.getMessage());
        }
        Object matched;
        try {
            matched = when.evaluate(view.root(), bindings);
        } catch (TransformExpression.EvaluationError e) {
            return ItemResult.failed(item, WHEN, "error", "failed: " + e.getMessage());
        }
        if (!(matched instanceof Boolean selected)) {
            return ItemResult.failed(item, WHEN, "not-boolean", "returned " + PlainJson.describe(matched)
                    + ", not true or false");
        }
        if (!selected) {
            return ItemResult.skipped(item);
        }
        Map<String, AttributeValue> after = item;
        if (update != null) {
            try {
                after = view.toItem(update.evaluate(view.root(), bindings), "the result");
            } catch (TransformExpression.EvaluationError e) {
                return ItemResult.failed(item, UPDATE, "error", "failed: " + e.getMessage());
            } catch (PlainJson.ConversionException e) {
                return ItemResult.failed(item, UPDATE, "invalid", e.getMessage());
            }
            for (TableKeys.Key k : table.keys()) {
                AttributeValue now = after.get(k.name());
                if (now == null || !PlainJson.sameValue(now, item.get(k.name()))) {
                    return ItemResult.failed(item, UPDATE, "key-changed", now == null ? "removes the key attribute " + k.name()
                            : "changes the key attribute " + k.name());
                }
            }
            long size = ItemCodec.itemSizeBytes(after);
            if (size > ItemCodec.MAX_ITEM_SIZE_BYTES) {
                return ItemResult.failed(item, UPDATE, "too-large", "makes an item of " + size / 1024 + " KB; DynamoDB "
                        + "items are at most 400 KB");
            }
        }
        AttributeDiff diff = AttributeDiff.between(item, after);
        UpdateItemRequest request = diff.isEmpty() ? null : diff.conditionalUpdate(table.name(), table.keyOf(item), table.partitionKey());
        if (!diff.isEmpty() && request == null) {
            return ItemResult.failed(item, UPDATE, "too-many-changes", "changes " + diff.touched().size() + " attributes at "
                    + "once, more than one UpdateItem can express (4 KB of expression)");
        }
        List<ItemResult.Emitted> emitted = new ArrayList<>();
        for (int i = 0; i < emits.size(); i++) {
            TableKeys target = emitTables.get(i);
            String path = emitPath(i);
            Object result;
            try {
                result = emits.get(i).evaluate(view.root(), bindings);
            } catch (TransformExpression.EvaluationError e) {
                return ItemResult.failed(item, path, "error", "failed: " + e.getMessage());
            }
            List<?> records = result == null ? List.of() : result instanceof List<?> l && !(result instanceof PlainJson.SetValue) ? l : List.of(result);
            for (Object r : records) {
                Map<String, AttributeValue> record;
                try {
                    record = view.toRecord(r, "a record for " + target.name());
                } catch (PlainJson.ConversionException e) {
                    return ItemResult.failed(item, path, "invalid", e.getMessage());
                }
                String keyProblem = target.keyProblem(record);
                if (keyProblem != null) {
                    return ItemResult.failed(item, path, "emit-key", "gives a record that " + keyProblem);
                }
                long size = ItemCodec.itemSizeBytes(record);
                if (size > ItemCodec.MAX_ITEM_SIZE_BYTES) {
                    return ItemResult.failed(item, path, "too-large", "gives a record of " + size / 1024 + " KB for "
                            + target.name() + "; DynamoDB items are at most 400 KB");
                }
                emitted.add(new ItemResult.Emitted(target, record));
            }
        }
        if (diff.isEmpty() && emitted.isEmpty()) {
            return ItemResult.unchanged(item);
        }
        return ItemResult.changed(item, after, diff, emitted, request);
    }
}
