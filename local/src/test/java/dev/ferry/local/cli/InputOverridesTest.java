package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputOverridesTest {
    private static final JsonNode INPUT = Json.parse("{\"table\": \"vams-assets\", \"variables\": {\"assetBucketName\": \"b\"}, "
            + "\"transform\": {\"emit\": [{\"table\": \"vams-asset-versions\"}]}}");

    @Test
    void apply_whenPathsNameObjectsAndArrayElements_setsEachValueAndLeavesTheFileAlone() {
        JsonNode out = InputOverrides.apply(INPUT, List.of("variables.assetBucketName=prod-assets", "transform.emit[0].table=v2",
                "options.dryRun=true", "options.limit=50", "runId=\"2024\"", "options.note=a=b"));

        assertThat(out.at("/variables/assetBucketName").asText()).isEqualTo("prod-assets");
        assertThat(out.at("/transform/emit/0/table").asText()).isEqualTo("v2");
        assertThat(out.at("/options/dryRun").isBoolean()).isTrue();
        assertThat(out.at("/options/limit").isIntegralNumber()).isTrue();
        assertThat(out.at("/runId").isTextual()).as("a quoted value stays text").isTrue();
        assertThat(out.at("/options/note").asText()).as("only the first = separates path and value").isEqualTo("a=b");
        assertThat(INPUT.at("/variables/assetBucketName").asText()).isEqualTo("b");
    }

    @Test
    void apply_whenTextIsNotWholeJson_keepsItAsText() {
        JsonNode out = InputOverrides.apply(INPUT, List.of("a=1.0.2", "b=true-ish", "c=", "d={\"x\": 1}"));

        assertThat(out.get("a").asText()).isEqualTo("1.0.2");
        assertThat(out.get("b").asText()).isEqualTo("true-ish");
        assertThat(out.get("c").asText()).isEmpty();
        assertThat(out.at("/d/x").asInt()).isEqualTo(1);
    }

    @Test
    void apply_whenAnAssignmentCannotBeMade_saysWhereAndHowToFixIt() {
        assertThatThrownBy(() -> InputOverrides.apply(INPUT, List.of("variables.assetBucketName")))
                .isInstanceOf(CliException.class).hasMessageContaining("is not path=value");
        assertThatThrownBy(() -> InputOverrides.apply(INPUT, List.of("transform.emit[3].table=x")))
                .isInstanceOf(CliException.class).hasMessageContaining("transform.emit[3]").hasMessageContaining("1 element(s)");
        assertThatThrownBy(() -> InputOverrides.apply(INPUT, List.of("table.name=x")))
                .isInstanceOf(CliException.class).hasMessageContaining("a string there, not an object");
        assertThatThrownBy(() -> InputOverrides.apply(INPUT, List.of("tables[0].target=x")))
                .isInstanceOf(CliException.class).hasMessageContaining("no array to index");
        assertThatThrownBy(() -> InputOverrides.apply(INPUT, List.of("a..b=x")))
                .isInstanceOf(CliException.class).hasMessageContaining("property names joined by dots");
        assertThatThrownBy(() -> InputOverrides.apply(Json.parse("[1]"), List.of("a=1")))
                .isInstanceOf(CliException.class).hasMessageContaining("JSON object");
    }

    @Test
    void apply_whenNothingIsSet_returnsTheInputAsItIs() {
        assertThat(InputOverrides.apply(INPUT, List.of())).isSameAs(INPUT);
    }
}
