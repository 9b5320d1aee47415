package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ferry.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --set path=value} on top of an input file, so that one config file serves several runs
 * ({@code --set variables.assetBucketName=prod-assets --set options.dryRun=true}).
 *
 * <p>The path is the input's property names separated by dots, with {@code [n]} for an element of an array
 * ({@code tables[0].target}); objects missing on the way are created, an array element must exist. The value is
 * read as JSON where it is JSON ({@code 5}, {@code true}, {@code null}, {@code ["a"]}, {@code "007"}) and is text
 * otherwise ({@code prod-assets}); quote a text that looks like JSON: {@code --set 'runId="2024"'}.
 */
final class InputOverrides {
    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private InputOverrides() {
    }

    /** {@code input} with every assignment applied in order (the input itself is not changed). */
    static JsonNode apply(JsonNode input, List<String> assignments) {
        if (assignments == null || assignments.isEmpty()) {
            return input;
        }
        if (!(input instanceof ObjectNode object)) {
            throw new CliException("--set needs an input file holding a JSON object");
        }
        ObjectNode result = object.deepCopy();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new CliException("--set '" + assignment + "' is not path=value: write e.g. --set variables.assetBucketName=my-bucket");
            }
            set(result, assignment.substring(0, eq), value(assignment.substring(eq + 1)));
        }
        return result;
    }

    private static JsonNode value(String text) {
        try {
            JsonNode json = Json.parse(text);
            return json == null || json.isMissingNode() ? TextNode.valueOf(text) : json;
        } catch (IllegalArgumentException notJson) {
            return TextNode.valueOf(text);
        }
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        List<Object> steps = steps(path);
        JsonNode node = root;
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            String at = "--set " + path + ": at " + describe(steps.subList(0, i + 1));
            if (step instanceof String name) {
                if (!(node instanceof ObjectNode parent)) {
                    throw new CliException(at + ": the input has " + kind(node) + " there, not an object: fix the path");
                }
                if (last) {
                    parent.set(name, value);
                } else if (!parent.has(name) || parent.get(name).isNull()) {
                    node = steps.get(i + 1) instanceof Integer
                            ? fail(at + ": there is no array to index: give the whole array, e.g. --set " + describe(steps.subList(0, i + 1)) + "='[...]'")
                            : parent.putObject(name);
                } else {
                    node = parent.get(name);
                }
            } else {
                int index = (Integer) step;
                if (!(node instanceof ArrayNode array)) {
                    throw new CliException(at + ": the input has " + kind(node) + " there, not an array: fix the path");
                }
                if (index >= array.size()) {
                    throw new CliException(at + ": the array has " + array.size() + " element(s) (indexes 0.." + (array.size() - 1)
                            + "): fix the index, or give the whole array");
                }
                if (last) {
                    array.set(index, value);
                } else {
                    node = array.get(index);
                }
            }
        }
    }

    private static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        int end = 0;
        while (m.find() && m.start() == end) {
            steps.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
            end = m.end();
            if (end < path.length() && path.charAt(end) == '.' && end + 1 < path.length() && path.charAt(end + 1) != '[') {
                end++;
            }
        }
        if (steps.isEmpty() || end != path.length()) {
            throw new CliException("--set path '" + path + "' is not property names joined by dots, with [n] for an array "
                    + "element: write e.g. variables.assetBucketName or tables[0].target");
        }
        return steps;
    }

    private static String describe(List<Object> steps) {
        StringBuilder out = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(step);
            }
        }
        return out.toString();
    }

    private static String kind(JsonNode node) {
        return node == null ? "nothing" : node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean"
                : node.isNull() ? "null" : node.isArray() ? "an array" : "an object";
    }

    private static <T> T fail(String message) {
        throw new CliException(message);
    }
}
