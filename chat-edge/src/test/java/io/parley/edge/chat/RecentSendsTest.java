package io.parley.edge.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.parley.edge.chat.ChatFanout.Result;
import io.parley.edge.chat.ChatFanout.Status;

class RecentSendsTest {

    private static final long WINDOW = 1_000;

    private final RecentSends sends = new RecentSends(WINDOW, 100_000);

    /** A message id as the edge makes them (a UUID), named for the test's reading. */
    private static Result result(Status status, String name) {
        return new Result(status, UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(), 7, 123);
    }

    @Test
    void aResendWithinTheWindowGetsTheRememberedOutcome() {
        sends.remember("k", result(Status.IN_FLIGHT, "m1"), 0);

        assertEquals(result(Status.IN_FLIGHT, "m1"), sends.lookup("k", WINDOW - 1));
        assertNull(sends.lookup("other", WINDOW - 1));
    }

    @Test
    void aClaimedKeyIsInFlightForAConcurrentSendUntilItsOutcomeIsRemembered() {
        assertNull(sends.claim("k", 0), "the first send of a key claims it");

        Result concurrent = sends.claim("k", 1);
        assertEquals(Status.IN_FLIGHT, concurrent.status());
        assertEquals(concurrent, sends.lookup("k", 1));
        sends.remember("k", result(Status.IN_FLIGHT, "m1"), 2);
        assertEquals(result(Status.IN_FLIGHT, "m1"), sends.claim("k", 3));
        assertEquals(1, sends.size());
        assertNull(sends.claim("k", WINDOW), "the window runs from the claim");
    }

    @Test
    void aClaimWhoseSendFailedIsForgottenAndTheNextSendClaimsAgain() {
        assertNull(sends.claim("k", 0));
        sends.forget("k");

        assertNull(sends.claim("k", 1));
        assertEquals(Status.IN_FLIGHT, sends.lookup("k", 2).status());
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
        assertEquals(1024, sends.slotsAllocated());
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
        assertThrows(IllegalArgumentException.class, () -> new RecentSends(WINDOW, RecentSends.MAX_KEYS_LIMIT + 1));
    }

    @Test
    void idsThatAreNotCanonicalUuidsComeBackAsGiven() {
        Result upper = new Result(Status.IN_FLIGHT, "0188F3A2-7B1C-7ABC-8DEF-0123456789AB", 1, 2);
        Result odd = new Result(Status.DUPLICATE, "not-a-uuid", 3, 4);
        Result none = new Result(Status.DUPLICATE, null, 5, 6);
        sends.remember("upper", upper, 0);
        sends.remember("odd", odd, 0);
        sends.remember("none", none, 0);

        assertEquals(upper, sends.lookup("upper", 1));
        assertEquals(odd, sends.lookup("odd", 1));
        assertEquals(none, sends.lookup("none", 1));
        sends.remember("odd", result(Status.DUPLICATE, "m1"), 2);
        assertEquals(result(Status.DUPLICATE, "m1"), sends.lookup("odd", 3));
    }

    @Test
    void manyFailedSendsDoNotPushOutTheKeysStillRemembered() {
        RecentSends capped = new RecentSends(1_000_000, 11); // the ten kept and the one in flight
        for (int i = 0; i < 10; i++) {
            capped.remember("kept" + i, result(Status.DUPLICATE, "kept" + i), 0);
        }
        for (int i = 0; i < 100_000; i++) {
            capped.remember("failed" + i, result(Status.IN_FLIGHT, "f"), 1);
            capped.forget("failed" + i);
        }

        assertEquals(10, capped.size());
        assertEquals(0, capped.forgottenEarly());
        assertEquals(1024, capped.slotsAllocated(), "the failed sends' slots are squeezed out, not kept");
        for (int i = 0; i < 10; i++) {
            assertEquals(result(Status.DUPLICATE, "kept" + i), capped.lookup("kept" + i, 2));
        }
    }

    @Test
    void growingPastItsFirstSizeKeepsEveryKeyAndItsOutcome() {
        RecentSends big = new RecentSends(WINDOW, 50_000);
        for (int i = 0; i < 50_000; i++) {
            big.remember("k" + i, new Result(Status.IN_FLIGHT, UUID.randomUUID().toString(), i, i), 0);
        }
        for (int i = 0; i < 50_000; i += 2) {
            big.forget("k" + i);
        }

        assertEquals(25_000, big.size());
        assertEquals(65_536, big.slotsAllocated(), "doubled from 1024 until 50 000 keys fit");
        for (int i = 0; i < 50_000; i++) {
            Result found = big.lookup("k" + i, 1);
            if (i % 2 == 0) {
                assertNull(found, "k" + i);
            } else {
                assertEquals(i, found.seq(), "k" + i);
            }
        }
    }
}
