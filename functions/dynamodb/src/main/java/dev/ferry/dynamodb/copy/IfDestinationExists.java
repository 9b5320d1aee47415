package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What to do when a destination table already exists ({@code options.ifDestinationExists}). */
public enum IfDestinationExists {
    /** Refuse: the input names a table that is there already. */
    FAIL("fail"),
    /** Reuse it when its keys and indexes can hold the copy; never deleted by rollback. */
    REUSE_IF_COMPATIBLE("reuse-if-compatible");

    private final String value;

    IfDestinationExists(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static IfDestinationExists of(String value) {
        for (IfDestinationExists v : values()) {
            if (v.value.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown ifDestinationExists '" + value + "'");
    }
}
