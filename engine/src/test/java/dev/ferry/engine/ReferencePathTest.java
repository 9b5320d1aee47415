package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ReferencePathTest {
    private static final JsonNode RESULT = Json.parse("{\"ok\": true}");

    @Test
    void apply_whenIntermediateObjectsMissing_createsThemAndLeavesTheInputUntouched() {
        JsonNode input = Json.parse("{\"keep\": 1}");

        JsonNode output = ReferencePath.compile("$.a.b").apply(input, RESULT);

        assertThat(output).isEqualTo(Json.parse("{\"keep\": 1, \"a\": {\"b\": {\"ok\": true}}}"));
        assertThat(input).isEqualTo(Json.parse("{\"keep\": 1}"));
    }

    @Test
    void apply_whenDollar_theResultReplacesTheInput() {
        assertThat(ReferencePath.compile("$").apply(Json.parse("[1]"), RESULT)).isEqualTo(RESULT);
    }

    @Test
    void apply_whenBracketFieldAndIndex_setsThatNode() {
        JsonNode output = ReferencePath.compile("$['my key'][1]").apply(Json.parse("{\"my key\": [0, 0]}"), RESULT);

        assertThat(output).isEqualTo(Json.parse("{\"my key\": [0, {\"ok\": true}]}"));
    }

    @Test
    void apply_whenAStepMeetsAString_pathExceptionSaysWhere() {
        assertThatThrownBy(() -> ReferencePath.compile("$.a.b").apply(Json.parse("{\"a\": \"text\"}"), RESULT))
                .isInstanceOf(PathException.class)
                .hasMessage("Unable to apply ResultPath '$.a.b': the value at $.a is string \"text\", so .b cannot be set in it");
    }

    @Test
    void apply_whenInputIsNotAnObject_pathException() {
        assertThatThrownBy(() -> ReferencePath.compile("$.a").apply(Json.parse("5"), RESULT))
                .hasMessageStartingWith("Unable to apply ResultPath '$.a': the state input is number 5, not an object");
    }

    @Test
    void compile_whenPathSelectsManyNodes_rejected() {
        assertThatThrownBy(() -> ReferencePath.compile("$.items[*]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a reference path");
    }
}
