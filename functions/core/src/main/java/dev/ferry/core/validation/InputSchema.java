package dev.ferry.core.validation;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ferry.core.errors.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A workflow's input schema ({@code events/schemas/<workflow>.schema.json}, packaged at
 * {@code ferry/schemas/}) turned into a checker that reports every problem at once, each with
 * its JSON path and a fix.
 */
public final class InputSchema {
    private final String workflow;
    private final Schema schema;

    private InputSchema(String workflow, Schema schema) {
        this.workflow = workflow;
        this.schema = schema;
    }

    /** Loads {@code ferry/schemas/<workflow>.schema.json} from the classpath. */
    public static InputSchema forWorkflow(String workflow) {
        String resource = "ferry/schemas/" + workflow + ".schema.json";
        try (InputStream in = InputSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no input schema for workflow '" + workflow + "' at classpath " + resource);
            }
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in, InputFormat.JSON);
            return new InputSchema(workflow, schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public String workflow() {
        return workflow;
    }

    /** Every schema violation of the input (JSON text), in document order; empty when valid. */
    public List<Problem> check(String inputJson) {
        List<Error> errors = schema.validate(inputJson, InputFormat.JSON);
        Set<Problem> problems = new LinkedHashSet<>();
        for (Error e : errors) {
            problems.add(toProblem(e));
        }
        List<Problem> out = new ArrayList<>(problems);
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private static Problem toProblem(Error e) {
        String path = jsonPath(e.getInstanceLocation());
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String message = stripPath(e.getMessage(), path);
        Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
        if ("required".equals(keyword) && e.getProperty() != null) {
            path = path + "." + e.getProperty();
            message = "is missing.";
        }
        if ("additionalProperties".equals(keyword) && e.getProperty() != null) {
            path = path + "." + e.getProperty();
            message = "is not a known property.";
        }
        return new Problem(path, capitalise(message), fix(keyword, args, e));
    }

    private static String fix(String keyword, Object[] args, Error e) {
        return switch (keyword) {
            case "required" -> "Add it; see the input reference in README.md.";
            case "additionalProperties" -> "Remove it or correct its spelling; the schema lists the allowed properties.";
            case "type" -> "Give a value of type " + (args.length > 1 ? args[1] : "shown in the schema") + ".";
            case "enum", "const" -> "Use one of: " + (args.length > 0 ? args[0] : "the values in the schema") + ".";
            case "pattern" -> "Make it match " + (args.length > 0 ? args[0] : "the schema's pattern") + ".";
            case "minimum", "exclusiveMinimum" -> "Use a value of at least " + (args.length > 0 ? args[0] : "the minimum") + ".";
            case "maximum", "exclusiveMaximum" -> "Use a value of at most " + (args.length > 0 ? args[0] : "the maximum") + ".";
            case "minLength" -> "Make it at least " + (args.length > 0 ? args[0] : "the minimum") + " characters long.";
            case "maxLength" -> "Make it at most " + (args.length > 0 ? args[0] : "the maximum") + " characters long.";
            case "minItems" -> "List at least " + (args.length > 0 ? args[0] : "one") + " item(s).";
            case "maxItems" -> "List at most " + (args.length > 0 ? args[0] : "the maximum") + " item(s); split the work into several runs.";
            case "uniqueItems" -> "Remove the duplicate entries.";
            case "oneOf", "anyOf" -> "Use one of the forms the schema allows (see README.md, input reference).";
            case "minProperties" -> "Give at least one property.";
            default -> "See events/schemas for what is allowed here" + (args.length > 0 ? " (" + Arrays.toString(args) + ")" : "") + ".";
        };
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

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Renders problems one per line, for error messages. */
    public static String render(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
