package dev.ferry.core.codec;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An order-independent checksum of a set of items (a table, or a scan segment of one), to verify a
 * copy without sorting or storing either side.
 *
 * <p>The digest is the item count plus the sum, modulo 2<sup>256</sup>, of
 * SHA-256({@link ItemCodec#canonicalBytes canonical bytes} of each item) read as an unsigned
 * 256-bit integer. So it is
 * <ul>
 *   <li>independent of the order items are added in (scan order, segment split);</li>
 *   <li>sensitive to multiplicity: an item added twice changes it (an XOR would cancel out);</li>
 *   <li>blind to representation: items DynamoDB considers equal ({@code "1.50"} vs {@code "1.5"},
 *       reordered map keys or set members) add the same value;</li>
 *   <li>mergeable: the digest of segments A and B is {@code a.merge(b)}, which is how parallel scan
 *       segments combine.</li>
 * </ul>
 * It detects accidental differences (a missing, extra, duplicated or changed item) with the
 * strength of SHA-256; being a sum it is not meant to resist someone crafting items on purpose.
 *
 * <p>It round-trips through a ledger checkpoint as {@link #count()} and {@link #toHex()}, restored
 * with {@link #of(long, String)}.
 *
 * <p><b>Not thread-safe:</b> an instance reuses one {@link MessageDigest} and one encoding buffer.
 * Give each thread or segment its own instance and {@link #merge} them at the end.
 */
public final class ItemDigest {
    /** Length of {@link #toHex()}: 256 bits as 64 lower-case hex digits. */
    public static final int HEX_LENGTH = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The 256-bit sum, most significant limb first. */
    private final long[] sum = new long[4];
    private long count;
    private MessageDigest sha;
    private CanonicalEncoder encoder;
    private byte[] hash;

    /** An empty digest: no items, sum zero. */
    public ItemDigest() {
    }

    /**
     * A digest restored from a checkpoint written from {@link #count()} and {@link #toHex()}.
     *
     * @throws IllegalArgumentException if {@code count} is negative or {@code hex} is not
     *     {@value #HEX_LENGTH} hex digits
     */
    public static ItemDigest of(long count, String hex) {
        if (count < 0) {
            throw new IllegalArgumentException("item digest count must be >= 0, but is " + count
                    + ". Fix: restore the digest from the count and hex the checkpoint stored");
        }
        if (hex == null || hex.length() != HEX_LENGTH) {
            throw new IllegalArgumentException("item digest hex must be " + HEX_LENGTH + " hex digits, but is "
                    + (hex == null ? "null" : hex.length() + " characters long")
                    + ". Fix: restore it from the exact string ItemDigest.toHex() returned");
        }
        ItemDigest d = new ItemDigest();
        for (int limb = 0; limb < 4; limb++) {
            long v = 0;
            for (int i = 0; i < 16; i++) {
                char c = hex.charAt(limb * 16 + i);
                int digit = c < 0x80 ? Character.digit(c, 16) : -1;   // ASCII only: Character.digit takes any Unicode digit
                if (digit < 0) {
                    throw new IllegalArgumentException("item digest hex has a non-hex character at index "
                            + (limb * 16 + i) + ". Fix: restore it from the exact string ItemDigest.toHex() returned");
                }
                v = (v << 4) | digit;
            }
            d.sum[limb] = v;
        }
        d.count = count;
        return d;
    }

    /**
     * Adds one item.
     *
     * @throws IllegalArgumentException if the item holds a null or untyped value or an invalid
     *     number (see {@link ItemCodec#canonicalBytes}); the digest is then unchanged
     */
    public ItemDigest add(Map<String, AttributeValue> item) {
        Objects.requireNonNull(item, "item");
        if (sha == null) {
            sha = sha256();
            encoder = new CanonicalEncoder();
            hash = new byte[32];
        }
        try {
            encoder.encode(item, sha::update);
            sha.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest failed", e);
        } catch (RuntimeException e) {
            sha.reset();   // drop the partial item
            throw e;
        }
        long carry = 0;
        for (int limb = 3; limb >= 0; limb--) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (hash[limb * 8 + i] & 0xFF);
            }
            carry = addLimb(limb, v, carry);
        }
        count++;
        return this;
    }

    /** Adds every item of {@code other} (e.g. another scan segment's digest) to this one. */
    public ItemDigest merge(ItemDigest other) {
        Objects.requireNonNull(other, "other");
        long otherCount = other.count;
        long[] otherSum = other.sum.clone();   // other may be this
        long carry = 0;
        for (int limb = 3; limb >= 0; limb--) {
            carry = addLimb(limb, otherSum[limb], carry);
        }
        count += otherCount;
        return this;
    }

    /** sum[limb] += v + carry; returns the carry out. */
    private long addLimb(int limb, long v, long carry) {
        long a = sum[limb];
        long s = a + v;
        long c = Long.compareUnsigned(s, a) < 0 ? 1 : 0;
        long t = s + carry;
        if (Long.compareUnsigned(t, s) < 0) {
            c = 1;
        }
        sum[limb] = t;
        return c;
    }

    /** Number of items added (including merged ones). */
    public long count() {
        return count;
    }

    /** The 256-bit sum as {@value #HEX_LENGTH} lower-case hex digits, most significant first. */
    public String toHex() {
        char[] out = new char[HEX_LENGTH];
        int p = 0;
        for (long limb : sum) {
            for (int shift = 60; shift >= 0; shift -= 4) {
                out[p++] = HEX[(int) (limb >>> shift) & 0xF];
            }
        }
        return new String(out);
    }

    /** Equal when both count and sum are equal: the two sides hold the same multiset of items. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ItemDigest d && d.count == count && Arrays.equals(d.sum, sum);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(count) + Arrays.hashCode(sum);
    }

    @Override
    public String toString() {
        return "ItemDigest{count=" + count + ", sum=" + toHex() + "}";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM; every Java SE runtime must provide it", e);
        }
    }
}
