package dev.ferry.engine;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** RFC 3339 timestamps as the States Language writes them: {@code 2016-03-14T01:59:00Z}, upper-case T and Z. */
final class Timestamps {
    private Timestamps() {
    }

    static Optional<Instant> parse(String text) {
        if (text == null || text.indexOf('t') >= 0 || text.indexOf('z') >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
