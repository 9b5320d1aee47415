package dev.ferry.local.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** JVM system properties set for a while: {@link #restore()} puts back what was there before. */
final class ScopedProperties {
    private final Map<String, String> previous = new LinkedHashMap<>();

    void set(String property, String value) {
        previous.putIfAbsent(property, System.getProperty(property));
        System.setProperty(property, value);
    }

    void restore() {
        previous.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
        previous.clear();
    }
}
