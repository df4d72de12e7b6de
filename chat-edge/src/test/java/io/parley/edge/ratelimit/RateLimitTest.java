package io.parley.edge.ratelimit;

import static io.parley.edge.support.ChatClient.errorCode;
import static io.parley.edge.support.ChatClient.retryAfterMs;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import io.parley.edge.support.ChatClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The cluster-wide per-user limits, as two sockets of one user meet them. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallBuckets.class)
class RateLimitTest {

    /**
     * Per user: 3 sends and 4 joins at once, refilled at 2 per second. The per-socket local limit
     * (40) and the per-IP buckets (every test client is 127.0.0.1) are far above.
     */
    public static class SmallBuckets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "parley.ratelimit.send.per-user.rate", "2",
                    "parley.ratelimit.send.per-user.burst", "3",
                    "parley.ratelimit.send.per-ip.rate", "1000",
                    "parley.ratelimit.send.per-ip.burst", "10000",
                    "parley.ratelimit.join.per-user.rate", "2",
                    "parley.ratelimit.join.per-user.burst", "4",
                    "parley.ratelimit.join.per-ip.rate", "1000",
                    "parley.ratelimit.join.per-ip.burst", "10000");
        }
    }

    @TestHTTPResource("/")
    URI server;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theSendBudgetOfAUserIsSharedByItsSocketsAndSaysWhenToRetry() {
        String room = "rl-" + run;
        try (ChatClient first = ChatClient.connect(server, "frank-" + run);
                ChatClient second = ChatClient.connect(server, "frank-" + run);
                ChatClient other = ChatClient.connect(server, "grace-" + run)) {
            first.join(room);
            second.join(room);
            other.join(room);

            assertNull(errorCode(first.send(room, "1")));
            assertNull(errorCode(second.send(room, "2")));
            assertNull(errorCode(first.send(room, "3")));

            JSONObject refused = second.send(room, "4");
            assertEquals("RATE_LIMITED", errorCode(refused), refused.toString());
            long retryAfter = retryAfterMs(refused);
            assertTrue(retryAfter > 0 && retryAfter <= 500, "one token comes back in 500 ms: " + retryAfter);
            assertEquals("RATE_LIMITED", errorCode(first.send(room, "5")), "the other socket shares the budget");

            // another user from the same address has its own budget
            assertNull(errorCode(other.send(room, "mine")));

            // after retryAfterMs a send goes through again
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(retryAfter))
                    .until(() -> errorCode(second.send(room, "later")) == null);
        }
    }

    @Test
    void joinsAreLimitedPerUserAcrossSockets() {
        try (ChatClient first = ChatClient.connect(server, "heidi-" + run);
                ChatClient second = ChatClient.connect(server, "heidi-" + run)) {
            assertNull(errorCode(first.join("j1-" + run)));
            assertNull(errorCode(second.join("j2-" + run)));
            assertNull(errorCode(first.join("j3-" + run)));
            assertNull(errorCode(second.join("j4-" + run)));
            JSONObject refused = first.join("j5-" + run);
            assertEquals("RATE_LIMITED", errorCode(refused), refused.toString());
            assertTrue(retryAfterMs(refused) > 0);
            assertEquals("NOT_A_MEMBER", errorCode(first.members("j5-" + run)), "a refused join joins nothing");
            // joining a room the socket is already in costs nothing
            assertNull(errorCode(first.join("j1-" + run)));
        }
    }
}
