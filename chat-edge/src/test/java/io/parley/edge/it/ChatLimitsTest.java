package io.parley.edge.it;

import static io.parley.edge.it.SioClient.assertError;
import static io.parley.edge.it.SioClient.assertOk;
import static io.parley.edge.it.SioClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
                    "parley.chat.send-rate-per-second", "1");
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
            // five sends back to back: the burst of three goes through, then sends are refused
            List<CompletableFuture<JSONObject>> acks = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                acks.add(alice.requestAsync("message:send", json("roomId", room, "body", String.valueOf(i))));
            }
            List<JSONObject> replies = new ArrayList<>();
            for (CompletableFuture<JSONObject> ack : acks) {
                replies.add(ack.get(SioClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            assertOk(replies.get(0));
            assertOk(replies.get(1));
            assertOk(replies.get(2));
            JSONObject error = assertError("RATE_LIMITED", replies.get(4));
            long retryAfter = error.getLong("retryAfterMs");
            assertTrue(retryAfter > 0 && retryAfter <= 1000, "retryAfterMs " + retryAfter + " at 1 send/s");
            int accepted = (int) replies.stream().filter(r -> r.optBoolean("ok")).count();

            // refused messages were not delivered
            bob.awaitReceived("message:new", accepted);
            bob.barrier();
            assertEquals(accepted, bob.received("message:new").size());

            // after retryAfterMs a send goes through again
            await().pollDelay(Duration.ofMillis(retryAfter)).atMost(Duration.ofMillis(retryAfter + 5000))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> alice.send(room, "5", null).optBoolean("ok"));
            assertEquals("5", bob.awaitReceived("message:new", accepted + 1).get(accepted).json().getString("body"));
            assertTrue(alice.socket().connected());
        }
    }
}
