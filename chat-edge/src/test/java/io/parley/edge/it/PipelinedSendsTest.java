package io.parley.edge.it;

import static io.parley.edge.it.SioClient.assertError;
import static io.parley.edge.it.SioClient.assertOk;
import static io.parley.edge.it.SioClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.it.SioClient.Mode;
import io.parley.edge.support.RedisKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Sends that a client fires without waiting for their acks: the edge takes each socket's sends to
 * Redis in batches (one script call per event-loop pass), and the room's numbering, the order of
 * delivery and the dedup of resends hold for them as for sends one at a time.
 */
@QuarkusTest
class PipelinedSendsTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    ClusterNode node;

    @Test
    void pipelinedSendsAreNumberedAndDeliveredInTheOrderSent() throws Exception {
        String room = "room-" + UUID.randomUUID();
        try (SioClient alice = SioClient.connect(url.toURI(), "alice", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(url.toURI(), "bob", Mode.WEBSOCKET)) {
            alice.join(room);
            bob.join(room);
            List<CompletableFuture<JSONObject>> acks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                acks.add(alice.requestAsync("message:send", json("roomId", room, "body", "m" + i, "clientMsgId", "p" + i)));
            }
            long previous = 0;
            for (CompletableFuture<JSONObject> ack : acks) {
                JSONObject reply = ack.get(SioClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertOk(reply);
                assertEquals(previous + 1, reply.getLong("seq"), "seqs follow the send order: " + reply);
                previous = reply.getLong("seq");
            }
            List<SioClient.Received> received = bob.awaitReceived("message:new", 20);
            for (int i = 0; i < 20; i++) {
                JSONObject message = received.get(i).json();
                assertEquals("m" + i, message.getString("body"));
                assertEquals(i + 1, message.getLong("seq"));
            }
        }
    }

    @Test
    void aResendFiredBeforeTheFirstIsAnsweredIsNotDeliveredTwice() throws Exception {
        String room = "room-" + UUID.randomUUID();
        try (SioClient alice = SioClient.connect(url.toURI(), "alice", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(url.toURI(), "bob", Mode.WEBSOCKET)) {
            alice.join(room);
            bob.join(room);
            CompletableFuture<JSONObject> first = alice.requestAsync("message:send",
                    json("roomId", room, "body", "once", "clientMsgId", "same"));
            CompletableFuture<JSONObject> again = alice.requestAsync("message:send",
                    json("roomId", room, "body", "once", "clientMsgId", "same"));
            JSONObject firstAck = first.get(SioClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            JSONObject againAck = again.get(SioClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertOk(firstAck);
            if (againAck.getBoolean("ok")) {
                assertTrue(againAck.getBoolean("duplicate"), againAck.toString());
                assertEquals(firstAck.getString("id"), againAck.getString("id"));
            } else {
                assertError("UNAVAILABLE", againAck);
            }
            // a later resend gets the first one's outcome
            JSONObject later = alice.send(room, "once", "same");
            assertTrue(later.getBoolean("duplicate"), later.toString());
            assertEquals(firstAck.getLong("seq"), later.getLong("seq"));
            bob.barrier();
            assertEquals(1, bob.received("message:new").size(), "delivered once: " + bob.received("message:new"));
        }
    }

    @Test
    void sendsGoOnAfterRedisForgotTheScript() throws Exception {
        String room = "room-" + UUID.randomUUID();
        try (SioClient alice = SioClient.connect(url.toURI(), "alice", Mode.WEBSOCKET)) {
            alice.join(room);
            assertOk(alice.send(room, "before", "f1"));
            // an operator's SCRIPT FLUSH (or a Redis that restarted while the connection stayed)
            new RedisKeys(node).send(Request.cmd(Command.SCRIPT).arg("FLUSH"));
            JSONObject ack = alice.send(room, "after", "f2");
            assertOk(ack);
            assertEquals(2, ack.getLong("seq"));
            assertEquals("after", alice.awaitReceived("message:new", 2).get(1).json().getString("body"));
        }
    }
}
