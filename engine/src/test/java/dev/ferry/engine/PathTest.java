package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTest {
    private final PathScope scope = Scopes.of("{\"a\": {\"b\": [1, 2, 3]}, \"n\": null}", "{\"Execution\": {\"Name\": \"e1\"}}",
            Map.of("order", "{\"id\": 7, \"lines\": [\"x\"]}"));

    @Test
    void read_whenRootIsDollar_readsTheData() {
        assertThat(Path.compile("$.a.b[1]").read(scope)).isEqualTo(Json.parse("2"));
        assertThat(Path.compile("$.n").read(scope).isNull()).isTrue();
    }

    @Test
    void read_whenRootIsDoubleDollar_readsTheContextObject() {
        assertThat(Path.compile("$$.Execution.Name").read(scope).asText()).isEqualTo("e1");
    }

    @Test
    void read_whenRootNamesAVariable_readsTheVariable() {
        assertThat(Path.compile("$order.id").read(scope).asInt()).isEqualTo(7);
        assertThat(Path.compile("$order").read(scope)).isEqualTo(Json.parse("{\"id\": 7, \"lines\": [\"x\"]}"));
        assertThat(Path.compile("$order.lines[0]").read(scope).asText()).isEqualTo("x");
    }

    @Test
    void read_whenNothingMatches_pathExceptionWithJaywaysMessage() {
        assertThatThrownBy(() -> Path.compile("$.a.missing").read(scope))
                .isInstanceOf(PathException.class)
                .hasMessage("No results for path: $['a']['missing']");
    }

    @Test
    void read_whenVariableNotAssigned_pathExceptionNamingIt() {
        assertThatThrownBy(() -> Path.compile("$other.x").read(scope)).hasMessage("No variable named 'other' has been assigned");
    }

    @Test
    void compile_whenTextIsNotAPath_saysWhatAPathLooksLike() {
        assertThatThrownBy(() -> Path.compile("a.b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'a.b' is not a path: a path starts with $ (data), $$ (context object) or $name (variable)");
    }

    @Test
    void compile_whenPathEndsWithADot_invalid() {
        assertThatThrownBy(() -> Path.compile("$.a."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'$.a.' is not a valid JSONPath: Path must not end with a '.' or '..'");
    }
}
