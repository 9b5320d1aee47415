package dev.ferry.core.report;

import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.TransientException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes {@code s3://bucket/prefix/<runId>/<fileName>} with one PutObject (atomic in S3: a reader
 * sees the old object or the whole new one). It sends no encryption headers, so the bucket's
 * default encryption applies.
 *
 * <p>Failures after the SDK's own retries: throttling, 5xx and network errors become a
 * {@link TransientException} (the state machine retries the task); anything else (no such bucket,
 * access denied) a {@link FerryException} naming the fix.
 */
final class S3ReportSink implements ReportSink {
    private final String bucket;
    private final String prefix;
    private final Supplier<S3Client> clientSupplier;
    private volatile S3Client client;

    S3ReportSink(String bucket, String prefix, Supplier<S3Client> clientSupplier) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.clientSupplier = clientSupplier;
    }

    @Override
    public URI write(String runId, String fileName, byte[] content, String contentType) {
        ReportSinks.checkName("run id", runId);
        ReportSinks.checkName("file name", fileName);
        Objects.requireNonNull(content, "content");
        String key = (prefix.isEmpty() ? "" : prefix + "/") + runId + "/" + fileName;
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType == null ? "application/octet-stream" : contentType)
                .contentLength((long) content.length)
                .build();
        String where = "s3://" + bucket + "/" + key;
        try {
            client().putObject(request, RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw new TransientException("S3 could not store the report file " + where + " (" + code
                        + "); the task is retried", e);
            }
            throw new FerryException("could not write the report file " + where + " (" + code + ", HTTP "
                    + e.statusCode() + "). Fix: check that bucket " + bucket + " exists in the function's region and "
                    + "that its role may s3:PutObject on it (and kms:GenerateDataKey if the bucket uses SSE-KMS), or "
                    + "change ferry.reportsUri / FERRY_REPORTS_URI", e);
        } catch (SdkClientException e) {
            throw new TransientException("could not reach S3 to store the report file " + where + " ("
                    + e.getMessage() + "); the task is retried", e);
        }
        try {
            return new URI("s3", bucket, "/" + key, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot form a URI for " + where, e);
        }
    }

    private S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = Objects.requireNonNull(clientSupplier.get(), "the S3 client supplier returned null");
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "S3ReportSink[s3://" + bucket + "/" + prefix + "]";
    }
}
