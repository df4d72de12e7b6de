package io.parley.edge.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class KeyFingerprintTest {

    private final KeyFingerprint fingerprint = new KeyFingerprint(0x1234, 0x5678);

    private record Fingerprint(long high, long low) {
    }

    private Fingerprint of(KeyFingerprint f, String key) {
        f.of(key);
        return new Fingerprint(f.high(), f.low());
    }

    @Test
    void theSameKeyAlwaysGivesTheSameFingerprint() {
        assertEquals(of(fingerprint, "room\u0000user\u0000c-1"), of(fingerprint, "room\u0000user\u0000c-1"));
        assertEquals(of(fingerprint, "room\u0000user\u0000c-1"), of(new KeyFingerprint(0x1234, 0x5678), "room\u0000user\u0000c-1"));
    }

    @Test
    void anEqualKeyInAnotherStringAfterAnotherKeyGivesTheSameFingerprint() {
        String key = "room\u0000user\u0000c-1";
        Fingerprint first = of(fingerprint, key);
        assertNotEquals(first, of(fingerprint, "other"));
        assertEquals(first, of(fingerprint, new String(key.toCharArray())));
        assertEquals(first, of(fingerprint, key));
    }

    @Test
    void keysThatDifferOnlyInLengthOrInTheirLastCharDiffer() {
        List<String> keys = List.of("", "\u0000", "\u0000\u0000", "a", "a\u0000", "ab", "abc", "abcd", "abcd\u0000",
                "abcde", "abcdefgh", "abcdefgh\u0000", "abcdefgi", "\uffff", "\uffff\uffff\uffff\uffff");
        Set<Fingerprint> seen = new HashSet<>();
        for (String key : keys) {
            assertTrue(seen.add(of(fingerprint, key)), () -> "collision on " + key.length() + " chars");
        }
    }

    @Test
    void anotherSeedGivesAnotherFingerprint() {
        assertNotEquals(of(fingerprint, "room\u0000user\u0000c-1"), of(new KeyFingerprint(0x1234, 0x5679), "room\u0000user\u0000c-1"));
        assertNotEquals(of(new KeyFingerprint(), "k"), of(new KeyFingerprint(), "k"));
    }

    @Test
    void aMillionLikelyKeysHaveDistinctFingerprintsAndFillTheIndexEvenly() {
        SplittableRandom random = new SplittableRandom(7);
        Set<Fingerprint> seen = new HashSet<>();
        int buckets = 1 << 12;
        int[] perBucket = new int[buckets];
        int keys = 1_000_000;
        for (int i = 0; i < keys; i++) {
            // what the edge builds: room, user, the client's message id (often a counter)
            Fingerprint f = of(fingerprint, "general\u0000user-" + random.nextInt(1000) + "\u0000" + i);
            assertTrue(seen.add(f), () -> "collision");
            perBucket[(int) (f.low() ^ (f.low() >>> 32)) & (buckets - 1)]++;
        }
        double mean = (double) keys / buckets;
        for (int count : perBucket) {
            // a fair bucket holds mean +- 5 standard deviations (sqrt(mean) = 15.6) with near certainty
            assertTrue(Math.abs(count - mean) < 5 * Math.sqrt(mean), () -> "bucket holds " + count + ", mean " + mean);
        }
    }
}
