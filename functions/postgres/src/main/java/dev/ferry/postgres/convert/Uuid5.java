package dev.ferry.postgres.convert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * RFC 9562 (4122) name-based UUIDs, version 5 (SHA-1): the same namespace and name always give the same id, so a
 * re-run maps every old id to the same new one and never duplicates. Same results as Python's {@code uuid.uuid5}.
 */
public final class Uuid5 {
    /** The RFC's URL namespace, {@code 6ba7b811-9dad-11d1-80b4-00c04fd430c8}. */
    public static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private Uuid5() {
    }

    public static UUID of(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits()).array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /** The default namespace of a table's new ids: uuid5(URL namespace, {@code ferry:postgres-to-dynamodb:<table>}). */
    public static UUID defaultNamespace(String table) {
        return of(NAMESPACE_URL, "ferry:postgres-to-dynamodb:" + table);
    }
}
