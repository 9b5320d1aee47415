package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped example input, read from events/examples/ itself (never a copy of it). */
final class VamsExample {
    static final Path FILE = Path.of("../../events/examples/vams-v2.2-to-v2.3.json");

    private VamsExample() {
    }

    /** The example as shipped. */
    static JsonNode input() {
        try {
            return Json.MAPPER.readTree(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example with its table names replaced (tests share one DynamoDB Local) and the given run id and
     * region; every expression and option is the file's own.
     */
    static ObjectNode on(String assets, String versions, String runId, String region) {
        ObjectNode in = (ObjectNode) input().deepCopy();
        in.put("runId", runId);
        in.put("table", assets);
        ((ObjectNode) in.at("/transform/emit/0")).put("table", versions);
        in.putObject("target").put("region", region);
        return in;
    }
}
