package dev.ferry.core.report;

import dev.ferry.core.errors.FerryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import dev.ferry.core.aws.AwsCalls;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes {@code s3://bucket/prefix/<runId>/<fileName>} with one PutObject (atomic in S3: a reader
 * sees the old object or the whole new one). It sends no encryption headers, so the bucket's
 * default encryption applies.
 *
 * <p>Throttling, 5xx and network errors are retried through {@link AwsCalls}; when its budget is
 * spent they surface as a {@link dev.ferry.core.errors.TransientException} (the state machine retries the task); anything
 * else (no such bucket, access denied) is a {@link FerryException} naming the fix.
 */
final class S3ReportSink implements ReportSink {
    private final String bucket;
    private final String prefix;
    private final Supplier<S3Client> clientSupplier;
    private final AwsCalls calls;
    private volatile S3Client client;

    S3ReportSink(String bucket, String prefix, Supplier<S3Client> clientSupplier, AwsCalls calls) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.clientSupplier = clientSupplier;
        this.calls = calls;
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
            calls.run("storing the report file " + where, () -> client().putObject(request, RequestBody.fromBytes(content)));
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
            throw new FerryException("could not write the report file " + where + " (" + code + ", HTTP "
                    + e.statusCode() + "). Fix: check that bucket " + bucket + " exists in the function's region and "
                    + "that its role may s3:PutObject on it (and kms:GenerateDataKey if the bucket uses SSE-KMS), or "
                    + "change ferry.reportsUri / FERRY_REPORTS_URI", e);
        }
        try {
            return new URI("s3", bucket, "/" + key, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot form a URI for " + where, e);
        }
    }

    @Override
    public Optional<byte[]> read(String runId, String fileName) {
        ReportSinks.checkName("run id", runId);
        ReportSinks.checkName("file name", fileName);
        String key = (prefix.isEmpty() ? "" : prefix + "/") + runId + "/" + fileName;
        return ReportSinks.readS3(bucket, key, this::client, calls);
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
