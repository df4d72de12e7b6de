package io.parley.notifier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.events.ChatMessageEvent;
import io.parley.events.DlqHeaders;
import io.parley.events.Topics;
import io.parley.notifier.kafka.Channels;
import io.parley.notifier.receivers.Receivers;
import io.parley.notifier.receivers.ReceiversResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The whole path with real Kafka, PostgreSQL, Redis and Keycloak: membership events and chat
 * messages produced to Kafka, devices registered over the API with real tokens, pushes received by
 * the local provider receivers, which check what the real providers check.
 */
@QuarkusTest
@QuarkusTestResource(ReceiversResource.class)
class NotifierFlowTest {

    static KafkaProducer<String, byte[]> producer;
    static String adminToken;
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MeterRegistry registry;

    @Inject
    RedisDataSource redis;

    Receivers receivers = ReceiversResource.receivers();

    @BeforeAll
    static void setUp() throws Exception {
        TestStack.ensureTopics();
        producer = TestStack.producer();
        adminToken = TestStack.token("admin");
    }

    static volatile boolean assigned;

    @org.junit.jupiter.api.BeforeEach
    void consumerAssigned() throws Exception {
        if (!assigned) { // once, with the application (and so the REST port) up
            awaitConsumerAssigned();
            assigned = true;
        }
    }

