package dev.ferry.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A workflow's input schema ({@code events/schemas/<workflow>.schema.json}, packaged at
 * {@code ferry/schemas/}) turned into a checker that reports every problem at once, each with its
 * JSON path and a fix in words a person can act on.
 *
 * <p>What the schemas give, and how the messages use it (every workflow's schema follows this):
 * <ul>
 *   <li>a value constrained by a {@code pattern} or a {@code oneOf}/{@code anyOf} has a {@code title}
 *       saying in words what is allowed ("an AWS region code") and {@code examples}: the message names
 *       the title and the fix shows the first example, never a regular expression;</li>
 *   <li>{@code oneOf}/{@code anyOf}: the branches whose type (or constant) the value does not have are
 *       set aside, and only the problems of the branch the value was meant for are reported; a value
 *       that fits no branch's type gets one message, from the title;</li>
 *   <li>an unknown property is named with the nearest known one ("did you mean 'segments'?");</li>
 *   <li>a value marked {@code "writeOnly": true} (an external id) is never echoed.</li>
 * </ul>
 */
public final class InputSchema {
    private final String workflow;
    private final Schema schema;
    private final JsonNode document;

    private InputSchema(String workflow, Schema schema, JsonNode document) {
        this.workflow = workflow;
        this.schema = schema;
        this.document = document;
    }

    /** Loads {@code ferry/schemas/<workflow>.schema.json} from the classpath. */
    public static InputSchema forWorkflow(String workflow) {
        String resource = "ferry/schemas/" + workflow + ".schema.json";
        try (InputStream in = InputSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no input schema for workflow '" + workflow + "' at classpath " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(text, InputFormat.JSON);
            return new InputSchema(workflow, schema, Json.parse(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public String workflow() {
        return workflow;
    }

    /** Every schema violation of the input (JSON text), in document order; empty when valid. */
    public List<Problem> check(String inputJson) {
        JsonNode input = Json.parse(inputJson);
        List<Error> errors = withoutUnmeantBranches(schema.validate(inputJson, InputFormat.JSON));
        Set<Problem> problems = new LinkedHashSet<>();
        for (Error e : errors) {
            problems.add(toProblem(e, input));
        }
        List<Problem> out = new ArrayList<>(problems);
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** Every schema violation of the input; empty when valid. */
    public List<Problem> check(JsonNode input) {
        return check(Json.write(input));
    }

    /**
     * Keeps, for each oneOf/anyOf that failed, only the problems of the branches the value was meant
     * for: a branch is set aside when it has a {@code type}, {@code const} or {@code enum} problem at the
     * oneOf's own location. The oneOf's own (generic) problem is kept only when no branch is left.
     */
    private static List<Error> withoutUnmeantBranches(List<Error> errors) {
        Set<Error> dropped = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Error choice : errors) {
            String keyword = choice.getKeyword();
            if (!"oneOf".equals(keyword) && !"anyOf".equals(keyword)) {
                continue;
            }
            String at = choice.getEvaluationPath().toString() + "/";
            String where = String.valueOf(choice.getInstanceLocation());
            Map<String, List<Error>> branches = new LinkedHashMap<>();
            for (Error e : errors) {
                String path = e.getEvaluationPath().toString();
                String instance = String.valueOf(e.getInstanceLocation());
                boolean within = instance.equals(where) || instance.startsWith(where.endsWith("/") ? where : where + "/");
                if (e != choice && path.startsWith(at) && within) {
                    String branch = path.substring(at.length()).split("/", 2)[0];
                    branches.computeIfAbsent(branch, b -> new ArrayList<>()).add(e);
                }
            }
            boolean anyMeant = false;
            for (List<Error> branch : branches.values()) {
                boolean unmeant = branch.stream().anyMatch(e -> String.valueOf(e.getInstanceLocation()).equals(where)
                        && Set.of("type", "const", "enum").contains(e.getKeyword()));
                if (unmeant) {
                    dropped.addAll(branch);
                } else {
                    anyMeant = true;
                }
            }
            if (anyMeant) {
                dropped.add(choice);
            }
        }
        return errors.stream().filter(e -> !dropped.contains(e)).toList();
    }

    private Problem toProblem(Error e, JsonNode input) {
        String path = jsonPath(e.getInstanceLocation());
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
        JsonNode owner = owner(e); // the schema object the failing keyword belongs to
        JsonNode value = input.at(pointer(e.getInstanceLocation()));
        String shown = owner.path("writeOnly").asBoolean(false) ? "the value given" : shown(value);
        String title = owner.path("title").asText(null);
        String example = owner.path("examples").path(0).isMissingNode() ? null : Json.write(owner.path("examples").path(0));
        String forExample = example == null ? "" : ", for example " + example;
        return switch (keyword) {
            case "required" -> {
                String property = e.getProperty() != null ? e.getProperty() : String.valueOf(args.length > 0 ? args[0] : "");
                JsonNode spec = owner.path("properties").path(property);
                String about = spec.path("description").asText("");
                yield new Problem(path + "." + property, "Is missing.",
                        "Add \"" + property + "\"" + (about.isEmpty() ? "" : " (" + lowerFirst(stripDot(about)) + ")")
                                + (spec.path("examples").path(0).isMissingNode() ? "" : ", for example \"" + property + "\": "
                                + Json.write(spec.path("examples").path(0))) + ".");
            }
            case "additionalProperties" -> {
                String property = e.getProperty() != null ? e.getProperty() : String.valueOf(args.length > 0 ? args[0] : "");
                List<String> known = new ArrayList<>();
                owner.path("properties").fieldNames().forEachRemaining(known::add);
                String nearest = nearest(property, known);
                yield new Problem(path + "." + property, "Is not a known property" + (nearest == null ? "." : ": did you mean '" + nearest + "'?"),
                        nearest != null ? "Rename it to \"" + nearest + "\"." : known.isEmpty()
                                ? "Remove it." : "Remove it; the properties allowed here are " + quoted(known) + ".");
            }
            case "pattern", "format" -> new Problem(path, title != null ? capitalise(shown) + " is not " + title + "."
                    : capitalise(shown) + " is not in the expected form.",
                    "Give " + (title != null ? title : "a value in the form the schema describes") + forExample + ".");
            case "oneOf", "anyOf" -> new Problem(path, capitalise(shown) + " is not " + (title != null ? title : "one of the forms allowed here") + ".",
                    "Give " + (title != null ? title : "one of the forms described in the schema") + forExample + ".");
            case "type" -> new Problem(path, "Must be " + article(String.valueOf(args.length > 1 ? args[1] : "value"))
                    + ", not " + article(String.valueOf(args.length > 0 ? args[0] : "value")) + ".",
                    "Give " + (title != null ? title : article(String.valueOf(args.length > 1 ? args[1] : "value"))) + forExample + ".");
            case "enum" -> new Problem(path, capitalise(shown) + " is not allowed here.",
                    "Use one of: " + quoted(owner.path("enum")) + ".");
            case "const" -> new Problem(path, capitalise(shown) + " is not allowed here.",
                    "Use " + Json.write(owner.path("const")) + ".");
            case "minimum", "exclusiveMinimum" -> new Problem(path, capitalise(shown) + " is too small.",
                    "Use a value of at least " + (args.length > 0 ? args[0] : "the minimum") + ".");
            case "maximum", "exclusiveMaximum" -> new Problem(path, capitalise(shown) + " is too large.",
                    "Use a value of at most " + (args.length > 0 ? args[0] : "the maximum") + ".");
            case "minLength" -> new Problem(path, "Is too short.",
                    "Make it at least " + (args.length > 0 ? args[0] : "the minimum") + " characters long" + forExample + ".");
            case "maxLength" -> new Problem(path, "Is too long.",
                    "Make it at most " + (args.length > 0 ? args[0] : "the maximum") + " characters long.");
            case "minItems" -> new Problem(path, "Has too few entries.",
                    "List at least " + (args.length > 0 ? args[0] : "one") + forExample + ".");
            case "maxItems" -> new Problem(path, "Has too many entries.",
                    "List at most " + (args.length > 0 ? args[0] : "the maximum") + "; split the work into several runs.");
            case "uniqueItems" -> new Problem(path, "Lists an entry twice.", "Remove the duplicate entries.");
            case "minProperties" -> new Problem(path, "Is empty.", "Give at least one property" + forExample + ".");
            default -> new Problem(path, capitalise(stripPath(e.getMessage(), path)),
                    "See " + (title != null ? title : "the schema's description of this value") + forExample + ".");
        };
    }

    /** The schema object holding the failing keyword (its {@code title}, {@code examples}, {@code properties}). */
    private JsonNode owner(Error e) {
        String location = e.getSchemaLocation() == null ? "" : e.getSchemaLocation().toString();
        int hash = location.indexOf('#');
        String pointer = hash < 0 ? "" : location.substring(hash + 1);
        int slash = pointer.lastIndexOf('/');
        String parent = slash <= 0 ? "" : pointer.substring(0, slash);
        JsonNode node = document.at(parent.isEmpty() ? "" : parent);
        return node.isMissingNode() ? Json.object() : node;
    }

    private static String pointer(com.networknt.schema.path.NodePath node) {
        if (node == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < node.getNameCount(); i++) {
            b.append('/').append(String.valueOf(node.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return b.toString();
    }

    private static String shown(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "the value";
        }
        String text = Json.write(value);
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** The known name closest to {@code name} (edit distance, case-insensitive), if close enough to be a slip. */
    static String nearest(String name, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, best.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static String quoted(Iterable<?> values) {
        List<String> out = new ArrayList<>();
        Iterator<?> it = values.iterator();
        while (it.hasNext()) {
            Object v = it.next();
            out.add(v instanceof JsonNode n ? Json.write(n) : "\"" + v + "\"");
        }
        return String.join(", ", out);
    }

    private static String article(String type) {
        String word = switch (type) {
            case "integer" -> "whole number";
            case "array" -> "list";
            case "boolean" -> "boolean (true or false)";
            default -> type;
        };
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    /** Renders the validator's node path as a JSONPath: {@code $.tables[0].source}. */
    static String jsonPath(com.networknt.schema.path.NodePath node) {
        if (node == null) {
            return "$";
        }
        StringBuilder b = new StringBuilder("$");
        for (int i = 0; i < node.getNameCount(); i++) {
            Object element = node.getElement(i);
            if (element instanceof Number n) {
                b.append('[').append(n).append(']');
            } else {
                String name = String.valueOf(element);
                if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    b.append('.').append(name);
                } else {
                    b.append("['").append(name.replace("'", "\\'")).append("']");
                }
            }
        }
        return b.toString();
    }

    private static String stripPath(String message, String path) {
        if (message == null) {
            return "is not valid.";
        }
        String m = message.startsWith(path + ": ") ? message.substring(path.length() + 2) : message;
        return m.endsWith(".") ? m : m + ".";
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Renders problems one per line, for error messages. */
    public static String render(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
