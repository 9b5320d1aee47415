package dev.ferry.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

class LocalFolderReportSinkTest {
    private static final dev.ferry.core.aws.AwsCalls CALLS = new dev.ferry.core.aws.AwsCalls(millis -> { });
    @TempDir
    Path dir;

    @Test
    void write_whenLocalFolder_thenFileUnderRunIdAndUriPointsAtIt() throws IOException {
        // GIVEN a folder that does not exist yet
        ReportSink sink = ReportSinks.forLocation(dir.resolve("reports/nested").toString(), failingS3(), CALLS);

        // WHEN
        URI uri = sink.write("run-2026-11-21", "summary.json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), "application/json");

        // THEN
        Path file = dir.resolve("reports/nested/run-2026-11-21/summary.json");
        assertThat(file).hasContent("{\"ok\":true}");
        assertThat(Path.of(uri)).isEqualTo(file);
        assertThat(uri.getScheme()).isEqualTo("file");
    }

    @Test
    void write_whenFileExists_thenReplacedWholeAndNoTempFileLeft() throws IOException {
        // GIVEN a report file written once
        ReportSink sink = ReportSinks.localFolder(dir);
        sink.write("run-1", "items.csv", "old content that is longer".getBytes(StandardCharsets.UTF_8), "text/csv");

        // WHEN written again
        sink.write("run-1", "items.csv", "new".getBytes(StandardCharsets.UTF_8), "text/csv");

        // THEN only the new bytes, and only the one file, are there
        assertThat(dir.resolve("run-1/items.csv")).hasContent("new");
        try (Stream<Path> files = Files.list(dir.resolve("run-1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("items.csv");
        }
    }

    @Test
    void forLocation_whenFileUri_thenLocalFolder() {
        ReportSink sink = ReportSinks.forLocation(dir.toUri().toString(), failingS3(), CALLS);

        sink.write("r1", "a.txt", new byte[] {1, 2, 3}, "application/octet-stream");

        assertThat(dir.resolve("r1/a.txt")).hasBinaryContent(new byte[] {1, 2, 3});
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", "../etc", "a..b", ".", "a\\b", "line\nbreak", "nul\u0000", "tab\tbed", ""})
    void write_whenRunIdIsNotAPlainName_thenRejectedWithFix(String runId) {
        // GIVEN
        ReportSink sink = ReportSinks.localFolder(dir);

        // WHEN / THEN nothing is written anywhere
        assertThatThrownBy(() -> sink.write(runId, "summary.json", new byte[0], "application/json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run id")
                .hasMessageContaining("Fix:");
        assertThat(dir).isEmptyDirectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../summary.json", "sub/summary.json", "..", "a\u007fb"})
    void write_whenFileNameIsNotAPlainName_thenRejected(String fileName) {
        ReportSink sink = ReportSinks.localFolder(dir);

        assertThatThrownBy(() -> sink.write("run-1", fileName, new byte[0], "text/plain"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file name");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void forLocation_whenS3Location_thenClientNotMadeBeforeFirstWrite() {
        // GIVEN a supplier that counts its calls
        AtomicInteger calls = new AtomicInteger();

        // WHEN a sink is made and a bad name is rejected
        ReportSink sink = ReportSinks.forLocation("s3://ferry-reports/runs", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("no S3 in this test");
        }, CALLS);
        assertThatThrownBy(() -> sink.write("../x", "summary.json", new byte[0], "application/json"))
                .isInstanceOf(IllegalArgumentException.class);

        // THEN no client was asked for
        assertThat(calls).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://", "s3:///prefix", "s3://Upper_Case/x", "s3://ab", "s3://bucket..name/x", "  "})
    void forLocation_whenLocationInvalid_thenErrorSaysHowToFix(String location) {
        assertThatThrownBy(() -> ReportSinks.forLocation(location, failingS3(), CALLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Fix:");
    }

    @Test
    void write_whenReportWritten_thenPrettySummaryJsonAndCsvDetail() throws IOException {
        // GIVEN a summary and a CSV detail
        ReportSink sink = ReportSinks.localFolder(dir);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("workflow", "dynamodb-table-copy");
        summary.put("tables", List.of(Map.of("name", "orders", "items", 1200, "digestMatch", true)));
        CsvWriter detail = new CsvWriter("table", "key", "problem").row("orders", "id=42", "missing, in destination");

        // WHEN
        Report report = Report.write(sink, "run-9", summary, "items", detail);

        // THEN both files are there, the JSON pretty and equal to the summary, the CSV as built
        Path json = dir.resolve("run-9/summary.json");
        Path csv = dir.resolve("run-9/items.csv");
        assertThat(Path.of(report.summary())).isEqualTo(json);
        assertThat(Path.of(report.detail())).isEqualTo(csv);
        String text = Files.readString(json);
        assertThat(text).contains("\n  \"workflow\" : \"dynamodb-table-copy\"").endsWith("}\n");
        JsonNode parsed = Json.parse(text);
        assertThat(parsed).isEqualTo(Json.MAPPER.valueToTree(summary));
        assertThat(csv).hasBinaryContent(detail.toBytes());
        assertThat(Files.readString(csv)).isEqualTo("table,key,problem\r\norders,id=42,\"missing, in destination\"\r\n");
    }

    @Test
    void read_whenWrittenBefore_thenSameBytesByNameAndByUriAndEmptyWhenMissing() {
        // GIVEN a file written to a folder
        ReportSink sink = ReportSinks.localFolder(dir);
        byte[] content = "{\"B\":\"AAEC/w==\"}".getBytes(StandardCharsets.UTF_8);
        URI uri = sink.write("run-7", "page-1.json", content, "application/json");

        // WHEN / THEN
        assertThat(sink.read("run-7", "page-1.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
        assertThat(ReportSinks.readFile(uri.toString(), failingS3(), CALLS)).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
        assertThat(ReportSinks.readFile(dir.resolve("run-7/page-1.json").toString(), failingS3(), CALLS)).isPresent();
        assertThat(sink.read("run-7", "page-2.json")).isEmpty();
        assertThat(sink.read("run-8", "page-1.json")).isEmpty();
        assertThatThrownBy(() -> sink.read("../run-7", "page-1.json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void write_whenDetailNameEndsWithCsv_thenNotDoubled() {
        Report report = Report.write(ReportSinks.localFolder(dir), "run-1", Map.of("ok", true), "diff.csv", new CsvWriter("a"));

        assertThat(Path.of(report.detail()).getFileName()).hasToString("diff.csv");
        assertThat(dir.resolve("run-1/diff.csv")).exists();
    }

    private static java.util.function.Supplier<S3Client> failingS3() {
        return () -> {
            throw new AssertionError("a local location must not ask for an S3 client");
        };
    }
}
