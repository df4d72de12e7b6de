package io.parley.edge.chat;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * UUIDv7 message ids (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids
 * from one node strictly increasing within a millisecond, then 62 random bits that make ids unique
 * across a cluster. They sort by creation time.
 */
public final class MessageIds {

    /** Seeded from the OS once: drawing 62 bits per message from SecureRandom was a hot spot under load. */
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    private long lastMillis;
    private int counter;

    public synchronized UUID next(long nowMillis) {
        if (nowMillis > lastMillis) {
            lastMillis = nowMillis;
            counter = random.nextInt(1 << 11);
        } else if (++counter >= 1 << 12) {
            lastMillis++;
            counter = 0;
        }
        long msb = (lastMillis << 16) | 0x7000L | counter;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Milliseconds encoded in a UUIDv7. */
    public static long timestampOf(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }
}
