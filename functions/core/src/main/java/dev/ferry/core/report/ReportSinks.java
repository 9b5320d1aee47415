package dev.ferry.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.errors.FerryException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Makes the {@link ReportSink} for a reports location (setting {@code ferry.reportsUri} /
 * {@code FERRY_REPORTS_URI}).
 */
public final class ReportSinks {
    /** S3 bucket naming rules (general purpose buckets): 3-63 of a-z 0-9 . -, starting and ending alphanumeric. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int MAX_NAME_LENGTH = 255;

    private ReportSinks() {
    }

    /**
     * The sink for {@code location}:
     * <ul>
     *   <li>{@code s3://bucket} or {@code s3://bucket/prefix}: an S3 sink writing
     *       {@code s3://bucket/prefix/<runId>/<fileName>} with PutObject. No encryption settings
     *       are sent, so the bucket's default encryption (SSE-S3 or SSE-KMS) applies.</li>
     *   <li>{@code file:///path}, or anything else taken as a folder path (relative to the working
     *       directory): a local sink writing {@code <folder>/<runId>/<fileName>}, creating folders
     *       as needed and replacing each file atomically (temp file, then rename).</li>
     * </ul>
     *
     * @param s3 gives the S3 client; called once, on the first write, and only for an S3 location
     * @param calls how S3 writes are retried (Ferry's one retry helper)
     * @throws IllegalArgumentException if the location is blank, an S3 location has no valid bucket
     *     name, or a folder path is not valid
     */
    public static ReportSink forLocation(String location, Supplier<S3Client> s3, AwsCalls calls) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("the reports location is empty. Fix: set ferry.reportsUri / "
                    + "FERRY_REPORTS_URI to s3://bucket/prefix or to a local folder");
        }
        String loc = location.trim();
        if (loc.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            String rest = loc.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            return s3(bucket, prefix, s3, calls);
        }
        try {
            Path folder = loc.toLowerCase(Locale.ROOT).startsWith("file:")
                    ? Path.of(java.net.URI.create(loc))
                    : Path.of(loc);
            return localFolder(folder);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new IllegalArgumentException("the reports location '" + loc + "' is neither s3://bucket/prefix nor a "
                    + "valid folder path (" + e.getMessage() + "). Fix: set ferry.reportsUri / FERRY_REPORTS_URI to one of them", e);
        }
    }

    /**
     * Reads a whole file that a report location holds, named by the URI a report gave for it:
     * {@code s3://bucket/key}, a {@code file:} URI, or a path (relative to the working directory).
     * This is how a run takes a file an earlier run wrote (a list of failed items) as its input.
     *
     * @param s3 gives the S3 client; called only for an S3 location
     * @return the file, or empty when it does not exist
     * @throws IllegalArgumentException if the location is blank or not such a URI or path
     * @throws FerryException if the file exists but cannot be read (access denied ...), naming the fix
     */
    public static Optional<byte[]> readFile(String location, Supplier<S3Client> s3, AwsCalls calls) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("the file location is empty. Fix: give s3://bucket/key or a file path");
        }
        String loc = location.trim();
        if (loc.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            String rest = loc.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("'" + loc + "' names no object. Fix: write it as s3://bucket/key");
            }
            return readS3(rest.substring(0, slash), rest.substring(slash + 1), s3, calls);
        }
        Path file;
        try {
            file = loc.toLowerCase(Locale.ROOT).startsWith("file:") ? Path.of(java.net.URI.create(loc)) : Path.of(loc);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new IllegalArgumentException("'" + loc + "' is neither s3://bucket/key nor a valid file path ("
                    + e.getMessage() + ")", e);
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + " (" + e + ")", e);
        }
    }

    /** GetObject through the retry helper; a missing object is empty, a refusal a FerryException naming the fix. */
    static Optional<byte[]> readS3(String bucket, String key, Supplier<S3Client> s3, AwsCalls calls) {
        String where = "s3://" + bucket + "/" + key;
        try {
            return Optional.of(calls.call("reading " + where,
                    () -> s3.get().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()));
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
            if ("NoSuchKey".equals(code)) {
                return Optional.empty();
            }
            throw new FerryException("could not read " + where + " (" + code + ", HTTP " + e.statusCode()
                    + "). Fix: check that the bucket exists in the function's region and that its role may s3:GetObject "
                    + "on it (and kms:Decrypt if the bucket uses SSE-KMS)", e);
        }
    }

    /** A sink writing {@code <folder>/<runId>/<fileName>}; see {@link #forLocation}. */
    public static ReportSink localFolder(Path folder) {
        return new LocalFolderReportSink(Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize());
    }

    /**
     * A sink writing {@code s3://bucket/prefix/<runId>/<fileName>} (or {@code s3://bucket/<runId>/<fileName>}
     * with an empty prefix); see {@link #forLocation}.
     */
    public static ReportSink s3(String bucket, String prefix, Supplier<S3Client> s3, AwsCalls calls) {
        Objects.requireNonNull(s3, "s3");
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("the reports location names the S3 bucket '" + bucket + "', which is not a "
                    + "valid bucket name. Fix: write it as s3://bucket-name/optional/prefix, with a bucket name of 3-63 "
                    + "lower-case letters, digits, '.' and '-'");
        }
        String p = prefix == null ? "" : prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (int i = 0; i < p.length(); i++) {
            if (Character.isISOControl(p.charAt(i))) {
                throw new IllegalArgumentException("the reports location's S3 prefix contains a control character at "
                        + "index " + i + ". Fix: use a prefix of printable characters, e.g. s3://bucket/ferry-runs");
            }
        }
        return new S3ReportSink(bucket, p, s3, Objects.requireNonNull(calls, "calls"));
    }

    /**
     * Checks that {@code value} can be one path segment of a report's location, on S3 and on disk.
     *
     * @param what what the value is, for the message ({@code "run id"}, {@code "file name"})
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    static String checkName(String what, String value) {
        String fix = ". Fix: use a " + what + " made of letters, digits, '-', '_' and '.', such as the Step Functions "
                + "execution name";
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the report's " + what + " is empty" + fix);
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the report's " + what + " is " + value.length() + " characters long, over "
                    + MAX_NAME_LENGTH + fix);
        }
        if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("the report's " + what + " '" + printable(value)
                    + "' contains a path separator ('/' or '\\')" + fix);
        }
        if (value.contains("..") || value.equals(".")) {
            throw new IllegalArgumentException("the report's " + what + " '" + printable(value) + "' contains '..' or is '.'"
                    + fix);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("the report's " + what + " '" + printable(value)
                        + "' contains a control character at index " + i + fix);
            }
        }
        return value;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 100 ? sb + "..." : sb.toString();
    }
}
