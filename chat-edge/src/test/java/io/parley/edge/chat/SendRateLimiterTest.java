package io.parley.edge.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SendRateLimiterTest {

    @Test
    void allowsABurstThenAsksToWait() {
        SendRateLimiter limiter = new SendRateLimiter(2, 3, 0); // 2 per second, bursts of 3
        assertEquals(0, limiter.tryAcquire(0));
        assertEquals(0, limiter.tryAcquire(0));
        assertEquals(0, limiter.tryAcquire(0));
        assertEquals(500, limiter.tryAcquire(0), "one token comes back every 500 ms");
        assertEquals(500, limiter.tryAcquire(0), "a refused send costs nothing");
    }

    @Test
    void retryAfterShrinksAsTimePasses() {
        SendRateLimiter limiter = new SendRateLimiter(2, 1, 0);
        assertEquals(0, limiter.tryAcquire(0));
        assertEquals(500, limiter.tryAcquire(0));
        assertEquals(300, limiter.tryAcquire(200));
        long retry = limiter.tryAcquire(450);
        assertTrue(retry >= 50 && retry <= 51, "retry after " + retry + " ms, expected about 50");
        assertEquals(0, limiter.tryAcquire(500));
    }

    @Test
    void refillsAtTheConfiguredRate() {
        SendRateLimiter limiter = new SendRateLimiter(20, 40, 1_000);
        for (int i = 0; i < 40; i++) {
            assertEquals(0, limiter.tryAcquire(1_000), "send " + i + " of the burst");
        }
        assertTrue(limiter.tryAcquire(1_000) > 0);
        // one second later: 20 more sends, not 21
        for (int i = 0; i < 20; i++) {
            assertEquals(0, limiter.tryAcquire(2_000), "send " + i + " after one second");
        }
        assertEquals(50, limiter.tryAcquire(2_000));
    }

    @Test
    void idleTimeNeverBuildsMoreThanTheBurst() {
        SendRateLimiter limiter = new SendRateLimiter(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limiter.tryAcquire(3_600_000));
        }
        assertTrue(limiter.tryAcquire(3_600_000) > 0, "a sixth send after an idle hour is refused");
    }

    @Test
    void clockGoingBackwardsGrantsNothing() {
        SendRateLimiter limiter = new SendRateLimiter(1, 1, 10_000);
        assertEquals(0, limiter.tryAcquire(10_000));
        assertTrue(limiter.tryAcquire(5_000) > 0);
    }
}
