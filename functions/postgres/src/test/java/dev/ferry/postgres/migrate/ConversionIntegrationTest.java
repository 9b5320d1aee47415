package dev.ferry.postgres.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.aws.Side;
import dev.ferry.core.errors.Problem;
import dev.ferry.postgres.convert.Uuid5;
import dev.ferry.postgres.source.Catalog;
import dev.ferry.testkit.PostgresLocal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every type conversion of the mapping spec, on a real PostgreSQL row, through the path a load takes: the
 * catalog, the resolver's natural conversions, the SELECT list, {@link ResolvedTable#read} and
 * {@link ResolvedTable#item}. Also uuid5 ids and the rewrite of a foreign key to a uuid5 parent.
 */
class ConversionIntegrationTest {
    private static final String DATABASE = "conversions";
    private static final String PARENT_ID = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

    @BeforeAll
    static void setUp() throws Exception {
        PostgresLocal pg = PostgresLocal.get();
        pg.createDatabase(DATABASE);
        try (Connection c = pg.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE parents (id uuid PRIMARY KEY, name text NOT NULL)");
            s.execute("CREATE TABLE all_types (id uuid PRIMARY KEY, parent_id uuid REFERENCES parents, name text, code varchar(10), "
                    + "small int4, big int8, amount numeric(40,18), flag boolean, at_tz timestamptz, at_local timestamp, day date, "
                    + "doc jsonb, list json, tags text[], no_tags text[], nums int4[], raw bytea, note text)");
            s.execute("SET TIME ZONE 'Europe/Berlin'");
            s.execute("INSERT INTO parents VALUES ('" + PARENT_ID + "', 'p')");
            s.execute("INSERT INTO all_types VALUES ('0b0e6a4c-5f57-4c1e-9d55-2a3c7d9e1f00', '" + PARENT_ID + "', 'Zoë', 'ab', "
                    + "2147483647, 9223372036854775807, 12345678901234567890.123456789012345678, true, "
                    + "'2024-03-01 12:00:00+02', '2024-03-01 12:00:00.123', '2024-02-29', "
                    + "'{\"score\": 0.1000000000000000000001, \"big\": 123456789012345678901234567890, \"tags\": [\"a\", 1], "
                    + "\"nested\": {\"ok\": true, \"none\": null}}', '[1, 2.50]', '{a,b}', '{}', '{1,NULL,3}', '\\x00ff', NULL)");
        }
    }

    private static PgPlan plan(List<PgPlan.TableSpec> tables) {
        PgPlan.Options options = new PgPlan.Options(null, "omit", 1.0, "fail", "reuse-if-compatible", 7, null, "tenant_id", null,
                "updated_at", 300, true);
        return new PgPlan("conversions", PgPlan.FULL, false, new PgPlan.SourceSpec("jdbc:postgresql://x/conversions", null, null, null, "public"),
                Side.of("us-east-1"), tables, options, "hash", "sync");
    }

    private static PgPlan.TableSpec table(String source, String idStrategy) {
        return new PgPlan.TableSpec(source, "t-" + source, null, null, null, null, null, idStrategy, null, null, null, null);
    }

    private static Map<String, AttributeValue> item(boolean keepNulls) throws Exception {
        try (Connection c = PostgresLocal.get().connect(DATABASE)) {
            Map<String, Catalog.Table> catalog = Catalog.read(c, "public", List.of("parents", "all_types"));
            List<Problem> problems = new ArrayList<>();
            List<ResolvedTable> resolved = new Resolver(plan(List.of(table("parents", "uuid5"), table("all_types", "keep"))), catalog,
                    problems).resolve();
            assertThat(problems).isEmpty();
            ResolvedTable t = resolved.get(1);
            try (Statement s = c.createStatement()) {
                s.execute("SET TIME ZONE 'America/Los_Angeles'"); // the session's zone must not matter
            }
            try (PreparedStatement p = c.prepareStatement("SELECT " + t.selectList() + " FROM " + t.qualified());
                 ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return t.item(t.read(rs), keepNulls);
            }
        }
    }

    @Test
    void item_whenARowHasEveryKindOfColumn_convertsEachAsTheSpecSays() throws Exception {
        Map<String, AttributeValue> item = item(false);

        // uuid/text/varchar -> S
        assertThat(item.get("id")).isEqualTo(AttributeValue.fromS("0b0e6a4c-5f57-4c1e-9d55-2a3c7d9e1f00"));
        assertThat(item.get("name")).isEqualTo(AttributeValue.fromS("Zoë"));
        assertThat(item.get("code")).isEqualTo(AttributeValue.fromS("ab"));
        // integer/bigint/numeric -> N with every digit
        assertThat(item.get("small")).isEqualTo(AttributeValue.fromN("2147483647"));
        assertThat(item.get("big")).isEqualTo(AttributeValue.fromN("9223372036854775807"));
        assertThat(item.get("amount")).isEqualTo(AttributeValue.fromN("12345678901234567890.123456789012345678"));
        // boolean -> BOOL
        assertThat(item.get("flag")).isEqualTo(AttributeValue.fromBool(true));
        // timestamptz/timestamp/date -> ISO-8601 S in UTC
        assertThat(item.get("at_tz")).isEqualTo(AttributeValue.fromS("2024-03-01T10:00:00Z"));
        assertThat(item.get("at_local")).isEqualTo(AttributeValue.fromS("2024-03-01T12:00:00.123Z"));
        assertThat(item.get("day")).isEqualTo(AttributeValue.fromS("2024-02-29"));
        // jsonb/json -> M/L, numbers exact
        Map<String, AttributeValue> doc = item.get("doc").m();
        assertThat(doc.get("score")).isEqualTo(AttributeValue.fromN("0.1000000000000000000001"));
        assertThat(doc.get("big")).isEqualTo(AttributeValue.fromN("123456789012345678901234567890"));
        assertThat(doc.get("tags")).isEqualTo(AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))));
        assertThat(doc.get("nested").m()).containsEntry("ok", AttributeValue.fromBool(true)).containsEntry("none", AttributeValue.fromNul(true));
        // the same value (DynamoDB itself drops a number's trailing zeros)
        assertThat(item.get("list")).isEqualTo(AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromN("2.5"))));
        // arrays -> L; an empty array stays an empty L; a NULL element is NULL
        assertThat(item.get("tags")).isEqualTo(AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromS("b"))));
        assertThat(item.get("no_tags").hasL()).isTrue();
        assertThat(item.get("no_tags").l()).isEmpty();
        assertThat(item.get("nums")).isEqualTo(AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromNul(true),
                AttributeValue.fromN("3"))));
        // bytea -> B
        assertThat(item.get("raw")).isEqualTo(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) 0xff})));
        // NULL -> attribute omitted by default
        assertThat(item).doesNotContainKey("note");
    }

    @Test
    void item_whenNullsAreKept_writesANullAttribute() throws Exception {
        assertThat(item(true)).containsEntry("note", AttributeValue.fromNul(true));
    }

    @Test
    void item_whenTheParentTableGetsUuid5Ids_rewritesTheForeignKeyThroughItsNamespace() throws Exception {
        // Python: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "ferry:postgres-to-dynamodb:parents"), PARENT_ID)
        String expected = "5b632bea-de52-5342-b5aa-e5ad139b8edc";

        assertThat(Uuid5.defaultNamespace("parents")).hasToString("61058bc2-4b88-5cec-9579-cacce376b0b9");
        assertThat(item(false).get("parent_id")).isEqualTo(AttributeValue.fromS(expected));
    }
}
