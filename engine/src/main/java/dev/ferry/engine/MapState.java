package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Map: runs its ItemProcessor once per item (ItemsPath in JSONPath, Items in JSONata), each
 * iteration's input shaped by ItemSelector; the result is the array of the iterations' outputs.
 * INLINE iterations run in this execution and read its variables; DISTRIBUTED ones are child
 * executions (STANDARD or EXPRESS) that see only their input, may be batched (ItemBatcher) and may
 * fail up to ToleratedFailureCount / ToleratedFailurePercentage.
 */
final class MapState extends State {
    /** How the iterations run: mode, child execution type, and the Distributed Map's options. */
    private record Processor(StateGraph graph, boolean distributed, boolean express, String label, ItemBatcher batcher,
                             NumberSetting toleratedCount, NumberSetting toleratedPercentage) {
    }

    private record Item(JsonNode value, String key) {
    }

    private final StateIo io;
    private final ErrorHandling errorHandling;
    private final Processor processor;
    private final Path itemsPath;
    private final JsonataTemplate items;
    private final PayloadTemplate jsonPathSelector;
    private final JsonataTemplate jsonataSelector;
    private final NumberSetting maxConcurrency;

    private MapState(Header header, StateIo io, ErrorHandling errorHandling, Processor processor, Path itemsPath, JsonataTemplate items,
                     PayloadTemplate jsonPathSelector, JsonataTemplate jsonataSelector, NumberSetting maxConcurrency) {
        super(header);
        this.io = io;
        this.errorHandling = errorHandling;
        this.processor = processor;
        this.itemsPath = itemsPath;
        this.items = items;
        this.jsonPathSelector = jsonPathSelector;
        this.jsonataSelector = jsonataSelector;
        this.maxConcurrency = maxConcurrency;
    }

    static MapState parse(Header header, FieldReader r, DefinitionParser parser) {
        Processor processor = processor(header, r, parser);
        StateIo io = StateIoParser.parse(r, StateIoParser.MAP);
        ErrorHandling handling = ErrorHandlingParser.parse(r, header.name());
        NumberSetting concurrency = NumberSetting.parse(r, "MaxConcurrency", 0, 100_000, true);
        if (r.language() == QueryLanguage.JSONATA) {
            return new MapState(header, io, handling, processor, null, r.jsonata("Items"), null, r.jsonata("ItemSelector"), concurrency);
        }
        if (r.has("ItemSelector") && r.has("Parameters")) {
            throw r.invalid("use ItemSelector (Parameters is its older name), not both");
        }
        PayloadTemplate selector = r.has("ItemSelector") ? r.payload("ItemSelector") : r.payload("Parameters");
        return new MapState(header, io, handling, processor, r.path("ItemsPath"), null, selector, null, concurrency);
    }

    private static Processor processor(Header header, FieldReader r, DefinitionParser parser) {
        String where = "ItemProcessor of state '" + header.name() + "'";
        JsonNode node = r.has("ItemProcessor") ? r.get("ItemProcessor") : r.language() == QueryLanguage.JSONPATH ? r.get("Iterator") : null;
        if (node == null) {
            throw r.invalid("a Map state needs an ItemProcessor {ProcessorConfig, StartAt, States}");
        }
        if (r.has("ItemProcessor") && r.has("Iterator")) {
            throw r.invalid("use ItemProcessor (Iterator is its older name), not both");
        }
        JsonNode config = node.isObject() ? node.get("ProcessorConfig") : null;
        boolean distributed = false;
        boolean express = false;
        if (config != null) {
            FieldReader c = new FieldReader(config, "ProcessorConfig of state '" + header.name() + "'", r.language());
            String mode = c.string("Mode");
            distributed = "DISTRIBUTED".equals(mode);
            if (mode != null && !distributed && !"INLINE".equals(mode)) {
                throw c.invalid("'Mode' must be INLINE or DISTRIBUTED, not " + mode);
            }
            String type = c.string("ExecutionType");
            if (distributed != (type != null)) {
                throw c.invalid(distributed ? "a DISTRIBUTED Map needs \"ExecutionType\": \"STANDARD\" or \"EXPRESS\""
                        : "ExecutionType is only for DISTRIBUTED Maps");
            }
            if (type != null && !type.equals("STANDARD") && !type.equals("EXPRESS")) {
                throw c.invalid("'ExecutionType' must be STANDARD or EXPRESS, not " + type);
            }
            express = "EXPRESS".equals(type);
            c.finish("a ProcessorConfig");
        }
        StateGraph graph = parser.graph(node, where, Set.of("ProcessorConfig"));
        for (String distributedOnly : List.of("ItemBatcher", "ToleratedFailureCount", "ToleratedFailurePercentage", "Label",
                "ToleratedFailureCountPath", "ToleratedFailurePercentagePath")) {
            if (!distributed && r.has(distributedOnly)) {
                throw r.invalid("'" + distributedOnly + "' is only for a DISTRIBUTED Map: set \"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"}");
            }
        }
        ItemBatcher batcher = r.has("ItemBatcher")
                ? ItemBatcher.parse(new FieldReader(r.get("ItemBatcher"), "ItemBatcher of state '" + header.name() + "'", r.language())) : null;
        String label = r.string("Label");
        return new Processor(graph, distributed, express, label == null ? header.name() : label, batcher,
                NumberSetting.parse(r, "ToleratedFailureCount", 0, Integer.MAX_VALUE, true),
                NumberSetting.parse(r, "ToleratedFailurePercentage", 0, 100, false));
    }

