package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Intrinsic function parsing and evaluation beyond what the conformance cases show. */
class JsonPathExpressionTest {
    private static String eval(String expression, String input) {
        return Json.write(JsonPathExpression.compile(expression).evaluate(Scopes.input(input)));
    }

    @Test
    void evaluate_whenPathArgumentHoldsAFilterWithCommasAndParentheses_parsesItWhole() {
        assertThat(eval("States.ArrayLength($.items[?(@.tag == 'a,b (c)')])", "{\"items\": [{\"tag\": \"a,b (c)\"}, {\"tag\": \"x\"}]}"))
                .isEqualTo("1");
    }

    @Test
    void evaluate_whenFormatTemplateComesFromAPath_backslashesAreLiteral() {
        assertThat(eval("States.Format($.template, $.name)", "{\"template\": \"C:\\\\{} dir\", \"name\": \"x\"}"))
                .isEqualTo("\"C:\\\\x dir\"");
    }

    @Test
    void evaluate_whenFormatHasFewerArgumentsThanPlaceholders_intrinsicException() {
        assertThatThrownBy(() -> eval("States.Format('{} and {}', $.a)", "{\"a\": 1}"))
                .isInstanceOf(IntrinsicException.class)
                .hasMessage("Invalid arguments in States.Format('{} and {}', $.a): the template has more {} placeholders than there are arguments (1)");
    }

    @Test
    void evaluate_whenArgumentHasTheWrongType_intrinsicExceptionNamesIt() {
        assertThatThrownBy(() -> eval("States.ArrayLength($.a)", "{\"a\": \"text\"}"))
                .hasMessage("Invalid arguments in States.ArrayLength($.a): argument 1 must be an array, not \"text\"");
    }

    @Test
    void evaluate_whenVariablesAndContextAreArguments_readsThem() {
        PathScope scope = Scopes.of("{}", "{\"State\": {\"Name\": \"S\"}}", Map.of("who", "\"Ada\""));

        assertThat(JsonPathExpression.compile("States.Format('{} in {}', $who, $$.State.Name)").evaluate(scope).asText()).isEqualTo("Ada in S");
    }

    @Test
    void compile_whenTextFollowsTheCall_rejected() {
        assertThatThrownBy(() -> JsonPathExpression.compile("States.UUID() x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected text after the closing parenthesis");
    }

    @Test
    void compile_whenStringLiteralNotClosed_rejected() {
        assertThatThrownBy(() -> JsonPathExpression.compile("States.Format('abc")).hasMessageContaining("a string literal is not closed");
    }

    @Test
    void compile_whenNeitherPathNorIntrinsic_rejected() {
        assertThatThrownBy(() -> JsonPathExpression.compile("hello"))
                .hasMessage("'hello' is neither a path (starting with $) nor an intrinsic function (starting with States.)");
    }
}
