package io.parley.edge.it;

import static io.parley.edge.it.SioClient.assertError;
import static io.parley.edge.it.SioClient.assertOk;
import static io.parley.edge.it.SioClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.parley.edge.it.SioClient.Mode;
import io.parley.edge.it.SioClient.Received;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The chat contract on the main namespace, as a client sees it. */
@QuarkusTest
class ChatEventsTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    EdgeServers servers;

    private URI base() throws Exception {
        return url.toURI();
    }

    private static String room() {
        return "room-" + UUID.randomUUID();
    }

    // ---- authentication ----

    static Stream<Arguments> badAuth() {
        Map<String, String> emptyUserId = new HashMap<>();
        emptyUserId.put("userId", "");
        return Stream.of(Arguments.of("no auth at all", null),
                Arguments.of("auth without userId", Map.of("token", "abc")),
                Arguments.of("empty userId", emptyUserId),
                Arguments.of("userId with a space", Map.of("userId", "bad user")),
                Arguments.of("userId too long", Map.of("userId", "u".repeat(65))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAuth")
    void connectWithoutAValidUserIdIsRefused(String description, Map<String, String> auth) throws Exception {
        try (SioClient client = SioClient.start(base(), "/", auth, Mode.WEBSOCKET, new AtomicReference<>())) {
            await().atMost(SioClient.TIMEOUT).until(() -> client.connectError() != null);
            JSONObject error = assertInstanceOf(JSONObject.class, client.connectError());
            assertEquals("Authentication required", error.getString("message"));
            assertEquals("AUTH_REQUIRED", error.getJSONObject("data").getString("code"));
            assertFalse(client.socket().connected());
        }
    }

    @Test
    void everySocketIsInItsUserRoom() throws Exception {
        try (SioClient phone = SioClient.connect(base(), "dana", Mode.WEBSOCKET);
                SioClient laptop = SioClient.connect(base(), "dana", Mode.POLLING)) {
            for (SioClient device : List.of(phone, laptop)) {
                io.parley.edge.socketio.Socket socket = ServerView.socket(servers, "/", device.id()).orElseThrow();
                assertTrue(socket.inRoom("user:dana"), "rooms of " + device.id() + ": " + socket.rooms());
            }
            assertEquals(2, servers.socketIo().of("/").adapter().roomSize("user:dana"));
        }
    }

    // ---- rooms and messages ----

    @Test
    void joinAndLeaveAreAcknowledged() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET)) {
            JSONObject joined = alice.request("room:join", json("roomId", room));
            assertOk(joined);
            assertEquals(room, joined.getString("roomId"));
            assertOk(alice.request("room:join", json("roomId", room))); // joining twice is fine

            JSONObject left = alice.request("room:leave", json("roomId", room));
            assertOk(left);
            assertError("NOT_A_MEMBER", alice.send(room, "after leaving", null));
            assertOk(alice.request("room:leave", json("roomId", room))); // leaving twice too
        }
    }

    @Test
    void messageGoesToEveryoneInTheRoomIncludingTheSenderAndNobodyElse() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(base(), "bob", Mode.POLLING);
                SioClient carol = SioClient.connect(base(), "carol", Mode.WEBSOCKET)) {
            alice.join(room);
            bob.join(room);
            carol.join(room()); // in another room

            long before = System.currentTimeMillis();
            JSONObject ack = alice.send(room, "hello bob", "client-1");
            long after = System.currentTimeMillis();
            assertOk(ack);
            UUID id = UUID.fromString(ack.getString("id"));
            assertEquals(7, id.version(), "message ids are UUIDv7");
            long ts = ack.getLong("ts");
            assertTrue(ts >= before && ts <= after, "ts " + ts + " not in [" + before + ", " + after + "]");

            for (SioClient member : List.of(alice, bob)) {
                JSONObject message = member.awaitReceived("message:new", 1).get(0).json();
                assertEquals(ack.getString("id"), message.getString("id"));
                assertEquals(room, message.getString("roomId"));
                assertEquals("alice", message.getString("senderId"));
                assertEquals("hello bob", message.getString("body"));
                assertEquals("client-1", message.getString("clientMsgId"));
                assertEquals(ts, message.getLong("ts"));
            }
            carol.barrier();
            bob.barrier();
            alice.barrier();
            assertTrue(carol.received("message:new").isEmpty(), "carol is not in the room: " + carol.received("message:new"));
            assertEquals(1, bob.received("message:new").size());
            assertEquals(1, alice.received("message:new").size());
        }
    }

    @Test
    void messageWithoutClientMsgIdHasNullClientMsgId() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET)) {
            alice.join(room);
            assertOk(alice.request("message:send", json("roomId", room, "body", "no client id")));
            JSONObject message = alice.awaitReceived("message:new", 1).get(0).json();
            assertTrue(message.has("clientMsgId"), "clientMsgId is always present: " + message);
            assertTrue(message.isNull("clientMsgId"), message.toString());
        }
    }

    @Test
    void senderIdIsTheAuthenticatedUserNotWhatTheClientClaims() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET)) {
            alice.join(room);
            assertOk(alice.request("message:send", json("roomId", room, "body", "hi", "senderId", "mallory")));
            assertEquals("alice", alice.awaitReceived("message:new", 1).get(0).json().getString("senderId"));
        }
    }

    @Test
    void aUserReceivesOnEveryDeviceThatJoined() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET);
                SioClient phone = SioClient.connect(base(), "bob", Mode.WEBSOCKET);
                SioClient laptop = SioClient.connect(base(), "bob", Mode.POLLING)) {
            alice.join(room);
            phone.join(room);
            laptop.join(room);
            assertOk(alice.send(room, "to both devices", null));
            assertEquals("to both devices", phone.awaitReceived("message:new", 1).get(0).json().getString("body"));
            assertEquals("to both devices", laptop.awaitReceived("message:new", 1).get(0).json().getString("body"));
        }
    }

    @Test
    void typingGoesToTheOthersInTheRoomOnly() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(base(), "bob", Mode.WEBSOCKET);
                SioClient carol = SioClient.connect(base(), "carol", Mode.WEBSOCKET)) {
            alice.join(room);
            bob.join(room);

            assertOk(alice.request("typing", json("roomId", room, "typing", true)));
            JSONObject typing = bob.awaitReceived("typing", 1).get(0).json();
            assertEquals(room, typing.getString("roomId"));
            assertEquals("alice", typing.getString("userId"));
            assertTrue(typing.getBoolean("typing"));

            assertOk(alice.request("typing", json("roomId", room, "typing", false)));
            assertFalse(bob.awaitReceived("typing", 2).get(1).json().getBoolean("typing"));

            alice.barrier();
            carol.barrier();
            assertTrue(alice.received("typing").isEmpty(), "the typist does not get its own typing event");
            assertTrue(carol.received("typing").isEmpty(), "carol is not in the room");
        }
    }

    // ---- errors ----

    @Test
    void badPayloadsAreBadRequest() throws Exception {
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET)) {
            assertError("BAD_REQUEST", (JSONObject) alice.emitWithAck("room:join")[0]);
            assertError("BAD_REQUEST", alice.request("room:join", "general"));
            assertError("BAD_REQUEST", alice.request("room:join", json("roomId", "has space")));
            assertError("BAD_REQUEST", alice.request("room:join", json("roomId", 42)));
            assertError("BAD_REQUEST", alice.request("room:join", json("roomId", "r".repeat(129))));
            assertError("BAD_REQUEST", alice.request("room:leave", json()));
            String room = room();
            alice.join(room);
            assertError("BAD_REQUEST", alice.request("message:send", json("roomId", room)));
            assertError("BAD_REQUEST", alice.request("message:send", json("roomId", room, "body", " ")));
            assertError("BAD_REQUEST", alice.request("message:send", json("roomId", room, "body", 42)));
            assertError("BAD_REQUEST", alice.request("message:send",
                    json("roomId", room, "body", "hi", "clientMsgId", "c".repeat(65))));
            assertError("BAD_REQUEST", alice.request("typing", json("roomId", room, "typing", "yes")));
            assertConnectionSurvived(alice);
        }
    }

    @Test
    void userRoomsAreForbidden() throws Exception {
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(base(), "bob", Mode.WEBSOCKET)) {
            assertError("FORBIDDEN", alice.request("room:join", json("roomId", "user:bob")));
            assertError("FORBIDDEN", alice.request("room:join", json("roomId", "user:alice")));
            assertError("FORBIDDEN", alice.send("user:bob", "psst", null));
            assertError("FORBIDDEN", alice.request("typing", json("roomId", "user:bob", "typing", true)));
            assertError("FORBIDDEN", alice.request("room:leave", json("roomId", "user:alice")));
            bob.barrier();
            assertTrue(bob.received("message:new").isEmpty());
            // alice is still in her own user room
            assertTrue(ServerView.socket(servers, "/", alice.id()).orElseThrow().inRoom("user:alice"));
            assertConnectionSurvived(alice);
        }
    }

    @Test
    void sendingOrTypingWithoutJoiningIsNotAMember() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(base(), "bob", Mode.WEBSOCKET)) {
            bob.join(room);
            assertError("NOT_A_MEMBER", alice.send(room, "let me in", null));
            assertError("NOT_A_MEMBER", alice.request("typing", json("roomId", room, "typing", true)));
            bob.barrier();
            assertTrue(bob.received("message:new").isEmpty(), "a refused message was delivered");
            assertTrue(bob.received("typing").isEmpty(), "a refused typing event was delivered");
            assertConnectionSurvived(alice);
        }
    }

    @Test
    void bodyLongerThan4000CharactersIsTooLarge() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.POLLING)) {
            alice.join(room);
            assertOk(alice.send(room, "x".repeat(4000), null));
            assertError("TOO_LARGE", alice.send(room, "x".repeat(4001), null));
            alice.barrier();
            assertEquals(1, alice.received("message:new").size());
            assertConnectionSurvived(alice);
        }
    }

    @Test
    void unknownEventWithAckIsUnknownEvent() throws Exception {
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET)) {
            assertError("UNKNOWN_EVENT", alice.request("message:delete", json("id", "x")));
            alice.socket().emit("no:ack:wanted", "x"); // no ack: nothing comes back, nothing breaks
            assertConnectionSurvived(alice);
        }
    }

    @Test
    void sendingFasterThanTheBurstIsRateLimited() throws Exception {
        String room = room();
        try (SioClient alice = SioClient.connect(base(), "alice", Mode.WEBSOCKET);
                SioClient otherSocket = SioClient.connect(base(), "alice", Mode.WEBSOCKET)) {
            alice.join(room);
            otherSocket.join(room);
            List<CompletableFuture<JSONObject>> acks = new ArrayList<>();
            for (int i = 0; i < 100; i++) { // the default burst is 40, refilled at 20/s
                acks.add(alice.requestAsync("message:send", json("roomId", room, "body", "spam " + i)));
            }
            int ok = 0;
            JSONObject limited = null;
            for (CompletableFuture<JSONObject> ack : acks) {
                JSONObject reply = ack.get(SioClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (reply.optBoolean("ok")) {
                    ok++;
                } else {
                    limited = reply;
                }
            }
            assertTrue(ok >= 40 && ok < 100, ok + " of 100 sends accepted");
            JSONObject error = assertError("RATE_LIMITED", limited);
            long retryAfter = error.getLong("retryAfterMs");
            assertTrue(retryAfter > 0 && retryAfter <= 50, "retryAfterMs " + retryAfter + " at 20 sends/s");

            // only accepted messages were broadcast
            otherSocket.awaitReceived("message:new", ok);
            otherSocket.barrier();
            assertEquals(ok, otherSocket.received("message:new").size());
            // the limit is per socket: alice's other socket may still send
            assertOk(otherSocket.send(room, "from my other tab", null));
            assertConnectionSurvived(alice);
        }
    }

    /** An application error never closes the connection: the client is still connected and can chat. */
    static void assertConnectionSurvived(SioClient client) throws Exception {
        assertTrue(client.socket().connected(), "disconnected: " + client.disconnectReason());
        assertNull(client.disconnectReason());
        String room = "alive-" + UUID.randomUUID();
        client.join(room);
        int before = client.received("message:new").size();
        assertOk(client.send(room, "still here", null));
        List<Received> got = client.awaitReceived("message:new", before + 1);
        assertEquals("still here", got.get(got.size() - 1).json().getString("body"));
    }
}
