package io.parley.edge.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.parley.edge.chat.ChatFanout.Result;
import io.parley.edge.chat.ChatFanout.Status;

class RecentSendsTest {

    private static final long WINDOW = 1_000;

    private final RecentSends sends = new RecentSends(WINDOW, 100_000);

    private static Result result(Status status, String id) {
        return new Result(status, id, 7, 123);
    }

    @Test
    void aResendWithinTheWindowGetsTheRememberedOutcome() {
        sends.remember("k", result(Status.IN_FLIGHT, "m1"), 0);

        assertEquals(result(Status.IN_FLIGHT, "m1"), sends.lookup("k", WINDOW - 1));
        assertNull(sends.lookup("other", WINDOW - 1));
    }

    @Test
    void aResendAfterTheWindowIsNew() {
        sends.remember("k", result(Status.IN_FLIGHT, "m1"), 0);

        assertNull(sends.lookup("k", WINDOW));
    }

    @Test
    void keysWhoseWindowPassedAreForgottenSoMemoryStaysBounded() {
        for (int second = 0; second < 100; second++) {
            for (int i = 0; i < 50; i++) {
                sends.remember(second + "-" + i, result(Status.DUPLICATE, "m"), second * 100L);
            }
        }
        // Sends of the last 1000 ms (ten batches of 50) are remembered; the 4500 older ones are gone.
        assertEquals(500, sends.size());
        sends.lookup("any", 100_000);
        assertEquals(0, sends.size());
    }

    @Test
    void aLaterOutcomeOfTheSameKeyReplacesTheFirstWithinItsWindow() {
        sends.remember("k", result(Status.IN_FLIGHT, "m1"), 0);
        sends.remember("k", result(Status.DUPLICATE, "m1"), 600);

        assertEquals(result(Status.DUPLICATE, "m1"), sends.lookup("k", WINDOW - 1));
        assertEquals(1, sends.size());
        assertNull(sends.lookup("k", WINDOW));
        assertEquals(0, sends.size());
    }

    @Test
    void anExpiredKeyStillQueuedBehindAYoungerOneStartsAFreshWindow() {
        // two threads' clocks: "young" was queued first with a later time than "old"
        sends.remember("young", result(Status.IN_FLIGHT, "m1"), 10);
        sends.remember("old", result(Status.IN_FLIGHT, "m2"), 5);

        assertNull(sends.lookup("old", WINDOW + 6));
        sends.remember("old", result(Status.IN_FLIGHT, "m3"), WINDOW + 6);
        assertEquals(result(Status.IN_FLIGHT, "m3"), sends.lookup("old", WINDOW + 500));
    }

    @Test
    void beyondTheCapTheOldestKeysAreForgottenEarlyAndCounted() {
        RecentSends capped = new RecentSends(WINDOW, 3);
        for (int i = 0; i < 5; i++) {
            capped.remember("k" + i, result(Status.IN_FLIGHT, "m" + i), i);
        }

        assertEquals(3, capped.size());
        assertEquals(2, capped.forgottenEarly());
        assertNull(capped.lookup("k0", 10));
        assertNull(capped.lookup("k1", 10));
        assertEquals(result(Status.IN_FLIGHT, "m2"), capped.lookup("k2", 10));
        assertEquals(result(Status.IN_FLIGHT, "m4"), capped.lookup("k4", 10));
    }

    @Test
    void aKeyForgottenAfterAFailureDoesNotCountAgainstTheCap() {
        RecentSends capped = new RecentSends(WINDOW, 2);
        capped.remember("failed", result(Status.IN_FLIGHT, "m0"), 0);
        capped.forget("failed");
        capped.remember("a", result(Status.IN_FLIGHT, "m1"), 1);
        capped.remember("b", result(Status.IN_FLIGHT, "m2"), 2);

        assertEquals(0, capped.forgottenEarly());
        assertEquals(result(Status.IN_FLIGHT, "m1"), capped.lookup("a", 3));
    }

    @Test
    void aForgottenKeyIsNewAtOnceAndGetsAWindowOfItsOwn() {
        sends.remember("k", result(Status.IN_FLIGHT, "m1"), 0);
        sends.forget("k");

        assertNull(sends.lookup("k", 1));
        sends.remember("k", result(Status.IN_FLIGHT, "m2"), 2);
        assertEquals(result(Status.IN_FLIGHT, "m2"), sends.lookup("k", WINDOW));
        assertNull(sends.lookup("k", WINDOW + 2));
    }

    @Test
    void aCapBelowOneIsRefusedNamingItsKey() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new RecentSends(WINDOW, 0));
        assertTrue(refused.getMessage().contains("parley.pipeline.dedup-max-keys"), refused.getMessage());
    }
}
