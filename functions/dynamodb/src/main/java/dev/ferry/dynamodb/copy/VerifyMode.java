package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a copy is verified ({@code options.verify}). */
public enum VerifyMode {
    /** Item counts on both sides. */
    COUNT,
    /** Counts and the digest of every item's canonical encoding on both sides. */
    CHECKSUM;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static VerifyMode of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