    @Override
    ErrorHandling errorHandling() {
        return errorHandling;
    }

    @Override
    Outcome execute(StateRun run) {
        JsonNode effective = io.effectiveInput(run);
        List<JsonNode> inputs = select(run, effective, items(run, effective));
        if (processor.batcher() != null) {
            inputs = processor.batcher().batch(run, effective, inputs);
        }
        Integer concurrency = NumberSetting.resolveInt(maxConcurrency, run, effective);
        MapIterations.Tolerance tolerance = processor.distributed()
                ? new MapIterations.Tolerance(NumberSetting.resolveInt(processor.toleratedCount(), run, effective),
                processor.toleratedPercentage() == null ? null : processor.toleratedPercentage().resolve(run, effective))
                : null;
        ArrayNode results = MapIterations.run(run, inputs, concurrency == null ? 0 : concurrency, tolerance, (index, input, group) -> {
            String path = run.path() + "/" + index;
            if (!processor.distributed()) {
                return new ScopeRun(run.execution(), processor.graph(), run.variables().child(), path, group).run(input);
            }
            ExecutionRun child = run.execution().child(processor.label(), input, processor.express(), group);
            return new ScopeRun(child, processor.graph(), Variables.empty(), path, group).run(input);
        });
        return io.complete(run, effective, results).to(next());
    }

    private List<Item> items(StateRun run, JsonNode effective) {
        JsonNode value;
        if (items != null) {
            value = items.evaluate(run.bindings(null, null), "Items");
        } else if (itemsPath != null) {
            try {
                value = itemsPath.read(run.pathScope(effective));
            } catch (PathException e) {
                throw new PathException("Invalid path '" + itemsPath.text() + "' : " + e.getMessage() + " (ItemsPath)");
            }
        } else {
            value = effective;
        }
        List<Item> list = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> list.add(new Item(v, null)));
        } else if (value.isObject() && items != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                list.add(new Item(e.getValue(), e.getKey()));
            }
        } else {
            throw run.badValue("The Map state's items (" + (items != null ? "Items" : itemsPath != null ? "ItemsPath" : "its input")
                    + ") must be an array" + (items != null ? " or an object" : "") + ", not " + value.getNodeType().name().toLowerCase());
        }
        return list;
    }

    private List<JsonNode> select(StateRun run, JsonNode effective, List<Item> list) {
        List<JsonNode> inputs = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Item item = list.get(i);
            if (jsonPathSelector == null && jsonataSelector == null) {
                inputs.add(item.value());
                continue;
            }
            JsonNode context = run.contextWithItem(i, item.value(), item.key());
            inputs.add(jsonPathSelector != null
                    ? jsonPathSelector.evaluate(run.pathScope(effective, context))
                    : jsonataSelector.evaluate(run.bindings(null, null, context), "ItemSelector"));
        }
        return inputs;
    }

    @Override
    Set<String> assignedVariables() {
        Set<String> names = super.assignedVariables();
        names.addAll(io.assignedVariables());
        return names;
    }

    @Override
    List<Nested> nested() {
        return List.of(new Nested(processor.graph(), !processor.distributed()));
    }
}
