package dev.ferry.statemachines;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Renders a state machine of a synthesized CloudFormation template into the two files of
 * {@code statemachines/asl/}, which the local engine runs:
 *
 * <ul>
 *   <li>{@code <workflow>.asl.json}: the {@code DefinitionString}, its {@code Fn::Join} parts joined with
 *       {@code {"Ref": "X"}} written {@code ${X}} and {@code {"Fn::GetAtt": ["X", "Attr"]}} written
 *       {@code ${X.Attr}}, pretty-printed (2-space indent, key order kept, trailing newline);</li>
 *   <li>{@code <workflow>.functions.json}: for every token used as a Task's {@code FunctionName}, the
 *       {@code AWS::Lambda::Function} it resolves to (following Alias -&gt; Version -&gt; Function), with its
 *       handler, runtime, timeout, memory and literal environment values; keys sorted.</li>
 * </ul>
 *
 * <p>Input is the template as {@code Template.toJSON()} returns it (or as a {@link JsonNode}). The renderer
 * has no CDK dependency, so the local engine's tests can use it too.
 */
public final class AslRenderer {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final Pattern TOKEN = Pattern.compile("^\\$\\{([^}]+)}$");
    /** Lambda's defaults when a function resource leaves Timeout / MemorySize out. */
    private static final int LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;
    private static final int LAMBDA_DEFAULT_MEMORY_MB = 128;

    private AslRenderer() {
    }

    /** The two files' contents for the state machine {@code stateMachineLogicalId} of {@code template}. */
    public record Rendered(String asl, String functions) {
    }

    /**
     * @param template              the synthesized template: a {@code Map} from {@code Template.toJSON()}, a
     *                              {@link JsonNode}, or its JSON text
     * @param stateMachineLogicalId logical id of an {@code AWS::StepFunctions::StateMachine} in it
     * @throws IllegalArgumentException if the resource is missing, or the definition uses something this
     *                                  renderer cannot write (it names what)
     */
    public static Rendered render(Object template, String stateMachineLogicalId) {
        JsonNode root = toTree(template);
        JsonNode stateMachine = resource(root, stateMachineLogicalId, "AWS::StepFunctions::StateMachine");
        JsonNode definitionString = stateMachine.path("Properties").get("DefinitionString");
        if (definitionString == null) {
            throw new IllegalArgumentException("State machine " + stateMachineLogicalId + " has no DefinitionString "
                    + "(DefinitionS3Location is not supported): build it with definitionBody(DefinitionBody.fromChainable(...))");
        }
        JsonNode asl = parse(joinDefinition(definitionString), stateMachineLogicalId);
        return new Rendered(pretty(asl), pretty(functions(root, asl)));
    }

    /** The definition's text: the {@code Fn::Join} rendered with {@code ${...}} tokens (not pretty-printed). */
    public static String joinDefinition(JsonNode definitionString) {
        if (definitionString.isTextual()) {
            return definitionString.asText();
        }
        JsonNode join = definitionString.get("Fn::Join");
        if (join == null || !join.isArray() || join.size() != 2 || !join.get(0).isTextual() || !join.get(1).isArray()) {
            throw new IllegalArgumentException("DefinitionString is neither a string nor an Fn::Join: " + definitionString);
        }
        String delimiter = join.get(0).asText();
        List<String> parts = new ArrayList<>();
        for (JsonNode part : join.get(1)) {
            parts.add(part.isTextual() ? part.asText() : "${" + tokenName(part) + "}");
        }
        return String.join(delimiter, parts);
    }

