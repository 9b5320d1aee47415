package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.JsonInput;
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

    /**
     * The JSON of {@code text} read the one way every input is read ({@link JsonInput}): a UTF-8 byte-order
     * mark is fine, a key given twice is an error naming its path.
     */
    static JsonNode parse(String text, String source) {
        if (JsonInput.withoutBom(text).isBlank()) {
            throw new CliException(source + " is empty: it must hold one JSON value, e.g. {}");
        }
        try {
            return JsonInput.parse(text);
        } catch (InvalidInputException e) {
            Problem p = e.problems().get(0);
            throw new CliException(source + (p.message().startsWith("Is not valid JSON")
                    ? " is not valid JSON" + p.message().substring("Is not valid JSON".length())
                    : " cannot be used: " + p.path() + ": " + p.message()) + " Fix: " + p.fix());
        }
    }
}
