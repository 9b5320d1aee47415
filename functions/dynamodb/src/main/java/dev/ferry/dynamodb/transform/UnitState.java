package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.dynamodb.BatchGetter;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.json.Json;
import dev.ferry.core.report.ReportSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one unit keeps beside the run's report (never in the ledger: it holds keys, which are item data):
 * the items the transform failed on for good, the partition keys whose updates were throttled, a sample
 * of before/after diffs, and (in verification) the problems found. Rewritten before each checkpoint when
 * it changed, so it describes at least the pages the checkpoint has passed. Thread-safe.
 */
final class UnitState {
    /** The most failed items a unit may have before the run gives up: fix the transform instead. */
    static final int MAX_FAILED = 10_000;
    /** Diffs kept as a sample, per unit. */
    static final int SAMPLES = 5;
    /** Problems kept, per unit (counts are complete; the list is a sample). */
    static final int MAX_PROBLEMS = 1_000;
    /** Partition keys kept, per unit, by throttles. */
    static final int HOT_KEYS = 10;

    /**
     * An item the transform failed on.
     *
     * @param key its key, in DynamoDB JSON
     * @param keyText its key as a person reads it
     * @param path the expression (or step) that failed
     * @param reason a short code
     * @param message what happened
     */
    record FailedItem(JsonNode key, String keyText, String path, String reason, String message) {
    }

    /**
     * A before/after diff.
     *
     * @param keyText the item's key
     * @param changes the attributes changed, each before and after
     * @param emitted how many records the item gives to other tables
     */
    record Sample(String keyText, String changes, int emitted) {
    }

    /**
     * Something verification found.
     *
     * @param keyText the item's key (or the emitted record's, with its table)
     * @param check what was checked
     * @param detail what is wrong
     */
    record Problem(String keyText, String check, String detail) {
    }

    /**
     * The file's content.
     *
     * @param counters the unit's counts as its last checkpoint holds them: a failed run's report reads them here,
     *     since rollback removes the checkpoints
     */
    record File(List<FailedItem> failed, Map<String, Long> hotKeys, List<Sample> samples, List<Problem> problems,
                Map<String, Long> counters) {
    }

    private final String fileName;
    private final List<FailedItem> failed = new ArrayList<>();
    private final Set<String> failedIds = new HashSet<>();
    private final Map<String, Long> hotKeys = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private boolean dirty;

    private UnitState(String fileName) {
        this.fileName = fileName;
    }

    static String transformFile(TransformUnit unit) {
        return "unit-" + unit.unitId() + ".json";
    }

    static String verifyFile(TransformUnit unit) {
        return "verify-" + unit.unitId() + ".json";
    }

    /** The unit's state as last saved, or an empty one. */
    static UnitState load(ReportSink sink, String runId, String fileName, List<String> keyNames) {
        UnitState state = new UnitState(fileName);
        sink.read(runId, fileName).ifPresent(bytes -> {
            File f;
            try {
                f = Json.MAPPER.readValue(bytes, File.class);
            } catch (IOException e) {
                throw new FerryException("the run's file " + fileName + " is unreadable (" + e.getMessage()
                        + "); it is rewritten when the unit runs again from its start", e);
            }
            if (f.failed() != null) {
                for (FailedItem item : f.failed()) {
                    state.failed.add(item);
                    state.failedIds.add(BatchGetter.keyId(ItemCodec.fromJson(item.key()), keyNames));
                }
            }
            if (f.hotKeys() != null) {
                state.hotKeys.putAll(f.hotKeys());
            }
            if (f.samples() != null) {
                state.samples.addAll(f.samples());
            }
            if (f.problems() != null) {
                state.problems.addAll(f.problems());
            }
            if (f.counters() != null) {
                state.counters.putAll(f.counters());
            }
        });
        return state;
    }

    /** Writes the file when something changed since the last save. */
    synchronized void save(ReportSink sink, String runId) {
        if (!dirty) {
            return;
        }
        List<Map.Entry<String, Long>> hot = new ArrayList<>(hotKeys.entrySet());
        hot.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        Map<String, Long> top = new LinkedHashMap<>();
        hot.stream().limit(HOT_KEYS).forEach(e -> top.put(e.getKey(), e.getValue()));
        sink.write(runId, fileName, Json.bytes(new File(failed, top, samples, problems, counters)), "application/json");
        dirty = false;
    }

    /**
     * Records an item the transform failed on (once per key).
     *
     * @throws FerryException when the unit has more failed items than {@link #MAX_FAILED}
     */
    synchronized void addFailed(TableKeys table, Map<String, AttributeValue> item, ItemResult.Failure failure) {
        Map<String, AttributeValue> key = table.keyOf(item);
        if (!failedIds.add(BatchGetter.keyId(key, table.keyNames()))) {
            return;
        }
        if (failed.size() >= MAX_FAILED) {
            throw new FerryException("more than " + MAX_FAILED + " items of " + table.name() + " failed the transform in one "
                    + "segment (the last: " + failure.path() + " " + failure.message() + "); fix the transform and run again");
        }
        failed.add(new FailedItem(ItemCodec.toJson(key), table.describe(key), failure.path(), failure.reason(), failure.message()));
        dirty = true;
    }

    synchronized boolean isFailed(String keyId) {
        return failedIds.contains(keyId);
    }

    synchronized List<FailedItem> failed() {
        return List.copyOf(failed);
    }

    /** The counts the checkpoint about to be saved holds (written with the file when they changed). */
    synchronized void counters(Map<String, Long> now) {
        if (!counters.equals(now)) {
            counters.clear();
            counters.putAll(now);
            dirty = true;
        }
    }

    synchronized Map<String, Long> counters() {
        return Map.copyOf(counters);
    }

    synchronized void throttled(String partitionKey) {
        hotKeys.merge(partitionKey, 1L, Long::sum);
        dirty = true;
    }

    synchronized Map<String, Long> hotKeys() {
        return Map.copyOf(hotKeys);
    }

    synchronized void sample(String keyText, AttributeDiff diff, int emitted) {
        if (samples.size() < SAMPLES) {
            samples.add(new Sample(keyText, diff == null ? "" : diff.describe(), emitted));
            dirty = true;
        }
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    synchronized void problem(String keyText, String check, String detail) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(keyText, check, detail));
            dirty = true;
        }
    }

    synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }
}
