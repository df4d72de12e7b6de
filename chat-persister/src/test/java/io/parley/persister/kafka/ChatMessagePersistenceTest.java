package io.parley.persister.kafka;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.events.ChatMessageEvent;
import io.parley.events.DlqHeaders;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.persister.TestStack;
import io.parley.persister.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * End to end inside the module: a real producer writes ChatMessageEvents to the real broker, the
 * persister stores them in the real PostgreSQL, the history API serves them.
 */
@QuarkusTest
class ChatMessagePersistenceTest {

    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        TestStack.ensureTopics();
        producer = TestStack.producer();
    }

    @AfterAll
    static void stop() {
        producer.close();
    }

    static void send(ChatMessageEvent event) {
        send(event.roomId(), EventJson.write(event));
    }

    static void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Long> storedSeqs(String roomId) {
        try (Connection c = TestStack.jdbc();
                PreparedStatement s = c.prepareStatement("SELECT seq FROM messages WHERE room_id = ? ORDER BY seq")) {
            s.setString(1, roomId);
            List<Long> seqs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
            return seqs;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long countById(String id) {
        try (Connection c = TestStack.jdbc();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM messages WHERE id = ?::uuid")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRetractionRemovesItsMessageWhetherItCameInAnEarlierBatchOrTheSameOne() {
        String room = TestStack.room("retracted");
        ChatMessageEvent stored = TestStack.message(room, 1, "stored, then retracted");
        send(stored);
        await().atMost(Duration.ofSeconds(30)).until(() -> countById(stored.id()) == 1);

        // the edge told the sender UNAVAILABLE but the record had landed: its retraction follows it
        send(stored.asRetraction());
        ChatMessageEvent kept = TestStack.message(room, 2, "kept");
        ChatMessageEvent sameBatch = TestStack.message(room, 3, "retracted right behind");
        ChatMessageEvent last = TestStack.message(room, 4, "last");
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(kept)));
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(sameBatch)));
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(sameBatch.asRetraction())));
        // a redelivered retraction changes nothing
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(stored.asRetraction())));
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(last)));
        producer.flush();

        // one partition, in order: once the last is stored, everything before it was applied
        await().atMost(Duration.ofSeconds(30)).until(() -> countById(last.id()) == 1);
        assertEquals(List.of(2L, 4L), storedSeqs(room));
        given().auth().oauth2(Tokens.user("alice")).get("/api/rooms/{room}/messages", room).then().statusCode(200).body("messages.seq", contains(4, 2));
    }

    @Test
    void messagesAreStoredAndPagedNewestFirst() {
        String room = TestStack.room("history");
        List<ChatMessageEvent> sent = new ArrayList<>();
        for (int seq = 1; seq <= 25; seq++) {
            ChatMessageEvent e = TestStack.message(room, seq, "message " + seq);
            sent.add(e);
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(e)));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSeqs(room).size() == 25);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L,
                20L, 21L, 22L, 23L, 24L, 25L), storedSeqs(room));

        // first page: the newest 10
        given().auth().oauth2(Tokens.user("alice")).queryParam("limit", 10).get("/api/rooms/{room}/messages", room).then().statusCode(200)
                .body("roomId", equalTo(room))
                .body("messages.seq", contains(25, 24, 23, 22, 21, 20, 19, 18, 17, 16))
                .body("messages[0].id", equalTo(sent.get(24).id()))
                .body("messages[0].body", equalTo("message 25"))
                .body("messages[0].senderId", equalTo(sent.get(24).senderId()))
                .body("messages[0].clientMsgId", equalTo("c-25"))
                .body("hasMore", equalTo(true)).body("nextBeforeSeq", equalTo(16)).body("nextAfterSeq", equalTo(25));

        // a message arriving meanwhile does not shift the next page (keyset, not offset)
        send(TestStack.message(room, 26, "late"));
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSeqs(room).size() == 26);

        given().auth().oauth2(Tokens.user("alice")).queryParam("beforeSeq", 16).queryParam("limit", 10).get("/api/rooms/{room}/messages", room).then()
                .statusCode(200).body("messages.seq", contains(15, 14, 13, 12, 11, 10, 9, 8, 7, 6))
                .body("hasMore", equalTo(true)).body("nextBeforeSeq", equalTo(6));
        given().auth().oauth2(Tokens.user("alice")).queryParam("beforeSeq", 6).queryParam("limit", 10).get("/api/rooms/{room}/messages", room).then()
                .statusCode(200).body("messages.seq", contains(5, 4, 3, 2, 1)).body("hasMore", equalTo(false));

        // forwards from a seq: the messages right after it, newest first
        given().auth().oauth2(Tokens.user("alice")).queryParam("afterSeq", 20).queryParam("limit", 3).get("/api/rooms/{room}/messages", room).then()
                .statusCode(200).body("messages.seq", contains(23, 22, 21)).body("hasMore", equalTo(true))
                .body("nextAfterSeq", equalTo(23));
        given().auth().oauth2(Tokens.user("alice")).queryParam("afterSeq", 23).get("/api/rooms/{room}/messages", room).then()
                .statusCode(200).body("messages.seq", contains(26, 25, 24)).body("hasMore", equalTo(false));

        // default limit (50) returns all 26
        given().auth().oauth2(Tokens.user("alice")).get("/api/rooms/{room}/messages", room).then().statusCode(200).body("messages", hasSize(26))
                .body("hasMore", equalTo(false));
        // an unknown room is an empty history
        given().auth().oauth2(Tokens.user("alice")).get("/api/rooms/{room}/messages", TestStack.room("empty")).then().statusCode(200)
                .body("messages", hasSize(0)).body("nextBeforeSeq", nullValue());
    }

    @Test
    void redeliveredRecordsLeaveExactlyOneRow() {
        String room = TestStack.room("redelivery");
        ChatMessageEvent first = TestStack.message(room, 1, "once");
        ChatMessageEvent second = TestStack.message(room, 2, "twice");
        // the same event twice in a row (likely one batch), and again later (another batch)
        send(first);
        send(first);
        send(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSeqs(room).size() == 2);
        send(first);
        send(second);
        ChatMessageEvent third = TestStack.message(room, 3, "after the replays");
        send(third);
        await().atMost(Duration.ofSeconds(30)).until(() -> countById(third.id()) == 1);
        assertEquals(List.of(1L, 2L, 3L), storedSeqs(room));
        assertEquals(1, countById(first.id()));
        assertEquals(1, countById(second.id()));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionMovesOn() {
        String room = TestStack.room("poison");
        String id = TestStack.uuidV7();
        send(TestStack.message(room, 1, "good before"));
        send(room, "{this is not json".getBytes(StandardCharsets.UTF_8));
        send(room, ("{\"schemaVersion\":2,\"id\":\"" + id + "\",\"roomId\":\"" + room + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        send(room, ("{\"schemaVersion\":1,\"id\":\"" + id + "\",\"roomId\":\"" + room + "\",\"seq\":2,"
                + "\"body\":\"no sender\",\"ts\":1,\"nodeId\":\"n\"}").getBytes(StandardCharsets.UTF_8));
        send(TestStack.message(room, 2, "x".repeat(ChatMessageEvent.MAX_BODY_LENGTH + 1)));
        // same room, same seq, another id: the database's unique (room_id, seq) refuses it
        send(TestStack.message(room, 1, "a second message at seq 1"));
        ChatMessageEvent after = TestStack.message(room, 2, "good after");
        send(after);

        await().atMost(Duration.ofSeconds(30)).until(() -> countById(after.id()) == 1);
        assertEquals(List.of(1L, 2L), storedSeqs(room));

        List<ConsumerRecord<String, byte[]>> dead = TestStack.readByKey(Topics.CHAT_MESSAGES_DLQ, room, 5,
                Duration.ofSeconds(30));
        List<String> reasons = dead.stream().map(r -> header(r, DlqHeaders.REASON)).toList();
        assertEquals(List.of("MALFORMED_JSON", "UNSUPPORTED_SCHEMA_VERSION", "MISSING_FIELD", "INVALID_FIELD",
                "DB_REJECTED"), reasons);
        assertEquals("{this is not json", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        for (ConsumerRecord<String, byte[]> r : dead) {
            assertEquals(Topics.CHAT_MESSAGES, header(r, DlqHeaders.ORIGIN_TOPIC));
            assertEquals("chat-persister", header(r, DlqHeaders.CONSUMER_GROUP));
        }
        assertEquals(1, new TreeSet<>(dead.stream().map(r -> header(r, DlqHeaders.ORIGIN_PARTITION))
                .collect(Collectors.toSet())).size());
        assertEquals("missing field senderId", header(dead.get(2), DlqHeaders.DETAIL));
    }

    @Test
    void invalidPaginationArgumentsAreProblemDetails() {
        String room = TestStack.room("args");
        assertProblem("limit", "0", room, "limit must be between 1 and 200, was 0");
        assertProblem("limit", "1000", room, "limit must be between 1 and 200, was 1000");
        assertProblem("beforeSeq", "abc", room, "beforeSeq must be an integer, was 'abc'");
        assertProblem("afterSeq", "-1", room, "afterSeq must not be negative");
    }

    private static void assertProblem(String param, String value, String room, String detail) {
        given().auth().oauth2(Tokens.user("alice")).queryParam(param, value).get("/api/rooms/{room}/messages", room).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:parley:problem:invalid-request"))
                .body("title", equalTo("Invalid request")).body("status", equalTo(400))
                .body("detail", equalTo(detail))
                .body("instance", equalTo("/api/rooms/" + room + "/messages"))
                .body("errors[0].field", equalTo(param));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