    /**
     * The functions behind every {@code ${Token}} used as a Task's {@code FunctionName} in {@code asl}
     * (nested Map and Parallel states included), keyed by the token as written in the ASL, sorted.
     */
    public static ObjectNode functions(JsonNode template, JsonNode asl) {
        Map<String, String> tokens = new TreeMap<>();
        collectFunctionTokens(asl, tokens);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            String functionId = resolveFunction(template, token.getValue(), token.getKey());
            JsonNode props = template.path("Resources").path(functionId).path("Properties");
            ObjectNode fn = out.putObject(token.getKey());
            fn.put("logicalId", functionId);
            fn.put("handler", requiredText(props, "Handler", functionId));
            fn.put("runtime", requiredText(props, "Runtime", functionId));
            fn.put("timeoutSeconds", props.has("Timeout") ? props.get("Timeout").asInt() : LAMBDA_DEFAULT_TIMEOUT_SECONDS);
            fn.put("memoryMB", props.has("MemorySize") ? props.get("MemorySize").asInt() : LAMBDA_DEFAULT_MEMORY_MB);
            ObjectNode environment = fn.putObject("environment");
            Map<String, String> literals = new TreeMap<>();
            for (Map.Entry<String, JsonNode> variable : props.path("Environment").path("Variables").properties()) {
                if (variable.getValue().isTextual()) { // Ref / Fn::Join values are deploy-time: left out
                    literals.put(variable.getKey(), variable.getValue().asText());
                }
            }
            literals.forEach(environment::put);
        }
        return out;
    }

    /** JSON pretty-printed like {@code JSON.stringify(value, null, 2)}, with a trailing newline. */
    public static String pretty(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, "");
        return out.append('\n').toString();
    }

    // ---------------------------------------------------------------------------------------------

    private static void write(JsonNode node, StringBuilder out, String indent) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            String inner = indent + "  ";
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(inner).append(quote(field.getKey())).append(": ");
                write(field.getValue(), out, inner);
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            String inner = indent + "  ";
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append(inner);
                write(node.get(i), out, inner);
                out.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (node.isTextual()) {
            out.append(quote(node.asText()));
        } else {
            out.append(node.toString()); // numbers as written, true/false/null
        }
    }

    private static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(TextNode.valueOf(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot quote a string", e); // cannot happen for a String
        }
    }

    private static JsonNode toTree(Object template) {
        if (template instanceof JsonNode node) {
            return node;
        }
        if (template instanceof String text) {
            return parse(text, "template");
        }
        if (template instanceof Map<?, ?>) {
            return MAPPER.valueToTree(template);
        }
        throw new IllegalArgumentException("A template is a Map (Template.toJSON()), a JsonNode or JSON text, not "
                + (template == null ? "null" : template.getClass().getName()));
    }

    private static JsonNode parse(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON after rendering its tokens: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode resource(JsonNode template, String logicalId, String expectedType) {
        JsonNode resource = template.path("Resources").get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("No resource " + logicalId + " in the template; its "
                    + expectedType + " resources are: " + logicalIdsOfType(template, expectedType));
        }
        String type = resource.path("Type").asText();
        if (!type.equals(expectedType)) {
            throw new IllegalArgumentException("Resource " + logicalId + " is a " + type + ", not a " + expectedType);
        }
        return resource;
    }

    private static List<String> logicalIdsOfType(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** {@code {"Ref": "X"}} -&gt; {@code X}; {@code {"Fn::GetAtt": ["X", "Attr"]}} -&gt; {@code X.Attr}. */
    private static String tokenName(JsonNode intrinsic) {
        if (intrinsic.isObject() && intrinsic.size() == 1) {
            JsonNode ref = intrinsic.get("Ref");
            if (ref != null && ref.isTextual()) {
                return ref.asText();
            }
            JsonNode getAtt = intrinsic.get("Fn::GetAtt");
            if (getAtt != null && getAtt.isArray() && getAtt.size() == 2
                    && getAtt.get(0).isTextual() && getAtt.get(1).isTextual()) {
                return getAtt.get(0).asText() + "." + getAtt.get(1).asText();
            }
            if (getAtt != null && getAtt.isTextual()) {
                return getAtt.asText();
            }
        }
        throw new IllegalArgumentException("Unsupported part in DefinitionString: " + intrinsic
                + " (only strings, Ref and Fn::GetAtt can be rendered as ${...}; pass such values to the state "
                + "machine as a resource attribute instead)");
    }

    private static void collectFunctionTokens(JsonNode stateMachine, Map<String, String> tokens) {
        stateMachine.path("States").properties().forEach(entry -> {
            JsonNode state = entry.getValue();
            if ("Task".equals(state.path("Type").asText())) {
                for (String field : List.of("Arguments", "Parameters")) {
                    JsonNode functionName = state.path(field).path("FunctionName");
                    if (functionName.isTextual()) {
                        Matcher m = TOKEN.matcher(functionName.asText());
                        if (m.matches()) {
                            tokens.put(functionName.asText(), m.group(1));
                        }
                    }
                }
            }
            for (String nested : List.of("ItemProcessor", "Iterator")) {
                if (state.has(nested)) {
                    collectFunctionTokens(state.get(nested), tokens);
                }
            }
            state.path("Branches").forEach(branch -> collectFunctionTokens(branch, tokens));
        });
    }

    /** The AWS::Lambda::Function behind a token ({@code X} or {@code X.Attr}), through Alias and Version. */
    private static String resolveFunction(JsonNode template, String tokenName, String token) {
        String logicalId = tokenName.contains(".") ? tokenName.substring(0, tokenName.indexOf('.')) : tokenName;
        for (int hops = 0; hops < 5; hops++) {
            JsonNode resource = template.path("Resources").get(logicalId);
            if (resource == null) {
                throw new IllegalArgumentException("FunctionName " + token + " refers to " + logicalId
                        + ", which is not a resource of the template");
            }
            JsonNode props = resource.path("Properties");
            switch (resource.path("Type").asText()) {
                case "AWS::Lambda::Function":
                    return logicalId;
                case "AWS::Lambda::Alias":
                    logicalId = props.has("FunctionVersion") && referencedId(props.get("FunctionVersion")) != null
                            ? referencedId(props.get("FunctionVersion"))
                            : referencedIdOrFail(props.get("FunctionName"), token, logicalId);
                    break;
                case "AWS::Lambda::Version":
                    logicalId = referencedIdOrFail(props.get("FunctionName"), token, logicalId);
                    break;
                default:
                    throw new IllegalArgumentException("FunctionName " + token + " resolves to " + logicalId + ", a "
                            + resource.path("Type").asText() + ", not a Lambda function, version or alias");
            }
        }
        throw new IllegalArgumentException("FunctionName " + token + ": too many Alias/Version hops");
    }

    private static String referencedIdOrFail(JsonNode value, String token, String from) {
        String id = referencedId(value);
        if (id == null) {
            throw new IllegalArgumentException("FunctionName " + token + ": " + from + " names its function as "
                    + value + ", not as a Ref or Fn::GetAtt of a resource in this template");
        }
        return id;
    }

    private static String referencedId(JsonNode value) {
        if (value == null || !value.isObject()) {
            return null;
        }
        if (value.path("Ref").isTextual()) {
            return value.get("Ref").asText();
        }
        JsonNode getAtt = value.get("Fn::GetAtt");
        if (getAtt != null && getAtt.isArray() && getAtt.size() == 2) {
            return getAtt.get(0).asText();
        }
        return null;
    }

    private static String requiredText(JsonNode props, String field, String functionId) {
        JsonNode value = props.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("Function " + functionId + " has no literal " + field
                    + " (found " + value + "); the local engine needs it");
        }
        return value.asText();
    }
}
