package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.EnumSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled States Language path: {@code $...} reads the data, {@code $$...} the context object and
 * {@code $name...} a workflow variable. Full JSONPath syntax (filters, slices, wildcards) is
 * evaluated by Jayway JsonPath, the library Step Functions itself uses.
 */
final class Path {
    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(EnumSet.noneOf(Option.class))
            .build();
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)(.*)", Pattern.DOTALL);

    private enum Root { INPUT, CONTEXT, VARIABLE }

    private final String text;
    private final Root root;
    private final String variable;
    private final JsonPath compiled;

    private Path(String text, Root root, String variable, JsonPath compiled) {
        this.text = text;
        this.root = root;
        this.variable = variable;
        this.compiled = compiled;
    }

    /**
     * Compiles a path.
     *
     * @throws IllegalArgumentException when the text is not a path, saying what is wrong with it
     */
    public static Path compile(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("'" + text + "' is not a path: a path starts with $ (data), $$ (context object) or $name (variable)");
        }
        if (text.startsWith("$$")) {
            return new Path(text, Root.CONTEXT, null, jsonPath(text, "$" + text.substring(2)));
        }
        Matcher m = VARIABLE.matcher(text);
        if (m.matches()) {
            String rest = m.group(2);
            if (!rest.isEmpty() && !rest.startsWith(".") && !rest.startsWith("[")) {
                throw new IllegalArgumentException("'" + text + "' is not a valid variable path: after $" + m.group(1) + " a path continues with . or [");
            }
            return new Path(text, Root.VARIABLE, m.group(1), jsonPath(text, "$" + rest));
        }
        return new Path(text, Root.INPUT, null, jsonPath(text, text));
    }

    private static JsonPath jsonPath(String original, String jayway) {
        try {
            return JsonPath.compile(jayway);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + original + "' is not a valid JSONPath: " + e.getMessage(), e);
        }
    }

    public String text() {
        return text;
    }

    /**
     * Reads the value the path selects.
     *
     * @throws PathException when nothing matches; the message is Jayway's ("No results for path: ...")
     */
    public JsonNode read(PathScope scope) {
        JsonNode document = switch (root) {
            case INPUT -> scope.input();
            case CONTEXT -> scope.context();
            case VARIABLE -> scope.variable(variable).orElseThrow(() -> new PathException(
                    "No variable named '" + variable + "' has been assigned"));
        };
        if (document == null || document.isMissingNode()) {
            throw new PathException("No results for path: " + text + " (there is no data to read)");
        }
        try {
            Object value = compiled.read(document, JAYWAY);
            return value instanceof JsonNode node ? node : Json.MAPPER.valueToTree(value);
        } catch (PathNotFoundException e) {
            throw new PathException(e.getMessage());
        } catch (RuntimeException e) {
            throw new PathException("Cannot evaluate path " + text + ": " + e.getMessage());
        }
    }

    /** Like {@link #read} but empty when nothing matches. */
    public Optional<JsonNode> find(PathScope scope) {
        try {
            return Optional.of(read(scope));
        } catch (PathException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
