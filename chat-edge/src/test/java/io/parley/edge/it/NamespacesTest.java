package io.parley.edge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.TextNode;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.parley.edge.it.SioClient.Mode;
import io.parley.edge.socketio.Namespace;
import io.parley.edge.socketio.Socket;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;

/**
 * Socket.IO features through the test-only {@code /test} namespace: several namespaces on one
 * connection, acks in both directions, binary in both directions and in acks, unknown namespaces.
 */
@QuarkusTest
class NamespacesTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    EdgeServers servers;

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = { "POLLING", "WEBSOCKET" })
    void twoNamespacesShareOneConnection(Mode mode) throws Exception {
        IO.Options chatOptions = SioClient.options(mode, Map.of("userId", "alice"));
        Manager manager = new Manager(url.toURI(), chatOptions);
        try (SioClient chat = SioClient.start(manager, "/", chatOptions).awaitConnected();
                SioClient test = SioClient.start(manager, TestNamespace.NAME, SioClient.options(mode, null))
                        .awaitConnected()) {
            String chatSession = ServerView.socket(servers, "/", chat.id()).orElseThrow().sessionId();
            String testSession = ServerView.socket(servers, TestNamespace.NAME, test.id()).orElseThrow().sessionId();
            assertEquals(chatSession, testSession, "both namespaces on one Engine.IO session");
            assertEquals(chatSession, test.emitWithAck("whoami")[0]);
            assertFalse(chat.id().equals(test.id()), "each namespace has its own socket id");

            // events stay in their namespace
            test.emitWithAck("echo", "only on /test");
            SioClient.assertOk(chat.request("room:join", SioClient.json("roomId", "ns-room")));
            chat.barrier();
            assertEquals(1, test.received("echo").size());
            assertTrue(chat.received("echo").isEmpty(), "echo leaked to the main namespace");

            // the chat namespace still answers unknown events with its own error, /test does not know them
            SioClient.assertError("UNKNOWN_EVENT", chat.request("echo", "x"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = { "POLLING", "WEBSOCKET" })
    void clientToServerAckCarriesArguments(Mode mode) throws Exception {
        try (SioClient test = SioClient.start(url.toURI(), TestNamespace.NAME, null, mode, new AtomicReference<>())
                .awaitConnected()) {
            Object[] reply = test.emitWithAck("echo", "text", 42, SioClient.json("nested", new JSONArray("[1,2]")));
            assertEquals(3, reply.length);
            assertEquals("text", reply[0]);
            assertEquals(42, reply[1]);
            assertEquals("[1,2]", ((JSONObject) reply[2]).getJSONArray("nested").toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = { "POLLING", "WEBSOCKET" })
    void serverToClientAck(Mode mode) throws Exception {
        try (SioClient test = SioClient.start(url.toURI(), TestNamespace.NAME, null, mode, new AtomicReference<>())
                .awaitConnected()) {
            test.socket().on("question", args -> {
                JSONObject question = (JSONObject) args[0];
                Ack ack = (Ack) args[args.length - 1];
                ack.call(SioClient.json("a", question.optInt("q") * 2));
            });
            Object[] reply = test.emitWithAck("ask", SioClient.json("q", 21));
            JSONObject result = (JSONObject) reply[0];
            assertTrue(result.has("answer"), "server did not get the client's ack: " + result);
            assertEquals(42, result.getJSONArray("answer").getJSONObject(0).getInt("a"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = { "POLLING", "WEBSOCKET" })
    void binaryTravelsBothWaysAndInAcks(Mode mode) throws Exception {
        byte[] first = { 0, 1, 2, (byte) 0xfe, (byte) 0xff };
        byte[] second = "second attachment \u00e9".getBytes(StandardCharsets.UTF_8);
        try (SioClient test = SioClient.start(url.toURI(), TestNamespace.NAME, null, mode, new AtomicReference<>())
                .awaitConnected()) {
            JSONObject file = SioClient.json("name", "photo.bin", "content", second);
            Object[] ack = test.emitWithAck("echo", first, file, "caption");

            // the ack carries the binary back
            assertEquals(3, ack.length);
            assertArrayEquals(first, (byte[]) ack[0]);
            assertEquals("photo.bin", ((JSONObject) ack[1]).getString("name"));
            assertArrayEquals(second, (byte[]) ((JSONObject) ack[1]).get("content"));
            assertEquals("caption", ack[2]);

            // and so does the event the server emitted
            Object[] echoed = test.awaitReceived("echo", 1).get(0).args();
            assertArrayEquals(first, (byte[]) echoed[0]);
            assertArrayEquals(second, (byte[]) ((JSONObject) echoed[1]).get("content"));
            assertEquals("caption", echoed[2]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = { "POLLING", "WEBSOCKET" })
    void clientAckWithBinaryReachesTheServer(Mode mode) throws Exception {
        byte[] payload = { 7, 7, 7, 0, (byte) 0x80 };
        try (SioClient test = SioClient.start(url.toURI(), TestNamespace.NAME, null, mode, new AtomicReference<>())
                .awaitConnected()) {
            test.socket().on("question", args -> ((Ack) args[args.length - 1]).call(payload));
            JSONObject result = (JSONObject) test.emitWithAck("ask", "send me bytes")[0];
            // the server put the client's binary ack into its own (binary) ack
            assertArrayEquals(payload, (byte[]) result.getJSONArray("answer").get(0));
        }
    }

    @Test
    void theConnectAuthPayloadIsNotKeptOnceTheSocketIsConnected() throws Exception {
        try (SioClient alice = SioClient.start(url.toURI(), "/", Map.of("userId", "alice", "displayName", "Alice"),
                Mode.WEBSOCKET, new AtomicReference<>()).awaitConnected()) {
            Socket socket = ServerView.socket(servers, "/", alice.id()).orElseThrow();
            assertEquals("alice", socket.userId(), "the identity read from the payload stays");
            assertEquals(0, socket.auth().size(), "the payload itself is let go");
            SioClient.assertOk(alice.request("room:join", SioClient.json("roomId", "auth-gone")));
        }
    }

    @Test
    void everySocketIsInTheRoomNamedByItsIdAndOthersMayJoinIt() throws Exception {
        Namespace ns = servers.socketIo().of(TestNamespace.NAME);
        String bobId;
        String carolId;
        try (SioClient bob = SioClient.start(url.toURI(), TestNamespace.NAME, null, Mode.WEBSOCKET,
                new AtomicReference<>()).awaitConnected();
                SioClient carol = SioClient.start(url.toURI(), TestNamespace.NAME, null, Mode.POLLING,
                        new AtomicReference<>()).awaitConnected()) {
            bobId = bob.id();
            carolId = carol.id();
            Socket bobs = ns.socket(bobId);
            Socket carols = ns.socket(carolId);
            assertEquals(Set.of(bob.id()), bobs.rooms());
            assertTrue(bobs.inRoom(bob.id()));
            assertEquals(1, bobs.roomCount());
            assertEquals(1, ns.adapter().roomSize(bob.id()));
            assertTrue(ns.adapter().rooms().containsAll(Set.of(bob.id(), carol.id())), ns.adapter().rooms().toString());

            assertEquals(1, ns.to(bob.id()).emit("told", TextNode.valueOf("bob only")));
            bob.awaitReceived("told", 1);
            carol.emitWithAck("echo", "sync");
            assertTrue(carol.received("told").isEmpty(), "an emit to bob's room reached carol");

            // carol joins bob's room: emits to it reach both, and except(bob's room) leaves both out
            carols.join(bob.id()).await().atMost(SioClient.TIMEOUT);
            assertEquals(2, ns.adapter().roomSize(bob.id()));
            assertEquals(Set.of(bob.id(), carol.id()), ns.adapter().socketIds(Set.of(bob.id())));
            assertEquals(Set.of(bob.id(), carol.id()), carols.rooms());
            assertEquals(2, ns.to(bob.id()).emit("told", TextNode.valueOf("both")));
            bob.awaitReceived("told", 2);
            carol.awaitReceived("told", 1);
            assertEquals(0, ns.all().except(bob.id()).emit("told", TextNode.valueOf("nobody")));

            // bob leaves his own room: it lives on with carol in it
            bobs.leave(bob.id());
            assertFalse(bobs.inRoom(bob.id()));
            assertEquals(Set.of(), bobs.rooms());
            assertEquals(1, ns.adapter().roomSize(bob.id()));
            assertEquals(1, ns.to(bob.id()).emit("told", TextNode.valueOf("carol only")));
            carol.awaitReceived("told", 2);
            bob.emitWithAck("echo", "sync");
            assertEquals(2, bob.received("told").size(), "bob left his room but still got its emit");

            // carol leaves it too: the room is gone
            carols.leave(bob.id());
            assertEquals(0, ns.adapter().roomSize(bob.id()));
            assertFalse(ns.adapter().rooms().contains(bob.id()));
            assertEquals(0, ns.to(bob.id()).emit("told", TextNode.valueOf("nobody")));
        }
        // closed sockets leave their own rooms
        await().atMost(SioClient.TIMEOUT).until(() -> !ns.adapter().rooms().contains(bobId)
                && !ns.adapter().rooms().contains(carolId) && ns.adapter().roomSize(carolId) == 0);
    }

    @Test
    void unknownNamespaceIsRefusedWithInvalidNamespace() throws Exception {
        try (SioClient nowhere = SioClient.start(url.toURI(), "/nowhere", Map.of("userId", "alice"), Mode.WEBSOCKET,
                new AtomicReference<>())) {
            org.awaitility.Awaitility.await().atMost(SioClient.TIMEOUT).until(() -> nowhere.connectError() != null);
            JSONObject error = assertInstanceOf(JSONObject.class, nowhere.connectError());
            assertEquals("Invalid namespace", error.getString("message"));
            assertFalse(nowhere.socket().connected());
        }
    }

    @Test
    void unknownNamespaceDoesNotDisturbOtherNamespacesOnTheConnection() throws Exception {
        IO.Options options = SioClient.options(Mode.WEBSOCKET, Map.of("userId", "alice"));
        Manager manager = new Manager(url.toURI(), options);
        try (SioClient chat = SioClient.start(manager, "/", options).awaitConnected();
                SioClient nowhere = SioClient.start(manager, "/nowhere", options)) {
            org.awaitility.Awaitility.await().atMost(SioClient.TIMEOUT).until(() -> nowhere.connectError() != null);
            assertTrue(chat.socket().connected());
            chat.join("still-here");
        }
    }
}
