package dev.ferry.dynamodb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.json.Json;
import dev.ferry.testkit.VamsAssets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The transform applied to single items, no DynamoDB: the VAMS example's rules and the JSON view's way back. */
class TransformerTest {
    static final TableKeys ASSETS = new TableKeys("vams-assets",
            List.of(new TableKeys.Key("databaseId", "S"), new TableKeys.Key("assetId", "S")));
    static final TableKeys VERSIONS = new TableKeys("vams-asset-versions",
            List.of(new TableKeys.Key("assetId", "S"), new TableKeys.Key("assetVersionId", "S")));

    private static Transformer transformer(String when, String update, List<TransformSpec.Emit> emit, String variablesJson) {
        return new Transformer(ASSETS, new TransformSpec(when, update, emit), List.of(VERSIONS),
                variablesOf(variablesJson));
    }

    private static Map<String, Object> variablesOf(String json) {
        Map<String, Object> out = new LinkedHashMap<>();
        Json.parse(json).properties().forEach(e -> out.put(e.getKey(), PlainJson.fromJson(e.getValue())));
        return out;
    }

    static TransformSpec vamsExampleSpec() throws Exception {
        return Json.MAPPER.treeToValue(VamsExample.input().get("transform"), TransformSpec.class);
    }

    static Transformer vamsExample() throws Exception {
        TransformSpec spec = Json.MAPPER.treeToValue(VamsExample.input().get("transform"), TransformSpec.class);
        return new Transformer(ASSETS, spec, List.of(VERSIONS), variablesOf(VamsExample.input().get("variables").toString()));
    }

    @Test
    void apply_whenVamsExampleOnV22Assets_implementsEveryRuleAndLeavesEveryOtherAttributeBitIdentical() throws Exception {
        Transformer vams = vamsExample();
        String bucket = VamsExample.input().at("/variables/assetBucketName").asText();
        for (int n = 0; n < 120; n++) {
            int i = n;
            Map<String, AttributeValue> asset = VamsAssets.asset(i, 3);

            ItemResult result = vams.apply(asset);

            if (!VamsAssets.needsMigration(i)) {
                assertThat(result.kind()).as("asset %d", i).isEqualTo(ItemResult.Kind.SKIPPED);
                continue;
            }
            assertThat(result.kind()).as("asset %d: %s", i, result.failure()).isEqualTo(ItemResult.Kind.CHANGED);
            Map<String, AttributeValue> expected = new LinkedHashMap<>(asset);
            VamsAssets.REMOVED.forEach(expected::remove);
            Map<String, AttributeValue> cv = asset.get("currentVersion").m();
            expected.put("assetLocation", AttributeValue.fromM(Map.of("Key", AttributeValue.fromS(asset.get("assetId").s() + "/"),
                    "Bucket", AttributeValue.fromS(bucket))));
            if (asset.containsKey("previewLocation")) {
                expected.put("previewLocation", AttributeValue.fromM(Map.of("Key", asset.get("previewLocation").m().get("Key"),
                        "Bucket", AttributeValue.fromS(bucket))));
            }
            expected.put("currentVersionId", cv.get("Version"));
            assertThat(result.after()).as("asset %d", i).isEqualTo(expected);
            // only what the rules change is written; everything else is the very value that was read
            Set<String> touched = new LinkedHashSet<>(List.of("assetLocation", "currentVersionId"));
            if (asset.containsKey("previewLocation")) {
                touched.add("previewLocation");
            }
            VamsAssets.REMOVED.stream().filter(asset::containsKey).forEach(touched::add);
            assertThat(result.diff().touched()).as("asset %d", i).containsExactlyInAnyOrderElementsOf(touched);
            asset.keySet().stream().filter(name -> !touched.contains(name))
                    .forEach(name -> assertThat(result.after().get(name)).as("asset %d %s", i, name).isSameAs(asset.get(name)));
            assertThat(result.after().get("currentVersionId").s()).isEqualTo(cv.get("Version").s());

            Map<String, AttributeValue> version = new LinkedHashMap<>();
            version.put("assetId", asset.get("assetId"));
            version.put("assetVersionId", cv.get("Version"));
            version.put("databaseId", asset.get("databaseId"));
            version.put("dateCreated", cv.get("DateModified"));
            if (cv.containsKey("Comment")) {
                version.put("comment", cv.get("Comment"));
            }
            version.put("description", cv.get("description"));
            version.put("createdBy", cv.get("createdBy"));
            version.put("specifiedPipelines", cv.get("specifiedPipelines"));
            version.put("isCurrentVersion", AttributeValue.fromBool(true));
            assertThat(result.emitted()).as("asset %d", i).singleElement()
                    .satisfies(e -> assertThat(e.table().name()).isEqualTo("vams-asset-versions"))
                    .satisfies(e -> assertThat(e.record()).isEqualTo(version));
        }
    }

