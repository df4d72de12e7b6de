package io.parley.edge.oidc;

import static io.parley.edge.it.SioClient.assertError;
import static io.parley.edge.it.SioClient.assertOk;
import static io.parley.edge.it.SioClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.it.SioClient;
import io.parley.edge.it.SioClient.Mode;
import io.parley.edge.security.RoomAccess;
import io.parley.edge.security.SecurityEvents;
import io.parley.edge.support.RedisKeys;
import io.parley.edge.support.Tokens;
import io.parley.events.ContractEvent;
import io.parley.events.MembershipEvent;
import io.parley.events.kafka.EventSerializer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Room authorization with real tokens: private groups (members only, mirrored in Redis, looked up in
 * chat-persister with the user's own token on a miss), direct conversations, and a member removed
 * by a membership event losing the room at once.
 */
@QuarkusTest
@TestProfile(OidcAccessTestProfile.class)
class OidcRoomAccessTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    ClusterNode node;

    @Inject
    RoomAccess access;

    @Inject
    SecurityEvents security;

    private static KafkaProducer<String, ContractEvent> producer;

    @BeforeAll
    static void startDouble() throws Exception {
        GroupsDouble.start();
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private SioClient connect(String user) throws Exception {
        IO.Options options = SioClient.options(Mode.WEBSOCKET, Map.of("token", Tokens.of(user)));
        Manager manager = SioClient.manager(url.toURI(), options, new java.util.concurrent.atomic.AtomicReference<>());
        return SioClient.start(manager, "/", options).awaitConnected();
    }

    private RedisKeys redis() {
        return new RedisKeys(node);
    }

    private boolean mirrored(String groupId, String user) {
        return redis().send(Request.cmd(Command.SISMEMBER).arg(access.membersKey(groupId)).arg(user)).toInteger() == 1;
    }

    private void publish(MembershipEvent event) throws Exception {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            producer = new KafkaProducer<>(props, new StringSerializer(), new EventSerializer());
        }
        producer.send(new ProducerRecord<>("membership-events", event.key(), event)).get();
    }

    private static MembershipEvent event(MembershipEvent.Type type, String groupId, String user) {
        return MembershipEvent.of(UUID.randomUUID().toString(), type, groupId, "grp:" + groupId, user,
                type == MembershipEvent.Type.MEMBER_ADDED ? "MEMBER" : null, "test", System.currentTimeMillis());
    }

    /** The node's membership consumer starts at the latest offset: wait until it demonstrably reads. */
    private void awaitMembershipConsumer() {
        String probe = UUID.randomUUID().toString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            publish(event(MembershipEvent.Type.MEMBER_ADDED, probe, "probe"));
            return mirrored(probe, "probe");
        });
    }

    @Test
    void directConversationsAreForTheirTwoUsersOnly() throws Exception {
        try (SioClient alice = connect("alice"); SioClient carol = connect("carol")) {
            assertOk(alice.join("dm:alice:bob"));
            assertError("FORBIDDEN", carol.request("room:join", json("roomId", "dm:alice:bob")));
            assertError("FORBIDDEN", alice.request("room:join", json("roomId", "dm:bob:alice")));
            assertError("FORBIDDEN", alice.request("room:join", json("roomId", "dm:alice:bob:x")));
            assertError("NOT_A_MEMBER", carol.send("dm:alice:bob", "let me in", null));
            // an open room is for anyone signed in
            String open = "open-" + UUID.randomUUID();
            assertOk(carol.join(open));
        }
    }

    @Test
    void privateGroupsAreForMembersAndTheLookupCarriesTheUsersToken() throws Exception {
        String groupId = UUID.randomUUID().toString();
        String room = "grp:" + groupId;
        GroupsDouble.GROUPS.put(groupId, new GroupsDouble.Group("PRIVATE", Set.of("alice", "dave")));
        double refusedBefore = security.count(SecurityEvents.Reason.JOIN_FORBIDDEN);
        try (SioClient alice = connect("alice"); SioClient bob = connect("bob")) {
            String bobToken = Tokens.of("bob");
            assertOk(alice.join(room));
            assertTrue(mirrored(groupId, "alice"), "a member found by lookup is mirrored");
            assertEquals("private", redis().send(Request.cmd(Command.GET).arg(access.visibilityKey(groupId))).toString());
            assertTrue(redis().pttl(access.membersKey(groupId)) > 0, "the mirror has a TTL");
            assertOk(alice.send(room, "members only", null));
            GroupsDouble.AUTHORIZATIONS.clear();
            assertOk(alice.request("room:history", json("roomId", room)));
            assertEquals(1, GroupsDouble.AUTHORIZATIONS.size());
            assertEquals("alice", Tokens.claims(GroupsDouble.AUTHORIZATIONS.get(0).substring("Bearer ".length()))
                    .path("sub").asText(), "history is read with alice's own token");

            GroupsDouble.AUTHORIZATIONS.clear();
            assertError("FORBIDDEN", bob.request("room:join", json("roomId", room)));
            assertEquals(1, GroupsDouble.AUTHORIZATIONS.size(), "one lookup for the miss");
            String sent = GroupsDouble.AUTHORIZATIONS.get(0);
            assertTrue(sent.startsWith("Bearer ") && Tokens.claims(sent.substring(7)).path("sub").asText().equals("bob"),
                    "the lookup carries bob's own token");
            assertTrue(security.count(SecurityEvents.Reason.JOIN_FORBIDDEN) > refusedBefore);
            assertError("NOT_A_MEMBER", bob.send(room, "hello?", null));
            assertError("NOT_A_MEMBER", bob.request("room:history", json("roomId", room)));
            assertTrue(bob.received("message:new").isEmpty(), "a non-member receives nothing");
            assertTrue(bobToken.length() > 0);

            // a cached private group and a known member: no lookup
            GroupsDouble.AUTHORIZATIONS.clear();
            try (SioClient alice2 = connect("alice")) {
                assertOk(alice2.join(room));
            }
            assertTrue(GroupsDouble.AUTHORIZATIONS.isEmpty(), "served from the Redis mirror");
        }
    }

    @Test
    void publicAndUnknownGroups() throws Exception {
        String publicId = UUID.randomUUID().toString();
        GroupsDouble.GROUPS.put(publicId, new GroupsDouble.Group("PUBLIC", Set.of("alice")));
        try (SioClient carol = connect("carol")) {
            assertOk(carol.join("grp:" + publicId));
            assertEquals("public", redis().send(Request.cmd(Command.GET).arg(access.visibilityKey(publicId))).toString());
            assertError("NOT_FOUND", carol.request("room:join", json("roomId", "grp:" + UUID.randomUUID())));
        }
    }

    @Test
    void aRemovedMemberLeavesTheRoomAndCannotComeBack() throws Exception {
        awaitMembershipConsumer();
        String groupId = UUID.randomUUID().toString();
        String room = "grp:" + groupId;
        java.util.Set<String> members = java.util.concurrent.ConcurrentHashMap.newKeySet();
        members.add("alice");
        members.add("dave");
        GroupsDouble.GROUPS.put(groupId, new GroupsDouble.Group("PRIVATE", members));
        try (SioClient alice = connect("alice"); SioClient dave = connect("dave")) {
            assertOk(alice.join(room));
            assertOk(dave.join(room));
            assertOk(alice.send(room, "before", null));
            dave.awaitReceived("message:new", 1);

            // chat-persister removes dave: the database changes, then the event goes out
            members.remove("dave");
            publish(event(MembershipEvent.Type.MEMBER_REMOVED, groupId, "dave"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !mirrored(groupId, "dave"));
            // the room is left on this node as the event is applied
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JSONObject ack = dave.send(room, "still here?", null);
                return ack.optJSONObject("error") != null
                        && "NOT_A_MEMBER".equals(ack.getJSONObject("error").getString("code"));
            });
            assertError("NOT_A_MEMBER", dave.request("room:history", json("roomId", room)));
            assertError("FORBIDDEN", dave.request("room:join", json("roomId", room)));
            assertOk(alice.send(room, "after", null));
            alice.awaitReceived("message:new", 2);
            dave.barrier();
            assertTrue(dave.received("message:new").stream().noneMatch(m -> m.json().optString("body").equals("after")),
                    "the removed member receives nothing more");

            // and MEMBER_ADDED puts a member in the mirror
            publish(event(MembershipEvent.Type.MEMBER_ADDED, groupId, "carol"));
            await().atMost(Duration.ofSeconds(20)).until(() -> mirrored(groupId, "carol"));
        }
    }
}
