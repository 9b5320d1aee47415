package dev.ferry.postgres.migrate;

import dev.ferry.core.ledger.RunLedger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a unit found wrong, row by row (key and kind, never a value), kept in the ledger for the report's
 * {@code problems.csv}: the first {@value #KEPT} per unit; the counts go in the unit's checkpoint.
 */
final class Problems {
    static final int KEPT = 100;
    static final String PREFIX = "problems#";

    /** One problem: the table, the row's key ({@code id=...}), the kind, and a detail without values. */
    record Entry(String table, String key, String kind, String detail) {
    }

    /** The ledger document of one unit's problems. */
    record Document(List<Entry> entries) {
    }

    private final RunLedger ledger;
    private final String runId;
    private final String name;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private boolean dirty;

    Problems(RunLedger ledger, String runId, String phase, String unitId) {
        this.ledger = ledger;
        this.runId = runId;
        this.name = PREFIX + phase + "#" + unitId;
        ledger.document(runId, name, Document.class).ifPresent(d -> d.entries().forEach(e -> entries.put(e.key() + "|" + e.kind(), e)));
    }

    synchronized void add(String table, String key, String kind, String detail) {
        if (entries.size() < KEPT && entries.putIfAbsent(key + "|" + kind, new Entry(table, key, kind, detail)) == null) {
            dirty = true;
        }
    }

    /** Saves the problems (before the checkpoint that counts them). */
    synchronized void flush() {
        if (dirty) {
            ledger.putDocument(runId, name, new Document(new ArrayList<>(entries.values())));
            dirty = false;
        }
    }

    /** Every unit's problems of a run, for the report. */
    static List<Entry> all(RunLedger ledger, String runId, List<String> documentNames) {
        List<Entry> out = new ArrayList<>();
        for (String doc : documentNames) {
            ledger.document(runId, doc, Document.class).ifPresent(d -> out.addAll(d.entries()));
        }
        return out;
    }

    static String documentName(String phase, String unitId) {
        return PREFIX + phase + "#" + unitId;
    }
}
