package io.parley.edge.chat;

import java.security.SecureRandom;

/**
 * A keyed 128-bit fingerprint of a string, so that a key can be remembered as two longs instead of an
 * object. The seeds are drawn once per instance, so nobody outside the process can aim two keys at one
 * fingerprint or at one slot of a hash table. Two distinct keys share a fingerprint with a chance of about
 * 2^-128; among a million keys remembered at once, about 10^-27.
 *
 * <p>The mixing follows the structure of MurmurHash3's 128-bit variant (two lanes that feed each other,
 * its finalizer), over four UTF-16 chars per round. Not thread-safe: {@link #of} leaves its result in
 * {@link #high()} and {@link #low()}, so one instance serves one lock holder.
 */
final class KeyFingerprint {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private final long seed1;
    private final long seed2;
    private long high;
    private long low;
    /** The key of the last fingerprint: a send claims its key and then remembers it, with the same string. */
    private String last;

    KeyFingerprint() {
        this(new SecureRandom());
    }

    KeyFingerprint(SecureRandom random) {
        this(random.nextLong(), random.nextLong());
    }

    KeyFingerprint(long seed1, long seed2) {
        this.seed1 = seed1;
        this.seed2 = seed2;
    }

    /** Fingerprints the key; read the result with {@link #high()} and {@link #low()}. */
    void of(String key) {
        if (key == last) {
            return;
        }
        int length = key.length();
        long h1 = seed1;
        long h2 = seed2;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            long block = key.charAt(i) | (long) key.charAt(i + 1) << 16 | (long) key.charAt(i + 2) << 32
                    | (long) key.charAt(i + 3) << 48;
            h1 ^= mix1(block);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mix2(block);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        if (i < length) {
            long tail = 0;
            for (int shift = 0; i < length; i++, shift += 16) {
                tail |= (long) key.charAt(i) << shift;
            }
            h1 ^= mix1(tail);
            h2 ^= mix2(tail);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = finish(h1);
        h2 = finish(h2);
        h1 += h2;
        h2 += h1;
        high = h1;
        low = h2;
        last = key;
    }

    /** The first 64 bits of the last fingerprint. */
    long high() {
        return high;
    }

    /** The last 64 bits of the last fingerprint. */
    long low() {
        return low;
    }

    private static long mix1(long block) {
        return Long.rotateLeft(block * C1, 31) * C2;
    }

    private static long mix2(long block) {
        return Long.rotateLeft(block * C2, 33) * C1;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
