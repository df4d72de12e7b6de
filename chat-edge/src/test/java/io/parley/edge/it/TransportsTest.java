package io.parley.edge.it;

import static io.parley.edge.it.SioClient.assertOk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.parley.edge.it.SioClient.Mode;
import io.parley.edge.it.SioClient.Received;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.engineio.client.Transport;

/**
 * The real Java socket.io-client on each transport: HTTP long-polling only, WebSocket only, and the
 * default polling-then-WebSocket upgrade. Chat works on each, and messages arrive once, in order.
 */
@QuarkusTest
class TransportsTest {

    private static final int MESSAGES = 30; // below the send burst (40)

    @TestHTTPResource("/")
    URL url;

    @Inject
    EdgeServers servers;

    private URI base() throws Exception {
        return url.toURI();
    }

    @Test
    void pollingOnlyClientStaysOnPolling() throws Exception {
        AtomicReference<String> transport = new AtomicReference<>();
        try (SioClient alice = SioClient.start(base(), "/", Map.of("userId", "alice"), Mode.POLLING, transport)
                .awaitConnected()) {
            assertOk(alice.request("room:join", SioClient.json("roomId", "poll-room")));
            assertEquals("polling", transport.get());
            assertEquals("polling", ServerView.transportOf(servers, alice.id()));
        }
    }

    @Test
    void webSocketOnlyClientUsesWebSocketFromTheStart() throws Exception {
        AtomicReference<String> transport = new AtomicReference<>();
        try (SioClient alice = SioClient.start(base(), "/", Map.of("userId", "alice"), Mode.WEBSOCKET, transport)
                .awaitConnected()) {
            assertEquals("websocket", transport.get());
            assertEquals("websocket", ServerView.transportOf(servers, alice.id()));
        }
    }

    @Test
    void defaultClientUpgradesFromPollingToWebSocket() throws Exception {
        List<String> transports = new CopyOnWriteArrayList<>();
        long upgradesBefore = servers.socketIoEngine().stats().upgrades();
        IO.Options options = SioClient.options(Mode.UPGRADE, Map.of("userId", "alice"));
        Manager manager = new Manager(base(), options);
        manager.on(Manager.EVENT_TRANSPORT, args -> transports.add(((Transport) args[0]).name));
        try (SioClient alice = SioClient.start(manager, "/", options).awaitConnected()) {
            await().atMost(SioClient.TIMEOUT).until(() -> transports.contains("websocket"));
            assertEquals(List.of("polling", "websocket"), transports, "transports the client used, in order");
            await().atMost(SioClient.TIMEOUT)
                    .until(() -> "websocket".equals(ServerView.transportOf(servers, alice.id())));
            assertTrue(servers.socketIoEngine().stats().upgrades() > upgradesBefore, "upgrades counted");
            // still chatting after the upgrade, on the same socket
            alice.join("upgraded-room");
            // a clientMsgId of its own: a Redis kept from an earlier run still knows "c1" and would dedupe the send
            assertOk(alice.send("upgraded-room", "after upgrade", "upgrade-" + UUID.randomUUID()));
            assertEquals("after upgrade", alice.awaitReceived("message:new", 1).get(0).json().getString("body"));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void messagesArriveExactlyOnceInOrder(Mode mode) throws Exception {
        String room = "order-" + mode + "-" + UUID.randomUUID();
        // a sender of its own per mode: the cluster-wide per-user send limit (burst 60, 30/s) is shared by
        // every socket of a user, and the three modes' 90 back-to-back sends can come within a second
        try (SioClient alice = SioClient.connect(base(), "alice-" + mode, mode);
                SioClient bob = SioClient.connect(base(), "bob-" + mode, mode)) {
            alice.join(room);
            bob.join(room);

            // sent back to back without waiting for acks; in UPGRADE mode this spans the upgrade
            List<CompletableFuture<JSONObject>> acks = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                acks.add(alice.requestAsync("message:send",
                        SioClient.json("roomId", room, "body", "message " + i, "clientMsgId", "m" + i)));
            }
            List<String> ackedIds = new ArrayList<>();
            for (CompletableFuture<JSONObject> ack : acks) {
                JSONObject reply = ack.get(SioClient.TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                assertOk(reply);
                ackedIds.add(reply.getString("id"));
            }

            for (SioClient reader : List.of(alice, bob)) {
                reader.awaitReceived("message:new", MESSAGES);
                reader.barrier(); // anything duplicated would have arrived by now
                List<Received> got = reader.received("message:new");
                assertEquals(MESSAGES, got.size(), "message:new events at " + mode);
                for (int i = 0; i < MESSAGES; i++) {
                    JSONObject m = got.get(i).json();
                    assertEquals("message " + i, m.getString("body"));
                    assertEquals("m" + i, m.getString("clientMsgId"));
                    assertEquals(ackedIds.get(i), m.getString("id"));
                }
            }
            // ids sort like the messages (UUIDv7)
            List<String> sorted = new ArrayList<>(ackedIds);
            java.util.Collections.sort(sorted);
            assertEquals(ackedIds, sorted);
        }
    }
}
