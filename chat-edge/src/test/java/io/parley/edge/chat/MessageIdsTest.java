package io.parley.edge.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

    private static final long NOW = 1_760_000_000_123L; // 2025-10-09T08:53:20.123Z

    @Test
    void idsAreVersion7WithTheRfcVariant() {
        MessageIds ids = new MessageIds();
        for (int i = 0; i < 100; i++) {
            UUID id = ids.next(NOW + i);
            assertEquals(7, id.version(), id.toString());
            assertEquals(2, id.variant(), id.toString()); // IETF variant, bits 10
            assertEquals('7', id.toString().charAt(14));
            assertTrue("89ab".indexOf(id.toString().charAt(19)) >= 0, id.toString());
        }
    }

    @Test
    void timestampIsTheMillisecondsTheIdWasMadeAt() {
        MessageIds ids = new MessageIds();
        UUID id = ids.next(NOW);
        assertEquals(NOW, MessageIds.timestampOf(id));
        // the first 48 bits, as hex, are the Unix milliseconds
        assertEquals(String.format("%012x", NOW), id.toString().replace("-", "").substring(0, 12));
    }

    @Test
    void idsMadeInTheSameMillisecondAreStrictlyIncreasing() {
        MessageIds ids = new MessageIds();
        String previous = ids.next(NOW).toString();
        for (int i = 0; i < 1000; i++) {
            String next = ids.next(NOW).toString();
            assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
            previous = next;
        }
    }

    @Test
    void counterOverflowMovesToTheNextMillisecondAndStaysIncreasing() {
        MessageIds ids = new MessageIds();
        Set<UUID> seen = new HashSet<>();
        String previous = "";
        for (int i = 0; i < 10_000; i++) { // more than the 4096 values of the 12-bit counter
            UUID id = ids.next(NOW);
            assertTrue(seen.add(id), "duplicate " + id);
            assertTrue(id.toString().compareTo(previous) > 0, previous + " then " + id);
            previous = id.toString();
        }
        long last = MessageIds.timestampOf(UUID.fromString(previous));
        assertTrue(last > NOW && last <= NOW + 5, "timestamp " + last);
    }

    @Test
    void clockGoingBackwardsDoesNotBreakOrdering() {
        MessageIds ids = new MessageIds();
        UUID first = ids.next(NOW);
        UUID second = ids.next(NOW - 1000);
        assertTrue(second.toString().compareTo(first.toString()) > 0, first + " then " + second);
        assertEquals(NOW, MessageIds.timestampOf(second));
    }

    @Test
    void idsFromDifferentGeneratorsDiffer() {
        UUID a = new MessageIds().next(NOW);
        UUID b = new MessageIds().next(NOW);
        assertTrue(!a.equals(b), a + " == " + b);
    }
}
