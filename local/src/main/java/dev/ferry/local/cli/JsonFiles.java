package dev.ferry.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON files a command is given, with errors that say which file and what is wrong. */
final class JsonFiles {
    private JsonFiles() {
    }

    /**
     * @param what what the file is for, e.g. "input"
     * @throws CliException (exit 1) when the file cannot be read or is not JSON
     */
    static JsonNode read(Path file, String what) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("the " + what + " file '" + file + "' does not exist: pass the path of a JSON file");
        } catch (IOException e) {
            throw new CliException("cannot read the " + what + " file '" + file + "': " + e.getMessage());
        }
        return parse(text, "the " + what + " file '" + file + "'");
    }

    static JsonNode parse(String text, String source) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new CliException(source + " is empty: it must hold one JSON value, e.g. {}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CliException(source + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }
}
