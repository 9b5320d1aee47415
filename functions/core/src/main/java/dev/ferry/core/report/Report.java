package dev.ferry.core.report;

import dev.ferry.core.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a run's report was written: a JSON summary ({@code summary.json}) and a CSV detail
 * ({@code <name>.csv}), side by side under the run id. Write one with {@link #write}.
 *
 * @param summary the {@code summary.json} file
 * @param detail the CSV detail file
 */
public record Report(URI summary, URI detail) {
    /** File name of the JSON summary. */
    public static final String SUMMARY_FILE = "summary.json";
    /** Media type of the JSON summary. */
    public static final String JSON_TYPE = "application/json";
    /** Media type of the CSV detail (RFC 4180 with its charset). */
    public static final String CSV_TYPE = "text/csv; charset=utf-8; header=present";

    public Report {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * Writes the CSV detail as {@code <detailName>.csv} and then the summary, as pretty JSON
     * through {@link Json#MAPPER}, as {@code summary.json}. The summary goes last, so a summary
     * present means its detail is complete.
     *
     * @param sink where to write
     * @param runId the run id (the folder under the reports location)
     * @param summary any value {@link Json#MAPPER} can serialise: a record, a map, a {@code JsonNode}
     * @param detailName the detail file's name, with or without {@code .csv}, e.g. {@code items}
     * @param detail the detail rows
     * @return the URIs of both files
     * @throws IllegalArgumentException if {@code runId} or {@code detailName} is not a plain name
     *     (see {@link ReportSink#write})
     */
    public static Report write(ReportSink sink, String runId, Object summary, String detailName, CsvWriter detail) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(detailName, "detailName");
        String csvName = detailName.endsWith(".csv") ? detailName : detailName + ".csv";
        ReportSinks.checkName("file name", csvName);
        byte[] json = (Json.pretty(summary) + "\n").getBytes(StandardCharsets.UTF_8);
        URI detailUri = sink.write(runId, csvName, detail.toBytes(), CSV_TYPE);
        URI summaryUri = sink.write(runId, SUMMARY_FILE, json, JSON_TYPE);
        return new Report(summaryUri, detailUri);
    }
}