    /**
     * The consumer group is new and starts at the latest offset: probe messages are sent until one
     * is pushed, so the consumer has its partitions before the tests send theirs.
     */
    static void awaitConsumerAssigned() throws Exception {
        Receivers receivers = ReceiversResource.receivers();
        String user = TestStack.unique("probe");
        String hook = TestStack.unique("probe-hook");
        io.restassured.RestAssured.given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("provider", "WEBHOOK", "token", hook)).post("/api/users/{u}/devices", user)
                .then().statusCode(201);
        List<String> rooms = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) { // rooms on every partition, very likely
            String room = "grp:" + TestStack.unique("probe");
            TestStack.addMember(producer, room, user);
            rooms.add(room);
        }
        long[] seq = { 0 };
        // one round of probes per poll until a push arrives (the condition sends them)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (!receivers.pushesTo(hook).isEmpty()) {
                return true;
            }
            for (String room : rooms) {
                TestStack.send(producer, TestStack.message(room, seq[0], "probe-sender", "probe"));
            }
            seq[0]++;
            return false;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> !receivers.pushesTo(hook).isEmpty());
    }

    @AfterAll
    static void tearDown() {
        producer.close();
    }

    @AfterEach
    void noProtocolViolations() {
        assertEquals(List.of(), receivers.violations, "the receivers found requests a real provider would refuse");
    }

    // ---- helpers ----

    double processed() {
        var c = registry.find("parley.notifier.messages").tag("outcome", "processed").counter();
        return c == null ? 0 : c.count();
    }

    /** Sends the messages and waits until the consumer has planned all of them. */
    void sendAndAwait(ChatMessageEvent... events) throws Exception {
        double before = processed();
        for (ChatMessageEvent e : events) {
            TestStack.send(producer, e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> processed() >= before + events.length);
    }

    String register(String user, Map<String, Object> body) {
        return given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(body)
                .post("/api/users/{u}/devices", user).then().statusCode(201).extract().path("id");
    }

    String webhook(String user, String recipient) {
        return register(user, Map.of("provider", "WEBHOOK", "token", recipient));
    }

    Receivers.Subscription webPush(String user, String id) {
        Receivers.Subscription s = receivers.subscribe(id);
        register(user, Map.of("provider", "WEBPUSH", "token", s.endpoint(),
                "keys", Map.of("p256dh", s.p256dh(), "auth", s.auth())));
        return s;
    }

    int deviceCount(String user) {
        return given().auth().oauth2(adminToken).get("/api/users/{u}/devices", user).then().statusCode(200)
                .extract().path("size()");
    }

    /** A room whose members the notifier knows (membership-events consumed and stored). */
    String room(String... members) throws Exception {
        String room = "grp:" + TestStack.unique("room");
        for (String m : members) {
            TestStack.addMember(producer, room, m);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> memberRows(room) == members.length);
        return room;
    }

    int memberRows(String room) throws Exception {
        try (Connection c = TestStack.jdbc();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notifier.room_member WHERE room_id = ?")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    String deliveryStatus(String messageId) throws Exception {
        try (Connection c = TestStack.jdbc();
                PreparedStatement ps = c.prepareStatement("SELECT string_agg(status, ',') FROM notifier.delivery WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    void online(String user) {
        String node = TestStack.unique("edge");
        redis.execute("SET", "parley:{presence}:node:" + node, "1", "PX", "120000");
        redis.execute("HSET", "parley:{presence}:user:" + user, node, "1");
    }

    // ---- tests ----

    @Test
    void offlineMembersGetOnePushPerDeviceAndTheSenderNone() throws Exception {
        String sender = TestStack.unique("s");
        String u1 = TestStack.unique("u1");
        String u2 = TestStack.unique("u2");
        String senderHook = TestStack.unique("hook-s");
        String u1Hook = TestStack.unique("hook-u1");
        webhook(sender, senderHook);
        webhook(u1, u1Hook);
        Receivers.Subscription sub = webPush(u2, TestStack.unique("wp-u2"));
        String room = room(sender, u1, u2);

        ChatMessageEvent m = TestStack.message(room, 1, sender, "hello there, this is the first message");
        sendAndAwait(m);

        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(u1Hook).size() == 1
                && receivers.pushesTo(sub.endpoint().substring(sub.endpoint().lastIndexOf('/') + 1)).size() == 1);
        JsonNode hook = receivers.pushesTo(u1Hook).get(0).notification();
        assertEquals(m.id(), hook.path("messageId").asText());
        assertEquals(room, hook.path("roomId").asText());
        assertEquals(sender, hook.path("senderId").asText());
        assertEquals("hello there, this is the first message", hook.path("preview").asText());
        assertEquals(1, hook.path("count").asLong());
        // the web push payload was decrypted by the receiver with the subscription's private key
        JsonNode wp = receivers.pushesTo(sub.endpoint().substring(sub.endpoint().lastIndexOf('/') + 1)).get(0)
                .notification();
        assertEquals(m.id(), wp.path("messageId").asText());
        assertEquals(1, wp.path("count").asLong());
        assertEquals(0, receivers.pushesTo(senderHook).size());
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED,DELIVERED".equals(deliveryStatus(m.id())));
    }

    @Test
    void onlineAndMutedMembersGetNoPushButOfflineOnesDo() throws Exception {
        String sender = TestStack.unique("s");
        String on = TestStack.unique("on");
        String off = TestStack.unique("off");
        String deadNode = TestStack.unique("dead-node-user");
        String onHook = TestStack.unique("hook-on");
        String offHook = TestStack.unique("hook-off");
        String deadHook = TestStack.unique("hook-dead");
        String aliceHook = TestStack.unique("hook-alice");
        webhook(on, onHook);
        webhook(off, offHook);
        webhook(deadNode, deadHook);
        webhook("alice", aliceHook);
        String room = room(sender, on, off, deadNode, "alice");
        online(on);
        // counted on a node whose liveness key has expired: offline, as chat-edge sees it
        redis.execute("HSET", "parley:{presence}:user:" + deadNode, TestStack.unique("gone-node"), "1");
        given().auth().oauth2(TestStack.token("alice")).contentType(ContentType.JSON).body(Map.of())
                .put("/api/mutes/{room}", room).then().statusCode(200);

        sendAndAwait(TestStack.message(room, 1, sender, "anyone?"));

        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(offHook).size() == 1
                && receivers.pushesTo(deadHook).size() == 1);
        assertEquals(0, receivers.pushesTo(onHook).size(), "online user got a push");
        assertEquals(0, receivers.pushesTo(aliceHook).size(), "muted user got a push");
    }

    @Test
    void messagesInsideTheWindowAreCoalescedAndCounted() throws Exception {
        String sender = TestStack.unique("s");
        String user = TestStack.unique("u");
        String hook = TestStack.unique("hook");
        webhook(user, hook);
        String room = room(sender, user);

        sendAndAwait(TestStack.message(room, 1, sender, "one"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(hook).size() == 1);
        sendAndAwait(TestStack.message(room, 2, sender, "two"), TestStack.message(room, 3, sender, "three"));
        String windowKey = "parley:notifier:window:" + user.length() + ":" + user + ":" + room;
        if (redis.execute("EXISTS", windowKey).toInteger() == 1) {
            // both fell into the window of the first: counted, not sent
            assertEquals(1, receivers.pushesTo(hook).size());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.execute("EXISTS", windowKey).toInteger() == 0);
        ChatMessageEvent four = TestStack.message(room, 4, sender, "four");
        sendAndAwait(four);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(hook).size() >= 2);
        List<Receivers.Push> pushes = receivers.pushesTo(hook);
        assertEquals(1, pushes.get(0).notification().path("count").asLong());
        JsonNode second = pushes.get(pushes.size() - 1).notification();
        assertEquals(four.id(), second.path("messageId").asText());
        long total = pushes.stream().mapToLong(p -> p.notification().path("count").asLong()).sum();
        assertEquals(4, total, "every message is counted by exactly one notification");
    }

    @Test
    void aRedeliveredMessageIsNotPushedTwice() throws Exception {
        String sender = TestStack.unique("s");
        String user = TestStack.unique("u");
        String hook = TestStack.unique("hook");
        webhook(user, hook);
        String room = room(sender, user);
        ChatMessageEvent m = TestStack.message(room, 1, sender, "once");
        sendAndAwait(m);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(hook).size() == 1);
        // the same record again, as after a consumer crash before its offset was committed
        sendAndAwait(m);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> receivers.pushesTo(hook).size() == 1);
        assertEquals(1, receivers.attempts.get(hook));
    }

    @Test
    void aRetractedMessageIsNeverNotified() throws Exception {
        String sender = TestStack.unique("s");
        String user = TestStack.unique("u");
        String hook = TestStack.unique("hook");
        webhook(user, hook);
        String room = room(sender, user);
        // the edge told the sender UNAVAILABLE: its retraction is on the topic, the message may not be
        ChatMessageEvent retracted = TestStack.message(room, 1, sender, "never to be pushed");
        ChatMessageEvent next = TestStack.message(room, 2, sender, "pushed");
        TestStack.send(producer, retracted.asRetraction());
        // same key, same partition: once the next message is planned, the retraction was consumed
        sendAndAwait(next);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(hook).size() == 1);
        JsonNode pushed = receivers.pushesTo(hook).get(0).notification();
        assertEquals(next.id(), pushed.path("messageId").asText());
        assertEquals(1, pushed.path("count").asLong(), "the retraction is not counted into the notification");
        assertEquals(null, deliveryStatus(retracted.id()));
    }

    @Test
    void goneTokensRemoveTheDevice() throws Exception {
        String sender = TestStack.unique("s");
        String wpUser = TestStack.unique("wp");
        String fcmUser = TestStack.unique("fcm");
        String apnsUser = TestStack.unique("apns");
        String hookUser = TestStack.unique("hook");
        webPush(wpUser, TestStack.unique("gone-sub"));
        register(fcmUser, Map.of("provider", "FCM", "token", TestStack.unique("unregistered-fcm")));
        register(apnsUser, Map.of("provider", "APNS", "token", "dead" + "0123456789abcdef".repeat(4)));
        webhook(hookUser, TestStack.unique("gone-recipient"));
        for (String u : List.of(wpUser, fcmUser, apnsUser, hookUser)) {
            assertEquals(1, deviceCount(u));
        }
        String room = room(sender, wpUser, fcmUser, apnsUser, hookUser);
        ChatMessageEvent m = TestStack.message(room, 1, sender, "are you there?");
        sendAndAwait(m);
        await().atMost(Duration.ofSeconds(20)).until(() -> deviceCount(wpUser) == 0 && deviceCount(fcmUser) == 0
                && deviceCount(apnsUser) == 0 && deviceCount(hookUser) == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "GONE,GONE,GONE,GONE".equals(deliveryStatus(m.id())));
    }

    @Test
    void fcmAndApnsDeliverWithVerifiedCredentials() throws Exception {
        String sender = TestStack.unique("s");
        String fcmUser = TestStack.unique("fcm");
        String apnsUser = TestStack.unique("apns");
        String fcmToken = TestStack.unique("fcm-token");
        String apnsToken = java.util.UUID.randomUUID().toString().replace("-", "") + "abcdef0123456789abcdef0123456789";
        register(fcmUser, Map.of("provider", "FCM", "token", fcmToken));
        register(apnsUser, Map.of("provider", "APNS", "token", apnsToken));
        String room = room(sender, fcmUser, apnsUser);
        ChatMessageEvent m = TestStack.message(room, 1, sender, "native apps too");
        sendAndAwait(m);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(fcmToken).size() == 1
                && receivers.pushesTo(apnsToken).size() == 1);
        JsonNode fcm = receivers.pushesTo(fcmToken).get(0).notification();
        assertEquals(m.id(), fcm.path("messageId").asText());
        assertEquals("1", fcm.path("count").asText());
        JsonNode apns = receivers.pushesTo(apnsToken).get(0).notification();
        assertEquals(m.id(), apns.path("messageId").asText());
        assertEquals(room, apns.path("roomId").asText());
    }

    @Test
    void aFailingProviderEndsInTheDeadLetterTopicAfterTheRetries() throws Exception {
        String sender = TestStack.unique("s");
        String user = TestStack.unique("u");
        String hook = TestStack.unique("fail-hook");
        webhook(user, hook);
        String room = room(sender, user);
        ChatMessageEvent m = TestStack.message(room, 1, sender, "will not arrive");
        sendAndAwait(m);
        List<ConsumerRecord<String, byte[]>> dead = TestStack.readByKey(Channels.NOTIFICATIONS_DLQ_TOPIC, user, 1,
                Duration.ofSeconds(30));
        assertEquals(1, dead.size());
        JsonNode value = JSON.readTree(dead.get(0).value());
        assertEquals("RETRIES_EXHAUSTED", value.path("reason").asText());
        assertEquals(3, value.path("attempts").asInt());
        assertEquals(m.id(), value.path("notification").path("messageId").asText());
        assertEquals("WEBHOOK", value.path("provider").asText());
        assertEquals("RETRIES_EXHAUSTED", new String(dead.get(0).headers().lastHeader(DlqHeaders.REASON).value(),
                StandardCharsets.UTF_8));
        assertEquals(3, receivers.attempts.get(hook));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(deliveryStatus(m.id())));
        assertEquals(1, deviceCount(user), "a failing (not gone) device is kept");
    }

    @Test
    void aSlowProviderDoesNotStopThePartition() throws Exception {
        String slowUser = TestStack.unique("slow");
        String fastUser = TestStack.unique("fast");
        String slowHook = TestStack.unique("slow-hook");
        String fastHook = TestStack.unique("hook");
        webhook(slowUser, slowHook);
        webhook(fastUser, fastHook);
        String room = room(slowUser, fastUser);
        // same room, so same partition, in this order: the first push hangs at the provider
        ChatMessageEvent first = TestStack.message(room, 1, fastUser, "to the slow one");
        ChatMessageEvent second = TestStack.message(room, 2, slowUser, "to the fast one");
        try {
            sendAndAwait(first, second);
            await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(fastHook).size() == 1);
            assertTrue(receivers.slowAnswered.isEmpty(), "the slow provider had already answered");
        } finally {
            receivers.releaseSlow();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.pushesTo(slowHook).size() == 1);
    }

    @Test
    void poisonRecordsAreDeadLetteredAndRoomsWithoutMembersNotifyNobody() throws Exception {
        String key = TestStack.unique("poison");
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, key, "{not json".getBytes(StandardCharsets.UTF_8)))
                .get();
        List<ConsumerRecord<String, byte[]>> dead = TestStack.readByKey(Topics.CHAT_MESSAGES_DLQ, key, 1,
                Duration.ofSeconds(30));
        assertEquals(1, dead.size());
        assertEquals("MALFORMED_JSON", new String(dead.get(0).headers().lastHeader(DlqHeaders.REASON).value(),
                StandardCharsets.UTF_8));
        assertNotNull(dead.get(0).headers().lastHeader(DlqHeaders.CONSUMER_GROUP));

        ChatMessageEvent lonely = TestStack.message("grp:" + TestStack.unique("nobody"), 1, "someone", "echo");
        sendAndAwait(lonely);
        assertEquals(null, deliveryStatus(lonely.id()));
    }
}
