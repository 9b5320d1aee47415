package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** The 256 KiB limit Step Functions puts on every payload passed between states. */
final class Payloads {
    static final int MAX_BYTES = 256 * 1024;

    private Payloads() {
    }

    /** @throws StatesError States.DataLimitExceeded when the value's JSON is larger than 256 KiB */
    static void checkSize(JsonNode value, String stateName) {
        if (value != null && Json.write(value).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The state/task '" + stateName
                    + "' returned a result with a size exceeding the maximum number of bytes service limit ("
                    + MAX_BYTES + " bytes). Pass references (ids, keys, S3 locations) between states instead of data.");
        }
    }
}
