package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonataTemplateTest {
    private static JsonataBindings bindings(String input, Map<String, Object> variables) {
        return new JsonataBindings(Map.of("input", JsonataValues.toJava(Json.parse(input))), variables);
    }

    private static JsonNode eval(String template, String input) {
        return JsonataTemplate.compile(Json.parse(template)).evaluate(bindings(input, Map.of()), "Output");
    }

    @Test
    void evaluate_whenExpressionReturnsNothingDeepInside_namesTheFieldPath() {
        assertThatThrownBy(() -> eval("{\"a\": [1, {\"b\": \"{% $states.input.nope %}\"}]}", "{}"))
                .isInstanceOf(JsonataException.class)
                .hasMessage("The JSONata expression '$states.input.nope' specified for the field 'Output/a[1]/b' returned nothing (undefined).");
    }

    @Test
    void evaluate_whenExpressionFails_givesJsonatasCode() {
        assertThatThrownBy(() -> eval("\"{% $abs('x') %}\"", "{}"))
                .hasMessageStartingWith("The JSONata expression '$abs('x')' specified for the field 'Output' threw an error during evaluation. T0410: ");
    }

    @Test
    void evaluate_whenLibraryFailsWithoutACode_namesTheJavaError() {
        assertThatThrownBy(() -> eval("\"{% $number('abc') %}\"", "{}"))
                .hasMessageEndingWith("threw an error during evaluation. NumberFormatException: For input string: \"abc\"");
    }

    @Test
    void evaluate_whenJsonNullFlowsThrough_staysNullAndIsNotUndefined() {
        assertThat(eval("{\"n\": \"{% $states.input.n %}\", \"literal\": null}", "{\"n\": null}"))
                .isEqualTo(Json.parse("{\"n\": null, \"literal\": null}"));
    }

    @Test
    void evaluate_whenStringIsNotWholeExpression_keptLiteral() {
        assertThat(eval("[\"{% 1 %} \", \" {% 1 %}\", \"{%%}x\"]", "{}")).isEqualTo(Json.parse("[\"{% 1 %} \", \" {% 1 %}\", \"{%%}x\"]"));
    }

    @Test
    void evaluate_whenVariablesBound_expressionsReadThem() {
        JsonNode out = JsonataTemplate.compile(Json.parse("\"{% $total * 2 %}\"")).evaluate(bindings("{}", Map.of("total", 21L)), "Output");

        assertThat(out.asInt()).isEqualTo(42);
    }

    @Test
    void evaluate_whenResultIsAFunction_jsonataException() {
        assertThatThrownBy(() -> eval("\"{% function($x) { $x } %}\"", "{}"))
                .isInstanceOf(JsonataException.class)
                .hasMessageContaining("which is not a JSON value");
    }

    @Test
    void evaluate_whenDecimalIsWhole_integerJson() {
        assertThat(Json.write(eval("\"{% 3 / 1.5 %}\"", "{}"))).isEqualTo("2");
        assertThat(Json.write(eval("\"{% 1 / 4 %}\"", "{}"))).isEqualTo("0.25");
    }
}
