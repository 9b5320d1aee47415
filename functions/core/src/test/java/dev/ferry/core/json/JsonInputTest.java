package dev.ferry.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonInputTest {
    @Test
    void parse_whenAKeyIsGivenTwice_rejectsItWithItsPath() {
        assertThatThrownBy(() -> JsonInput.parse("{\"tables\": [\"a\"], \"tables\": [\"b\"]}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("$.tables"));
        assertThatThrownBy(() -> JsonInput.parse("{\"tables\": [{\"source\": \"a\", \"source\": \"b\"}]}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("$.tables[0].source"));
        assertThatThrownBy(() -> JsonInput.parse("{\"options\": {\"verify\": \"count\", \"verify\": \"checksum\"}}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems().get(0))
                        .satisfies(p -> {
                            assertThat(p.path()).isEqualTo("$.options.verify");
                            assertThat(p.message()).contains("twice");
                        }));
    }

    @Test
    void parse_whenTheTextStartsWithAByteOrderMark_readsIt() {
        byte[] withBom = "\uFEFF{\"runId\": \"r1\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(JsonInput.parse(withBom).get("runId").asText()).isEqualTo("r1");
        assertThat(JsonInput.read("\uFEFF{\"runId\": \"r1\"}", java.util.Map.class)).containsEntry("runId", "r1");
    }

    @Test
    void parse_whenNotJson_saysWhereInWords() {
        assertThatThrownBy(() -> JsonInput.parse("{\"a\": 1,,}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems().get(0).message())
                        .contains("line 1"));
    }

    @Test
    void parse_whenTextFollowsTheValue_rejectsItInsteadOfDroppingIt() {
        assertThatThrownBy(() -> JsonInput.parse("{\"table\": \"orders\"} {\"table\": \"customers\"}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems().get(0).path()).isEqualTo("$");
                    assertThat(e.problems().get(0).message()).startsWith("Is not valid JSON (line 1, column").contains("railing");
                });
        assertThatThrownBy(() -> JsonInput.parse("{\"table\": \"orders\"} trailing")).isInstanceOf(InvalidInputException.class);
    }
}
