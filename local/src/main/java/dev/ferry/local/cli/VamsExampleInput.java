package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The shipped example input {@code events/examples/vams-v2.2-to-v2.3.json} (packaged at {@code ferry/examples/}),
 * for {@code ferry demo transform} and {@code ferry bench transform}: its expressions and options as shipped.
 */
final class VamsExampleInput {
    static final String RESOURCE = "ferry/examples/vams-v2.2-to-v2.3.json";

    private VamsExampleInput() {
    }

    /** The example as shipped. */
    static ObjectNode load() {
        try (InputStream in = VamsExampleInput.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CliException("the example " + RESOURCE + " is not in this build of ferry; rebuild it (./mvnw -pl local -am package)");
            }
            return (ObjectNode) JsonFiles.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example on other tables (everything else as shipped). */
    static ObjectNode on(String assets, String versions) {
        ObjectNode in = load();
        in.put("table", assets);
        ((ObjectNode) in.at("/transform/emit/0")).put("table", versions);
        return in;
    }

    /** The bucket the example's variables name. */
    static String bucket() {
        return load().at("/variables/assetBucketName").asText();
    }
}
