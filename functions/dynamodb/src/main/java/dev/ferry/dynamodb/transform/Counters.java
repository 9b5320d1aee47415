package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.core.json.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * A unit's named counts, kept in its checkpoint's detail ({@link dev.ferry.core.ledger.Checkpoint#detail()}, a
 * small JSON object of counts, never item data), so they always describe exactly the pages before the resume
 * key. Thread-safe.
 */
final class Counters {
    /** Items read. */
    static final String SCANNED = "scanned";
    /** Items {@code when} selected. */
    static final String MATCHED = "matched";
    /** Items {@code when} did not select. */
    static final String SKIPPED = "skipped";
    /** Items updated (their UpdateItem succeeded); in a dry run: items that would be. */
    static final String TRANSFORMED = "transformed";
    /** Items selected that the transform leaves as they are (and emits nothing for). */
    static final String UNCHANGED = "unchanged";
    /** Updates refused because a concurrent writer changed a touched attribute: re-read and re-applied. */
    static final String CONFLICTS = "conflicts";
    /** Records written into other tables; in a dry run: that would be. */
    static final String EMITTED = "emitted";
    /** ... of which replaced an existing record. */
    static final String EMITTED_REPLACED = "emittedReplaced";
    /** Items the transform failed on for good (listed in failed-keys.json). */
    static final String FAILED = "failed";
    /** Items deleted by someone else between the read and the write (nothing to do). */
    static final String GONE = "gone";
    /** UpdateItem calls throttled (retried). */
    static final String THROTTLED = "throttled";
    /** Verification: items checked. */
    static final String CHECKED = "checked";
    /** Verification: items the transform would still change. */
    static final String NOT_TRANSFORMED = "notTransformed";
    /** Verification: emitted records checked. */
    static final String EMITTED_CHECKED = "emittedChecked";
    /** Verification: emitted records missing. */
    static final String EMITTED_MISSING = "emittedMissing";
    /** Verification: emitted records that differ from what the run wrote. */
    static final String EMITTED_DIFFERENT = "emittedDifferent";

    private final Map<String, Long> values = new TreeMap<>();

    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() { };

    Counters(Map<String, Long> saved) {
        values.putAll(saved);
    }

    /** The counts a checkpoint's detail holds; none when it has no detail. */
    static Map<String, Long> fromDetail(String detail) {
        return detail == null || detail.isBlank() ? Map.of() : Json.MAPPER.convertValue(Json.parse(detail), COUNTS);
    }

    /** These counts as a checkpoint's detail. */
    synchronized String detail() {
        return Json.write(values);
    }

    synchronized void add(String name, long n) {
        if (n != 0) {
            values.merge(name, n, Long::sum);
        }
    }

    synchronized long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    synchronized Map<String, Long> snapshot() {
        return Map.copyOf(values);
    }
}
