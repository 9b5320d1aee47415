package dev.ferry.quicksight.migration;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Reads and writes an artefacts file where its location says, in the control account (where Ferry runs):
 * a local path ({@code artefacts.json}, {@code file:///...}), {@code s3://bucket/key.json}, or
 * {@code ssm://parameter/name} (the SSM parameter {@code /parameter/name}). Anything else is refused with a fix.
 */
final class ArtefactsStore {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SSM_NAME = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.*");

    /** A parsed location. */
    record Location(String kind, String bucket, String key, String parameter, Path path) {
        String describe() {
            return switch (kind) {
                case "s3" -> "s3://" + bucket + "/" + key;
                case "ssm" -> "ssm:/" + parameter;
                default -> path.toString();
            };
        }
    }

    private final ClientFactory clients;
    private final AwsCalls calls;

    ArtefactsStore(ClientFactory clients, AwsCalls calls) {
        this.clients = clients;
        this.calls = calls;
    }

    /** Parses a location, or says what is wrong with it at {@code path}. */
    static Location parse(String location, String path, java.util.List<Problem> problems) {
        String loc = location.trim();
        String lower = loc.toLowerCase(Locale.ROOT);
        String fix = "Give a local path (artefacts.json), s3://bucket/key.json or ssm://parameter/name.";
        if (lower.startsWith("s3://")) {
            String rest = loc.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : rest.substring(slash + 1);
            if (!BUCKET.matcher(bucket).matches() || key.isEmpty() || key.endsWith("/")) {
                problems.add(new Problem(path, "'" + loc + "' is not a valid s3:// location of a file.",
                        "Write it as s3://bucket-name/path/artefacts.json (a bucket name of 3-63 lower-case letters, digits, '.' and '-', and a key)."));
                return null;
            }
            return new Location("s3", bucket, key, null, null);
        }
        if (lower.startsWith("ssm://")) {
            String name = "/" + loc.substring(6);
            if (!SSM_NAME.matcher(name).matches() || name.length() > 1011) {
                problems.add(new Problem(path, "'" + loc + "' is not a valid ssm:// parameter name.",
                        "Write it as ssm://parameter/name: letters, digits, '_', '.', '-' and '/'."));
                return null;
            }
            return new Location("ssm", null, null, name, null);
        }
        if (lower.startsWith("file:")) {
            try {
                return new Location("file", null, null, null, Path.of(java.net.URI.create(loc)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path, "'" + loc + "' is not a valid file: URI.", fix));
                return null;
            }
        }
        var scheme = SCHEME.matcher(loc);
        if (scheme.matches()) {
            problems.add(new Problem(path, "The artefacts location '" + loc + "' uses " + scheme.group(1)
                    + "://, which is neither a local file, s3:// nor ssm://.", fix));
            return null;
        }
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
            problems.add(new Problem(path, "A local path ('" + loc + "') does not outlive a deployed run's Lambda.",
                    "Use s3://bucket/key.json or ssm://parameter/name in deployed runs."));
            return null;
        }
        try {
            return new Location("file", null, null, null, Path.of(loc));
        } catch (InvalidPathException e) {
            problems.add(new Problem(path, "'" + loc + "' is not a valid file path (" + e.getReason() + ").", fix));
            return null;
        }
    }

    /** Parses a location known to be valid (checked by Validate). */
    static Location parse(String location) {
        java.util.List<Problem> problems = new java.util.ArrayList<>();
        Location l = parse(location, "$.artefacts", problems);
        if (l == null) {
            throw new FerryException(problems.get(0).toString());
        }
        return l;
    }

    /** The file's text, or empty when there is none. */
    Optional<String> read(Location l) {
        try {
            return switch (l.kind()) {
                case "s3" -> Optional.of(calls.call("reading " + l.describe(), () -> s3().getObjectAsBytes(b -> b.bucket(l.bucket())
                        .key(l.key())).asUtf8String()));
                case "ssm" -> Optional.of(calls.call("reading " + l.describe(), () -> ssm().getParameter(b -> b.name(l.parameter()))
                        .parameter().value()));
                default -> Files.exists(l.path()) ? Optional.of(Files.readString(l.path(), StandardCharsets.UTF_8)) : Optional.empty();
            };
        } catch (NoSuchKeyException | ParameterNotFoundException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new FerryException("cannot read the artefacts file " + l.describe() + " (" + e.getMessage()
                    + "). Fix: check the path and its permissions", e);
        }
    }

    /** Writes the whole file (replacing it). */
    void write(Location l, String text) {
        try {
            switch (l.kind()) {
                case "s3" -> calls.run("writing " + l.describe(), () -> s3().putObject(b -> b.bucket(l.bucket()).key(l.key())
                        .contentType("application/json"), RequestBody.fromString(text, StandardCharsets.UTF_8)));
                case "ssm" -> calls.run("writing " + l.describe(), () -> ssm().putParameter(b -> b.name(l.parameter())
                        .value(text).type(ParameterType.STRING).overwrite(true)
                        .tier(text.length() > 4096 ? ParameterTier.ADVANCED : ParameterTier.STANDARD)));
                default -> {
                    Path target = l.path().toAbsolutePath();
                    if (target.getParent() != null) {
                        Files.createDirectories(target.getParent());
                    }
                    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
                    Files.writeString(temp, text, StandardCharsets.UTF_8);
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new FerryException("cannot write the artefacts file " + l.describe() + " (" + e.getMessage()
                    + "). Fix: make its folder writable, or choose another artefacts location", e);
        }
    }

    /** Removes the file (absent is fine). */
    void delete(Location l) {
        try {
            switch (l.kind()) {
                case "s3" -> calls.run("deleting " + l.describe(), () -> s3().deleteObject(b -> b.bucket(l.bucket()).key(l.key())));
                case "ssm" -> {
                    try {
                        calls.run("deleting " + l.describe(), () -> ssm().deleteParameter(b -> b.name(l.parameter())));
                    } catch (ParameterNotFoundException gone) {
                        // already gone
                    }
                }
                default -> Files.deleteIfExists(l.path());
            }
        } catch (IOException e) {
            throw new FerryException("cannot delete the artefacts file " + l.describe() + " (" + e.getMessage() + ")", e);
        }
    }

    void write(Location l, Artefacts artefacts) {
        write(l, Json.pretty(artefacts) + "\n");
    }

    private S3Client s3() {
        return clients.client(clients.control(), S3Client.class, S3Client::builder);
    }

    private SsmClient ssm() {
        return clients.client(clients.control(), SsmClient.class, SsmClient::builder);
    }
}
