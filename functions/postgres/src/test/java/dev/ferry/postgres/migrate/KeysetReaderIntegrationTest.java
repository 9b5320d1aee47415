package dev.ferry.postgres.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.postgres.source.SourceDatabase;
import dev.ferry.testkit.FakeLambdaContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A unit's reader (one REPEATABLE READ, READ ONLY transaction over its pages) never holds the application's writes back. */
class KeysetReaderIntegrationTest {
    @TempDir
    static Path reports;

    @Test
    void page_whileAUnitIsReadingATable_letsAConcurrentUpdateAndInsertCommitAndKeepsItsOwnSnapshot() throws Exception {
        // GIVEN a unit reading a 50-row table 10 rows a page, its first page read and its transaction open
        PgTestKit kit = new PgTestKit("rr_readers", "rr", 20, reports);
        kit.table("readings", "reading_id int PRIMARY KEY, note text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now()",
                "i, 'note ' || i, now()", 50);
        ObjectNode input = kit.input();
        input.putArray("tables").addObject().put("source", "readings").put("target", kit.target("readings")).put("segments", 1);
        Dependencies deps = kit.deps();
        RunLedger ledger = deps.ledger();
        PgPlan plan = new PgValidator(deps).validate(input, "rr-run");
        Prepared prepared = new PgPreparer(deps, ledger).prepare(plan, FakeLambdaContext.plenty());
        Unit unit = prepared.units().get(0);
        ResolvedTable table = ledger.document(plan.runId(), PreparedRun.DOCUMENT, PreparedRun.class).orElseThrow().table(unit.table());
        List<String> notes = new ArrayList<>();
        try (KeysetReader reader = new KeysetReader(new SourceDatabase(plan.source(), kit.clients, deps.calls()).open(), table, unit, null, 10)) {
            List<ResolvedTable.Row> page = reader.page(null);
            page.forEach(r -> notes.add(table.item(r, false).get("note").s()));

            // WHEN the application updates a row the reader has read and one it has not reached yet, inserts one, and
            // commits, on its own connection; a lock wait would fail it (lock_timeout) instead of hanging the test
            int updated;
            int inserted;
            try (Connection writer = kit.superuser(); Statement s = writer.createStatement()) {
                writer.setAutoCommit(false);
                s.execute("SET lock_timeout = '30s'");
                updated = s.executeUpdate("UPDATE readings SET note = 'written while read', updated_at = now() WHERE reading_id IN (5, 40)");
                inserted = s.executeUpdate("INSERT INTO readings (reading_id, note) VALUES (1000, 'inserted while read')");
                writer.commit();
            }

            // THEN both committed while the reader's transaction was still open, and the reader's later pages still
            // show the snapshot its transaction started with (row 40 as it was, no row 1000)
            assertThat(updated).isEqualTo(2);
            assertThat(inserted).isEqualTo(1);
            List<String> after = page.get(page.size() - 1).key();
            do {
                page = reader.page(after);
                page.forEach(r -> notes.add(table.item(r, false).get("note").s()));
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).key();
                }
            } while (!reader.last(page));
        }
        assertThat(notes).hasSize(50).contains("note 5", "note 40").doesNotContain("written while read", "inserted while read");
        try (Connection c = kit.superuser(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*), max(reading_id) FROM readings WHERE note LIKE '%while read'")) {
            rs.next();
            assertThat(Map.of("rows", rs.getInt(1), "max", rs.getInt(2))).isEqualTo(Map.of("rows", 3, "max", 1000));
        }
    }
}
