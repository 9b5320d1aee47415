package dev.ferry.engine.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes {@code text} as is, or a JSON string of {@code bytes} characters: for output that is not JSON or too big. */
public class RawOutputHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode in = JSON.readTree(input);
        String text = in.has("bytes") ? "\"" + "x".repeat(in.get("bytes").asInt()) + "\"" : in.path("text").asText();
        output.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
