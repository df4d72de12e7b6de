package io.parley.edge.it;

import static io.parley.edge.it.SioClient.assertError;
import static io.parley.edge.it.SioClient.assertOk;
import static io.parley.edge.it.SioClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import io.parley.edge.it.SioClient.Mode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The per-socket limits, with small values so that reaching them is quick. */
@QuarkusTest
@TestProfile(ChatLimitsTest.SmallLimits.class)
class ChatLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.chat.max-rooms-per-socket", "3",
                    "parley.chat.send-burst", "3",
                    "parley.chat.send-rate-per-second", "2");
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Test
    void joiningMoreRoomsThanAllowedIsTooManyRooms() throws Exception {
        try (SioClient alice = SioClient.connect(url.toURI(), "alice", Mode.WEBSOCKET)) {
            alice.join("a");
            alice.join("b");
            alice.join("c");
            JSONObject error = assertError("TOO_MANY_ROOMS", alice.request("room:join", json("roomId", "d")));
            assertTrue(error.getString("message").contains("3"), error.toString());
            // rejoining a room it is in does not count
            alice.join("c");
            // leaving makes room for another
            assertOk(alice.request("room:leave", json("roomId", "a")));
            alice.join("d");
            assertError("TOO_MANY_ROOMS", alice.request("room:join", json("roomId", "e")));
            assertOk(alice.send("d", "still chatting", null));
            assertEquals("still chatting", alice.awaitReceived("message:new", 1).get(0).json().getString("body"));
        }
    }

    @Test
    void roomLimitIsPerSocket() throws Exception {
        try (SioClient tab1 = SioClient.connect(url.toURI(), "alice", Mode.WEBSOCKET);
                SioClient tab2 = SioClient.connect(url.toURI(), "alice", Mode.POLLING)) {
            for (String room : new String[] { "a", "b", "c" }) {
                tab1.join(room);
            }
            assertError("TOO_MANY_ROOMS", tab1.request("room:join", json("roomId", "x")));
            tab2.join("x");
        }
    }

    @Test
    void sendingPastTheBurstIsRateLimitedUntilTokensComeBack() throws Exception {
        String room = "limited-" + UUID.randomUUID();
        try (SioClient alice = SioClient.connect(url.toURI(), "alice", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(url.toURI(), "bob", Mode.WEBSOCKET)) {
            alice.join(room);
            bob.join(room);
            assertOk(alice.send(room, "1", null));
            assertOk(alice.send(room, "2", null));
            assertOk(alice.send(room, "3", null));
            JSONObject error = assertError("RATE_LIMITED", alice.send(room, "4", null));
            long retryAfter = error.getLong("retryAfterMs");
            assertTrue(retryAfter > 0 && retryAfter <= 500, "retryAfterMs " + retryAfter + " at 2 sends/s");

            // the refused message was not delivered
            bob.awaitReceived("message:new", 3);
            bob.barrier();
            assertEquals(3, bob.received("message:new").size());

            // after retryAfterMs a send goes through again
            await().pollDelay(Duration.ofMillis(retryAfter)).atMost(Duration.ofMillis(retryAfter + 2000))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> alice.send(room, "5", null).optBoolean("ok"));
            assertEquals("5", bob.awaitReceived("message:new", 4).get(3).json().getString("body"));
            assertTrue(alice.socket().connected());
        }
    }
}