    @Test
    void apply_whenValuesMoveThroughTheTransformOperatorCopy_keepTheirTypesAndDigits() {
        // GIVEN an item with a 38-digit number, binary, sets, NULL; the transform operator copies the item
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("databaseId", AttributeValue.fromS("db"));
        item.put("assetId", AttributeValue.fromS("a"));
        item.put("big", AttributeValue.fromN("12345678901234567890123456789012345678"));
        item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})));
        item.put("tags", AttributeValue.fromSs(List.of("b", "a")));
        item.put("nums", AttributeValue.fromNs(List.of("1", "12345678901234567890123456789012345677")));
        item.put("nul", AttributeValue.fromNul(true));
        item.put("list", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromS("c"))));
        Transformer t = transformer("true",
                "$ ~> | $ | {'big2': big, 'bin2': bin, 'tags2': tags, 'nums2': nums, 'nul2': nul, 'list2': list, "
                        + "'m': {'inner': big, 'tagsInside': tags}, 'sum': big + 1, 'newSet': $toStringSet(['x', 'y', 'x'])} |",
                List.of(), "{}");

        // WHEN
        ItemResult result = t.apply(item);

        // THEN every value that came from the item keeps its type and digits, wherever it went
        assertThat(result.kind()).as("%s", result.failure()).isEqualTo(ItemResult.Kind.CHANGED);
        Map<String, AttributeValue> after = result.after();
        for (String name : List.of("big", "bin", "tags", "nums", "nul", "list")) {
            assertThat(after.get(name)).as(name).isSameAs(item.get(name));
            assertThat(after.get(name + "2")).as(name + "2").isEqualTo(item.get(name));
        }
        assertThat(after.get("m").m().get("inner")).isEqualTo(item.get("big"));
        assertThat(after.get("m").m().get("tagsInside")).isEqualTo(item.get("tags"));
        assertThat(after.get("newSet")).isEqualTo(AttributeValue.fromSs(List.of("x", "y")));
        // arithmetic is JSONata's, in double precision (about 16 digits): big + 1 is big again as a double, and a
        // double equal to one of the item's long numbers is written with that number's digits (rule 4 of the view)
        assertThat(after.get("sum")).isEqualTo(item.get("big"));
        assertThat(result.diff().touched()).containsExactlyInAnyOrder("big2", "bin2", "tags2", "nums2", "nul2", "list2", "m", "sum", "newSet");
    }

    @Test
    void apply_whenUpdateBuildsValuesByJsonType_convertsThemAndReportsBadOnes() {
        Map<String, AttributeValue> item = Map.of("databaseId", AttributeValue.fromS("db"), "assetId", AttributeValue.fromS("a"),
                "n", AttributeValue.fromN("5"));
        Transformer t = transformer("true", "$merge([$, {'s': 'x', 'd': 2.5, 'i': 3, 'b': false, 'z': null, 'o': {'k': [1, 'two']}, 'n': 5.0}])",
                List.of(), "{}");

        ItemResult result = t.apply(item);

        assertThat(result.after()).containsEntry("s", AttributeValue.fromS("x")).containsEntry("d", AttributeValue.fromN("2.5"))
                .containsEntry("i", AttributeValue.fromN("3")).containsEntry("b", AttributeValue.fromBool(false))
                .containsEntry("z", AttributeValue.fromNul(true))
                .containsEntry("o", AttributeValue.fromM(Map.of("k", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("two"))))));
        assertThat(result.diff().touched()).as("5.0 equals 5: not written").doesNotContain("n");

        assertThat(transformer("true", "$merge([$, {'e': $toStringSet([])}])", List.of(), "{}").apply(item).failure())
                .satisfies(f -> assertThat(f.reason()).isEqualTo("invalid"))
                .satisfies(f -> assertThat(f.message()).contains("empty set"));
        assertThat(transformer("true", "$merge([$, {'assetId': 'other'}])", List.of(), "{}").apply(item).failure().reason())
                .isEqualTo("key-changed");
        assertThat(transformer("assetId", "$", List.of(), "{}").apply(item).failure().reason()).isEqualTo("not-boolean");
        assertThat(transformer("true", "'text'", List.of(), "{}").apply(item).failure().message()).contains("a string");
        assertThat(transformer("true", "$merge([$, {'x': $string(1) + 1}])", List.of(), "{}").apply(item).failure().reason())
                .isEqualTo("error");
        assertThat(transformer("true", null, List.of(new TransformSpec.Emit("vams-asset-versions", "{'assetId': 1}")), "{}")
                .apply(item).failure()).satisfies(f -> assertThat(f.path()).isEqualTo("$.transform.emit[0].item"))
                .satisfies(f -> assertThat(f.message()).contains("assetId", "type N"));
    }

    @Test
    void apply_whenTheConsoleExampleMeetsAnOrder_doesWhatItsExpressionsSay() throws Exception {
        // GIVEN events/dynamodb-transform.json (what a user pastes into the console first) on tables keyed as it expects
        com.fasterxml.jackson.databind.JsonNode example = Json.MAPPER.readTree(java.nio.file.Path.of("../../events/dynamodb-transform.json").toFile());
        TransformSpec spec = Json.MAPPER.treeToValue(example.get("transform"), TransformSpec.class);
        TableKeys orders = new TableKeys("orders", List.of(new TableKeys.Key("orderId", "S")));
        TableKeys history = new TableKeys("order-history", List.of(new TableKeys.Key("orderId", "S"), new TableKeys.Key("version", "N")));
        Transformer transformer = new Transformer(orders, spec, List.of(history), variablesOf(example.get("variables").toString()));
        Map<String, AttributeValue> order = Map.of("orderId", AttributeValue.fromS("o-1"), "total", AttributeValue.fromN("12.50"),
                "legacyFlags", AttributeValue.fromSs(List.of("a", "b")), "note", AttributeValue.fromS("keep"));

        // WHEN
        ItemResult r = transformer.apply(order);
        ItemResult again = transformer.apply(r.after());

        // THEN the order has schema version 2, its total in EUR, no legacy flags; one history record; a second pass skips it
        assertThat(r.kind()).as("%s", r.failure()).isEqualTo(ItemResult.Kind.CHANGED);
        assertThat(r.after()).containsEntry("schemaVersion", AttributeValue.fromN("2"))
                .containsEntry("note", AttributeValue.fromS("keep")).doesNotContainKey("legacyFlags");
        // (12.50 through the transform operator's copy comes back as 12.5: the same number, as DynamoDB stores it)
        assertThat(PlainJson.sameValue(r.after().get("total"),
                AttributeValue.fromM(Map.of("amount", AttributeValue.fromN("12.50"), "currency", AttributeValue.fromS("EUR"))))).isTrue();
        assertThat(r.emitted()).singleElement().satisfies(e -> {
            assertThat(e.table().name()).isEqualTo("order-history");
            assertThat(e.record()).containsEntry("orderId", AttributeValue.fromS("o-1")).containsEntry("version", AttributeValue.fromN("1"))
                    .containsEntry("snapshot", AttributeValue.fromM(order));
        });
        assertThat(again.kind()).isEqualTo(ItemResult.Kind.SKIPPED);
    }

    @Test
    void unknownVariables_whenReadButNeitherBoundNorGiven_areNamed() {
        TransformExpression e = TransformExpression.compile("$.transform.update",
                "($local := 1; $map(x, function($v, $i) { $v & $bucket & $local & $buckte }) ~> $string & '$notAVariable' & $$.y)");

        assertThat(e.unknownVariables(Set.of("bucket"))).containsExactly("buckte");
    }

    @Test
    void compile_whenSyntaxError_namesLineAndColumn() {
        TransformExpression.SyntaxError error = org.junit.jupiter.api.Assertions.assertThrows(TransformExpression.SyntaxError.class,
                () -> TransformExpression.compile("$.transform.update", "{\n  'a': foo(\n}"));

        assertThat(error.path).isEqualTo("$.transform.update");
        assertThat(error.getMessage()).startsWith("line 3, column");
    }
}
