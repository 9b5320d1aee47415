package dev.ferry.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes {@code <folder>/<runId>/<fileName>}: the bytes go to a hidden temp file in the same
 * folder, are flushed to disk, and the temp file is renamed over the target, so a reader sees the
 * old file or the whole new one, never a part.
 */
final class LocalFolderReportSink implements ReportSink {
    private final Path folder;

    LocalFolderReportSink(Path folder) {
        this.folder = folder;
    }

    @Override
    public URI write(String runId, String fileName, byte[] content, String contentType) {
        ReportSinks.checkName("run id", runId);
        ReportSinks.checkName("file name", fileName);
        Objects.requireNonNull(content, "content");
        Path dir = folder.resolve(runId);
        Path target = dir.resolve(fileName);
        Path temp = dir.resolve("." + fileName + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target.toUri();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report file " + target + " (" + e + "). Fix: make "
                    + folder + " writable, or set ferry.reportsUri / FERRY_REPORTS_URI to a writable folder or an "
                    + "s3:// location", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the temp file is hidden and named as such
            }
        }
    }

    @Override
    public Optional<byte[]> read(String runId, String fileName) {
        ReportSinks.checkName("run id", runId);
        ReportSinks.checkName("file name", fileName);
        Path file = folder.resolve(runId).resolve(fileName);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the report file " + file + " (" + e + "). Fix: make "
                    + folder + " readable", e);
        }
    }

    @Override
    public String toString() {
        return "LocalFolderReportSink[" + folder + "]";
    }
}
