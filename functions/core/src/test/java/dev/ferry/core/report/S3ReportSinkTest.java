package dev.ferry.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The S3 sink against S3Mock, started once for the class. */
class S3ReportSinkTest {
    private static final dev.ferry.core.aws.AwsCalls CALLS = new dev.ferry.core.aws.AwsCalls(millis -> { });
    private static final String BUCKET = "ferry-reports";

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder()
            .silent()
            .withSecureConnection(false)
            .withInitialBuckets(BUCKET)
            .build();

    private static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3_MOCK.createS3ClientV2();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @Test
    void write_whenS3LocationWithPrefix_thenObjectUnderPrefixAndRunId() {
        // GIVEN
        ReportSink sink = ReportSinks.forLocation("s3://" + BUCKET + "/reports/prod/", () -> s3, CALLS);
        byte[] content = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

        // WHEN
        URI uri = sink.write("run-1", "summary.json", content, "application/json");

        // THEN
        assertThat(uri).hasToString("s3://" + BUCKET + "/reports/prod/run-1/summary.json");
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("reports/prod/run-1/summary.json"));
        assertThat(object.asByteArray()).isEqualTo(content);
        assertThat(object.response().contentType()).isEqualTo("application/json");
    }

    @Test
    void write_whenNoPrefix_thenObjectAtRunIdAndClientMadeOnce() {
        // GIVEN a sink whose client supplier counts its calls
        AtomicInteger calls = new AtomicInteger();
        ReportSink sink = ReportSinks.forLocation("s3://" + BUCKET, () -> {
            calls.incrementAndGet();
            return s3;
        }, CALLS);

        // WHEN two files are written, the second twice
        sink.write("run-2", "a.csv", "1".getBytes(StandardCharsets.UTF_8), "text/csv");
        sink.write("run-2", "b.csv", "2".getBytes(StandardCharsets.UTF_8), "text/csv");
        URI uri = sink.write("run-2", "b.csv", "3".getBytes(StandardCharsets.UTF_8), "text/csv");

        // THEN keys start at the run id, the last write wins, and one client served them all
        assertThat(uri).hasToString("s3://" + BUCKET + "/run-2/b.csv");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("run-2/a.csv")).asUtf8String()).isEqualTo("1");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("run-2/b.csv")).asUtf8String()).isEqualTo("3");
        assertThat(calls).hasValue(1);
    }

    @Test
    void write_whenReportWrittenToS3_thenSummaryAndDetailObjects() {
        // GIVEN
        ReportSink sink = ReportSinks.forLocation("s3://" + BUCKET + "/ferry-runs", () -> s3, CALLS);
        CsvWriter detail = new CsvWriter("key", "problem").row("=cmd|' /C calc'!A0", "changed");

        // WHEN
        Report report = Report.write(sink, "run-3", Map.of("items", 10, "mismatches", 1), "mismatches", detail);

        // THEN
        assertThat(report.summary()).hasToString("s3://" + BUCKET + "/ferry-runs/run-3/summary.json");
        assertThat(report.detail()).hasToString("s3://" + BUCKET + "/ferry-runs/run-3/mismatches.csv");
        String json = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ferry-runs/run-3/summary.json")).asUtf8String();
        assertThat(Json.parse(json).get("mismatches").intValue()).isEqualTo(1);
        ResponseBytes<GetObjectResponse> csv = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ferry-runs/run-3/mismatches.csv"));
        assertThat(csv.asUtf8String()).isEqualTo("key,problem\r\n'=cmd|' /C calc'!A0,changed\r\n");
        assertThat(csv.response().contentType()).startsWith("text/csv");
    }

    @Test
    void write_whenBucketMissing_thenFerryExceptionWithFix() {
        ReportSink sink = ReportSinks.forLocation("s3://no-such-bucket-here/x", () -> s3, CALLS);

        assertThatThrownBy(() -> sink.write("run-4", "summary.json", new byte[] {1}, "application/json"))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("s3://no-such-bucket-here/x/run-4/summary.json")
                .hasMessageContaining("NoSuchBucket")
                .hasMessageContaining("Fix:");
    }

    @Test
    void write_whenRunIdHasSlash_thenRejectedBeforeAnyS3Call() {
        ReportSink sink = ReportSinks.forLocation("s3://" + BUCKET + "/guarded", () -> s3, CALLS);

        assertThatThrownBy(() -> sink.write("run/../../escape", "summary.json", new byte[] {1}, "application/json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run id");
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("guarded")).contents()).isEmpty();
    }

    @Test
    void read_whenWrittenBefore_thenSameBytesAndEmptyForAMissingFile() {
        // GIVEN a file written under a prefix
        ReportSink sink = ReportSinks.forLocation("s3://" + BUCKET + "/readback", () -> s3, CALLS);
        byte[] content = "{\"n\":\"12345678901234567890123456789012345678\"}".getBytes(StandardCharsets.UTF_8);
        URI uri = sink.write("run-5", "page-1.json", content, "application/json");

        // WHEN / THEN it reads back byte for byte, by name and by its URI; a missing one is empty
        assertThat(sink.read("run-5", "page-1.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
        assertThat(ReportSinks.readFile(uri.toString(), () -> s3, CALLS)).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
        assertThat(sink.read("run-5", "page-2.json")).isEmpty();
        assertThat(ReportSinks.readFile("s3://" + BUCKET + "/readback/run-5/nothing.json", () -> s3, CALLS)).isEmpty();
    }

    @Test
    void readFile_whenBucketMissing_thenFerryExceptionWithFix() {
        assertThatThrownBy(() -> ReportSinks.readFile("s3://no-such-bucket-here/run/failed-keys.json", () -> s3, CALLS))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("s3://no-such-bucket-here/run/failed-keys.json")
                .hasMessageContaining("Fix:");
    }
}
