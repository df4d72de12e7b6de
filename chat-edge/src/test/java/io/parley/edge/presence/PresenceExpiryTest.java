package io.parley.edge.presence;

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
import io.parley.edge.presence.PresenceStore.UserEntry;
import io.parley.edge.support.ChatClient;
import io.parley.edge.support.RedisKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A node that dies stops refreshing; its liveness key really expires in Redis after the TTL, and
 * this node's sweep announces its users offline. The dead node is a second {@link PresenceStore}
 * with its own node id in the same Redis, driven by the test and then abandoned.
 */
@QuarkusTest
@TestProfile(PresenceExpiryTest.ShortTtl.class)
class PresenceExpiryTest {

    /**
     * Presence entries live 2 s (refreshed every ~0.67 s), under a key prefix of this test's own:
     * the nodes, users and sweep lock that earlier test applications left in the shared test Redis
     * (each with the default 30 s TTL) are not this test's business, and sweeping them first made the
     * ghost's sweep late in full runs.
     */
    public static class ShortTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.cluster.presence-ttl", "2s",
                    "parley.cluster.key-prefix", "expiry-test-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        }
    }

    private static final Duration TTL = Duration.ofSeconds(2);

    @TestHTTPResource("/")
    URI server;

    @Inject
    ClusterNode node;

    @Test
    void theUsersOfANodeThatStopsRefreshingGoOfflineAfterTheTtl() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String room = "expiry-" + run;
        String ghostUser = "ghost-user-" + run;
        String watcherUser = "watcher-" + run;
        RedisKeys redis = new RedisKeys(node);
        PresenceStore ghost = new PresenceStore(node.broker(), node.key(""), "ghost-" + run, TTL, 3,
                Duration.ofSeconds(3));

        try (ChatClient watcher = ChatClient.connect(server, watcherUser)) {
            watcher.join(room);

            // the other node: alive, with one user in the room, refreshed once and then never again
            ghost.refresh(List.of()).await().atMost(Duration.ofSeconds(5));
            assertTrue(ghost.connect(ghostUser, "ghost-socket-" + run, System.currentTimeMillis())
                    .await().atMost(Duration.ofSeconds(5)));
            assertTrue(ghost.join(ghostUser, "ghost-socket-" + run, room, List.of(room))
                    .await().atMost(Duration.ofSeconds(5)));
            ghost.refresh(List.of(new UserEntry(ghostUser, List.of(room), List.of("ghost-socket-" + run))))
                    .await().atMost(Duration.ofSeconds(5));
            long lastRefresh = System.nanoTime();
            long pttl = redis.pttl(ghost.nodeKey(ghost.nodeId()));
            assertTrue(pttl > 0 && pttl <= TTL.toMillis(), "the node key expires with the TTL, was " + pttl);
            assertEquals(List.of(ghostUser, watcherUser), memberIds(watcher.members(room)));

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> watcher.presenceOf(room, ghostUser).equals(List.of("offline/node-down")));
            long afterMs = (System.nanoTime() - lastRefresh) / 1_000_000;
            assertTrue(afterMs >= pttl, "swept only once the key had expired (" + afterMs + " ms)");

            assertFalse(redis.exists(ghost.nodeKey(ghost.nodeId())), "the dead node's key expired");
            assertEquals(List.of(watcherUser), memberIds(watcher.members(room)),
                    "the dead node's user is gone, this node's own user (refreshed) is still there");
            assertFalse(redis.hash(ghost.userKey(ghostUser)).containsKey(ghost.nodeId()));
            assertFalse(redis.exists(ghost.nodeUsersKey(ghost.nodeId())), "the sweep cleaned up the node");
            // this node kept refreshing: its own liveness key is there after several TTLs
            assertTrue(redis.exists(ghost.nodeKey(node.nodeId())));
        }
    }
}
