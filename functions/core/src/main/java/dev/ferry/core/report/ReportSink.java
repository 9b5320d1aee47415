package dev.ferry.core.report;

import java.net.URI;
import java.util.Optional;

/**
 * Where a run's report files go: the reports bucket in AWS, a local folder in local runs. Get one
 * from {@link ReportSinks#forLocation}.
 *
 * <p>Implementations are thread-safe; writing the same file again replaces it, so a retried or
 * resumed run can rewrite its report.
 */
public interface ReportSink {
    /**
     * Writes one file of a run's report, replacing any earlier version of it.
     *
     * @param runId the run id; one path segment (no {@code /}, {@code \}, {@code ..} or control characters)
     * @param fileName the file name, e.g. {@code summary.json}; one path segment, same rules
     * @param content the whole file
     * @param contentType its media type, e.g. {@code application/json}
     * @return where the file now is: an {@code s3://bucket/key} or {@code file:} URI
     * @throws IllegalArgumentException if {@code runId} or {@code fileName} is not a plain name
     */
    URI write(String runId, String fileName, byte[] content, String contentType);

    /**
     * Reads back one file of a run's report (a workflow keeps files it needs later there: rollback data,
     * lists of failed items).
     *
     * @param runId the run id, as for {@link #write}
     * @param fileName the file name, as for {@link #write}
     * @return the whole file, or empty when there is no such file
     * @throws IllegalArgumentException if {@code runId} or {@code fileName} is not a plain name
     */
    Optional<byte[]> read(String runId, String fileName);
}
