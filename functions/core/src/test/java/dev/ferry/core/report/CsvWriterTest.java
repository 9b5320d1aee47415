package dev.ferry.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvWriterTest {

    @Test
    void toBytes_whenHeaderAndRows_thenRfc4180WithCrlf() {
        // GIVEN
        CsvWriter csv = new CsvWriter("table", "key", "count");

        // WHEN
        csv.row("orders", "id-1", 3).row("users", null, 0L);

        // THEN a header row, CRLF after every row, null as an empty field
        assertThat(new String(csv.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("table,key,count\r\norders,id-1,3\r\nusers,,0\r\n");
        assertThat(csv.rowCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "plain            | plain",
            "a,b              | \"a,b\"",
            "say \"hi\"       | \"say \"\"hi\"\"\"",
            "\"               | \"\"\"\"",
            "`line1\nline2`   | `\"line1\nline2\"`",
            "`cr\rhere`       | `\"cr\rhere\"`",
            "`crlf\r\n`       | `\"crlf\r\n\"`",
            "`  spaced  `     | `  spaced  `",
    })
    void cell_whenTextHasSpecialCharacters_thenQuotedAndQuotesDoubled(String value, String expected) {
        assertThat(CsvWriter.cell(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "=1+1                     | '=1+1",
            "+1                       | '+1",
            "-1                       | '-1",
            "@SUM(A1)                 | '@SUM(A1)",
            "`\tfoo`                  | `'\tfoo`",
            "`\rfoo`                  | `\"'\rfoo\"`",
            "`=HYPERLINK(\"x\",\"y\")`| `\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"`",
            "a=1                      | a=1",
    })
    void cell_whenTextStartsLikeAFormula_thenPrefixedWithQuote(String value, String expected) {
        assertThat(CsvWriter.cell(value)).isEqualTo(expected);
    }

    @Test
    void cell_whenValueIsANumber_thenWrittenAsIs() {
        assertThat(CsvWriter.cell(-5)).isEqualTo("-5");
        assertThat(CsvWriter.cell(new BigDecimal("-1.50"))).isEqualTo("-1.50");
        assertThat(CsvWriter.cell("-5")).isEqualTo("'-5");
    }

    @Test
    void toBytes_whenNonAscii_thenUtf8WithoutBom() {
        CsvWriter csv = new CsvWriter("name").row("\u00e9t\u00e9 \uD83D\uDE00");

        byte[] bytes = csv.toBytes();

        assertThat(Arrays.copyOf(bytes, 3)).isNotEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        assertThat(bytes).isEqualTo("name\r\n\u00e9t\u00e9 \uD83D\uDE00\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toString_whenHeaderNeedsDefusing_thenHeaderIsDefusedToo() {
        assertThat(new CsvWriter("=cmd", "a,b").toString()).isEqualTo("'=cmd,\"a,b\"\r\n");
    }

    @Test
    void row_whenCellCountDiffersFromHeader_thenErrorSaysHowToFix() {
        CsvWriter csv = new CsvWriter("a", "b");

        assertThatThrownBy(() -> csv.row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has 1 cells but the header has 2")
                .hasMessageContaining("Fix:");
        assertThat(csv.rowCount()).isZero();
        assertThat(csv.toString()).isEqualTo("a,b\r\n");
    }
}
