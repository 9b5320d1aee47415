package dev.ferry.statemachines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AslRendererTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void render_whenDefinitionIsFnJoin_writesTokensAndPrettyPrintsInKeyOrder() throws IOException {
        // GIVEN a template whose state machine definition is an Fn::Join with Ref and Fn::GetAtt parts
        JsonNode template = MAPPER.readTree(resource("template.json"));

        // WHEN
        AslRenderer.Rendered rendered = AslRenderer.render(template, "Machine1234");

        // THEN the ASL reads ${AWS::Partition}, ${Alias} and ${Function.Arn}, formatted like JSON.stringify(x, null, 2)
        assertThat(rendered.asl()).isEqualTo(resource("expected.asl.json"));
    }

    @Test
    void render_whenFunctionNameIsAlias_followsVersionToFunctionAndKeepsOnlyLiteralEnvironment() throws IOException {
        JsonNode template = MAPPER.readTree(resource("template.json"));

        AslRenderer.Rendered rendered = AslRenderer.render(template, "Machine1234");

        // THEN the alias resolves through its version to the function; the nested (Distributed Map) task is
        // included; Ref/Fn::Join env values are left out; Lambda's defaults fill a missing timeout/memory
        assertThat(rendered.functions()).isEqualTo(resource("expected.functions.json"));
    }

    @Test
    void render_whenTemplateIsAMap_rendersTheSame() throws IOException {
        // GIVEN the template as Template.toJSON() hands it over: a java.util.Map
        Object asMap = MAPPER.readValue(resource("template.json"), java.util.Map.class);

        assertThat(AslRenderer.render(asMap, "Machine1234").asl()).isEqualTo(resource("expected.asl.json"));
    }

    @Test
    void render_whenStateMachineMissing_namesTheStateMachinesThatExist() throws IOException {
        JsonNode template = MAPPER.readTree(resource("template.json"));

        assertThatThrownBy(() -> AslRenderer.render(template, "Nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No resource Nope")
                .hasMessageContaining("Machine1234");
    }

    @Test
    void render_whenLogicalIdIsNotAStateMachine_saysWhatItIs() throws IOException {
        JsonNode template = MAPPER.readTree(resource("template.json"));

        assertThatThrownBy(() -> AslRenderer.render(template, "Ledger1234"))
                .hasMessageContaining("AWS::DynamoDB::Table, not a AWS::StepFunctions::StateMachine");
    }

    @Test
    void joinDefinition_whenPartIsAnUnsupportedIntrinsic_namesIt() throws IOException {
        JsonNode definition = MAPPER.readTree("{\"Fn::Join\":[\"\",[\"{\\\"a\\\":\\\"\",{\"Fn::ImportValue\":\"X\"},\"\\\"}\"]]}");

        assertThatThrownBy(() -> AslRenderer.joinDefinition(definition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Fn::ImportValue");
    }

    @Test
    void joinDefinition_whenPlainString_returnsItUnchanged() {
        assertThat(AslRenderer.joinDefinition(MAPPER.getNodeFactory().textNode("{\"StartAt\":\"A\"}")))
                .isEqualTo("{\"StartAt\":\"A\"}");
    }

    @Test
    void functions_whenTokenNamesANonLambdaResource_failsWithTheResourceType() throws IOException {
        ObjectNode template = (ObjectNode) MAPPER.readTree(resource("template.json"));
        JsonNode asl = MAPPER.readTree("{\"States\":{\"T\":{\"Type\":\"Task\",\"Arguments\":{\"FunctionName\":\"${Ledger1234}\"}}}}");

        assertThatThrownBy(() -> AslRenderer.functions(template, asl))
                .hasMessageContaining("${Ledger1234}")
                .hasMessageContaining("AWS::DynamoDB::Table");
    }

    @Test
    void pretty_whenValuesNeedEscapingOrAreEmpty_writesThemLikeJsonStringify() throws IOException {
        JsonNode node = MAPPER.readTree("{\"s\":\"a\\\"b\\\\c\\n\u00e9\",\"e\":[],\"o\":{},\"n\":null,\"b\":true,\"x\":[1,2.5]}");

        assertThat(AslRenderer.pretty(node)).isEqualTo("""
                {
                  "s": "a\\"b\\\\c\\né",
                  "e": [],
                  "o": {},
                  "n": null,
                  "b": true,
                  "x": [
                    1,
                    2.5
                  ]
                }
                """);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AslRendererTest.class.getResourceAsStream("/asl-renderer/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
