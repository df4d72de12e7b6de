package io.parley.edge.presence;

import static io.parley.edge.support.ChatClient.errorCode;
import static io.parley.edge.support.ChatClient.memberIds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.support.ChatClient;
import io.parley.edge.support.RedisKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Presence as users see it: presence events in a room, room:members, and the sessions in Redis. */
@QuarkusTest
class PresenceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI server;

    @Inject
    ClusterNode node;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aRoomSeesAUserComeOnlineWithItsFirstSocketAndGoOfflineWithItsLast() {
        String room = "presence-" + run;
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        try (ChatClient bobSocket = ChatClient.connect(server, bob)) {
            assertTrue(bobSocket.join(room).optBoolean("ok"));

            ChatClient alice1 = ChatClient.connect(server, alice);
            assertTrue(alice1.join(room).optBoolean("ok"));
            await().atMost(WAIT).until(() -> bobSocket.presenceOf(room, alice).equals(List.of("online/join")));
            assertEquals(List.of(alice, bob), memberIds(bobSocket.members(room)));

            // a second socket of the same user changes nothing for the room
            ChatClient alice2 = ChatClient.connect(server, alice);
            assertTrue(alice2.join(room).optBoolean("ok"));
            alice1.close();
            marker(bobSocket, room, "m1-" + run);
            assertEquals(List.of("online/join"), bobSocket.presenceOf(room, alice));
            assertEquals(List.of(alice, bob), memberIds(bobSocket.members(room)));

            // its last socket going offline does
            alice2.close();
            await().atMost(WAIT).until(() -> bobSocket.presenceOf(room, alice)
                    .equals(List.of("online/join", "offline/disconnect")));
            assertEquals(List.of(bob), memberIds(bobSocket.members(room)));
            assertFalse(new RedisKeys(node).exists(node.key(PresenceStore.HASH_TAG + ":user:" + alice)),
                    "an offline user leaves no presence hash behind");
        }
    }

    @Test
    void leavingARoomTakesTheUserOutOfItsMembersWhileItStaysOnline() {
        String room = "leave-" + run;
        String carol = "carol-" + run;
        String dave = "dave-" + run;
        try (ChatClient carolSocket = ChatClient.connect(server, carol);
                ChatClient daveSocket = ChatClient.connect(server, dave)) {
            carolSocket.join(room);
            daveSocket.join(room);
            await().atMost(WAIT).until(() -> carolSocket.presenceOf(room, dave).equals(List.of("online/join")));

            assertTrue(daveSocket.leave(room).optBoolean("ok"));
            await().atMost(WAIT).until(() -> carolSocket.presenceOf(room, dave)
                    .equals(List.of("online/join", "offline/leave")));
            assertEquals(List.of(carol), memberIds(carolSocket.members(room)));
            assertEquals("NOT_A_MEMBER", errorCode(daveSocket.members(room)));
            assertTrue(new RedisKeys(node).hash(node.key(PresenceStore.HASH_TAG + ":user:" + dave)).containsKey(node.nodeId()),
                    "dave is still online on this node");
        }
    }

    @Test
    void theSessionOfASocketIsInRedisWithItsRoomsUntilItDisconnects() {
        String user = "erin-" + run;
        RedisKeys redis = new RedisKeys(node);
        ChatClient erin = ChatClient.connect(server, user);
        String key = node.key(PresenceStore.HASH_TAG + ":session:" + erin.id());
        erin.join("s1-" + run);
        erin.join("s2-" + run);
        Map<String, String> session = redis.hash(key);
        assertEquals(user, session.get("userId"));
        assertEquals(node.nodeId(), session.get("nodeId"));
        assertEquals("s1-" + run + ",s2-" + run, session.get("rooms"));
        assertTrue(Long.parseLong(session.get("connectedAt")) > 0);
        assertTrue(redis.pttl(key) > 0, "a session expires unless refreshed");

        erin.leave("s1-" + run);
        assertEquals("s2-" + run, redis.hash(key).get("rooms"));

        erin.close();
        await().atMost(WAIT).until(() -> !redis.exists(key));
    }

    /**
     * Later events in the same room (a probe user comes and goes): whatever was emitted before them
     * has arrived once they have.
     */
    private void marker(ChatClient watcher, String room, String userId) {
        try (ChatClient probe = ChatClient.connect(server, userId)) {
            probe.join(room);
            await().atMost(WAIT).until(() -> watcher.presenceOf(room, userId).contains("online/join"));
        }
        await().atMost(WAIT).until(() -> watcher.presenceOf(room, userId)
                .equals(List.of("online/join", "offline/disconnect")));
    }
}
