package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.quicksight.model.DataSet;

/**
 * A dataset's definition as JSON, moved from one account to another (every {@code DataSourceArn} of its
 * RelationalTable and CustomSql tables swapped, the row-level permission dataset's ARN mapped, the principals of
 * its column-level rules mapped), and normalised for comparison: ARNs, ids and timestamps replaced by what
 * they stand for, so that a source and its copy compare equal exactly when their definitions are the same.
 */
final class DataSetDefinitions {
    /** Members the service sets itself: never part of a definition. */
    private static final List<String> SERVICE_MEMBERS = List.of("Arn", "DataSetId", "CreatedTime", "LastUpdatedTime",
            "ConsumedSpiceCapacityInBytes", "OutputColumns");

    private DataSetDefinitions() {
    }

    /**
     * The destination's definition of a source dataset.
     *
     * @param dataSourceArns source data source ARN -> destination data source ARN
     * @param dataSetArns source dataset ARN -> destination dataset ARN (row-level permission datasets)
     * @param principals source principal ARN -> destination principal ARN (column-level rules); unmapped ones are dropped
     */
    static ObjectNode moved(DataSet source, Map<String, String> dataSourceArns, Map<String, String> dataSetArns,
                            Map<String, String> principals, List<String> warnings) {
        ObjectNode json = SdkJson.toJson(source);
        SERVICE_MEMBERS.forEach(json::remove);
        swapDataSources(json.path("PhysicalTableMap"), dataSourceArns);
        JsonNode rls = json.path("RowLevelPermissionDataSet");
        if (rls.isObject() && rls.hasNonNull("Arn")) {
            ((ObjectNode) rls).put("Arn", dataSetArns.getOrDefault(rls.get("Arn").asText(), rls.get("Arn").asText()));
        }
        JsonNode rules = json.path("ColumnLevelPermissionRules");
        if (rules.isArray()) {
            for (JsonNode rule : rules) {
                ArrayNode mapped = ((ObjectNode) rule).putArray("Principals");
                for (Iterator<JsonNode> it = source.columnLevelPermissionRules().stream()
                        .filter(r -> r.columnNames().equals(toList(rule.path("ColumnNames")))).findFirst()
                        .map(r -> r.principals().stream().map(p -> (JsonNode) TextNode.valueOf(p)).iterator())
                        .orElse(java.util.Collections.emptyIterator()); it.hasNext(); ) {
                    String p = it.next().asText();
                    if (principals.containsKey(p)) {
                        mapped.add(principals.get(p));
                    } else {
                        warnings.add("column-level rule principal " + p + " has no principalMap entry: left out");
                    }
                }
            }
        }
        return json;
    }

    private static void swapDataSources(JsonNode physical, Map<String, String> dataSourceArns) {
        physical.forEach(table -> {
            for (String kind : List.of("RelationalTable", "CustomSql")) {
                JsonNode t = table.path(kind);
                if (t.isObject() && t.hasNonNull("DataSourceArn")) {
                    String arn = t.get("DataSourceArn").asText();
                    ((ObjectNode) t).put("DataSourceArn", dataSourceArns.getOrDefault(arn, arn));
                }
            }
        });
    }

    /** The definition with its account-specific ARNs replaced by the names given (for comparison). */
    static ObjectNode normalised(JsonNode definition, Map<String, String> dataSourceNames, Map<String, String> dataSetNames,
                                 Map<String, String> principalNames) {
        ObjectNode json = definition.deepCopy();
        SERVICE_MEMBERS.forEach(json::remove);
        swapDataSources(json.path("PhysicalTableMap"), dataSourceNames);
        JsonNode rls = json.path("RowLevelPermissionDataSet");
        if (rls.isObject() && rls.hasNonNull("Arn")) {
            ((ObjectNode) rls).put("Arn", dataSetNames.getOrDefault(rls.get("Arn").asText(), rls.get("Arn").asText()));
        }
        JsonNode rules = json.path("ColumnLevelPermissionRules");
        if (rules.isArray()) {
            for (JsonNode rule : rules) {
                ArrayNode principals = ((ObjectNode) rule).putArray("Principals");
                toList(definition.path("ColumnLevelPermissionRules").get(indexOf(rules, rule)).path("Principals")).stream()
                        .map(p -> principalNames.getOrDefault(p, p)).sorted().forEach(principals::add);
            }
        }
        return json;
    }

    /** Where two JSON documents differ, as JSON pointers with both values; empty when they are equal. */
    static List<String> diff(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("", expected, actual, out);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || a.isMissingNode() || a.isNull()) {
            if (b != null && !b.isMissingNode() && !b.isNull()) {
                out.add((path.isEmpty() ? "/" : path) + ": absent in the source, " + abbreviate(b) + " in the destination");
            }
            return;
        }
        if (b == null || b.isMissingNode() || b.isNull()) {
            out.add((path.isEmpty() ? "/" : path) + ": " + abbreviate(a) + " in the source, absent in the destination");
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> diff(path + "/" + n, a.get(n), b.get(n), out));
            return;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(path + "/" + i, a.get(i), b.get(i), out);
            }
            return;
        }
        if (!a.equals(b)) {
            out.add((path.isEmpty() ? "/" : path) + ": " + abbreviate(a) + " in the source, " + abbreviate(b) + " in the destination");
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static int indexOf(JsonNode array, JsonNode element) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) == element) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** The names of calculated columns a CreateDataSet / UpdateDataSet error names ({@code calculated columns [a, b]}). */
    static String columnsIn(String message) {
        if (message == null) {
            return null;
        }
        int start = message.indexOf('[');
        int end = message.indexOf(']', start + 1);
        return start >= 0 && end > start ? message.substring(start + 1, end) : null;
    }
}
