package io.parley.persister.it;

import static io.parley.persister.it.ChatUser.errorCode;
import static io.parley.persister.it.ChatUser.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.persister.TestStack;
import io.parley.persister.Tokens;
import io.parley.persister.it.Rows.Row;

/**
 * The durable pipeline end to end, black box: Socket.IO clients send through the packaged edge,
 * Kafka carries the messages, the packaged persister stores them in PostgreSQL, and the history
 * comes back over the socket ({@code room:history}, through the persister's API) and over REST.
 */
class PipelineIT {

    private static final Duration STORED = Duration.ofSeconds(30);

    private static AppProcess persister;
    private static AppProcess edge;

    @BeforeAll
    static void start() {
        TestStack.ensureTopics();
        persister = AppProcess.persister("pipeline-persister");
        edge = AppProcess.edge("pipeline-edge", persister);
        AppProcess.awaitReady(persister, edge);
    }

    @AfterAll
    static void stop() {
        AppProcess.closeAll(edge, persister);
    }

    @Test
    void sentMessagesAreStoredWithTheirSeqAndComeBackAsHistory() throws Exception {
        String room = TestStack.room("e2e");
        try (ChatUser alice = ChatUser.connect(edge, user("alice")); ChatUser bob = ChatUser.connect(edge, user("bob"))) {
            alice.join(room);
            bob.join(room);
            List<JSONObject> acks = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                JSONObject ack = alice.send(room, "hello " + i, "c-" + i);
                assertTrue(ack.optBoolean("ok"), ack.toString());
                assertFalse(ack.optBoolean("duplicate"), ack.toString());
                acks.add(ack);
            }
            assertEquals(LongStream.rangeClosed(1, 7).boxed().toList(), seqs(acks), "a fresh room counts from 1");

            // the other member got them live, in order, with the acked id and seq
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.received(room).size() == 7);
            assertEquals(ids(acks), ids(bob.received(room)));
            assertEquals(seqs(acks), seqs(bob.received(room)));

            // every acked message is one row, with its seq, sender, body and clientMsgId
            await().atMost(STORED).until(() -> Rows.ofRoom(room).size() == 7);
            Map<String, Row> rows = Rows.ofRoom(room);
            for (int i = 0; i < acks.size(); i++) {
                Row row = rows.get(acks.get(i).getString("id"));
                assertNotNull(row, "row of " + acks.get(i));
                assertEquals(new Row(acks.get(i).getString("id"), room, acks.get(i).getLong("seq"), alice.userId(),
                        "hello " + (i + 1), "c-" + (i + 1)), row);
            }

            // room:history over the socket: newest first, keyset pages with beforeSeq
            JSONObject page1 = bob.history(json("roomId", room, "limit", 3));
            assertPage(page1, room, List.of(7L, 6L, 5L), true, 5L);
            assertEquals(acks.get(6).getString("id"), page1.getJSONArray("messages").getJSONObject(0).getString("id"));
            assertEquals("hello 7", page1.getJSONArray("messages").getJSONObject(0).getString("body"));
            assertEquals(alice.userId(), page1.getJSONArray("messages").getJSONObject(0).getString("senderId"));
            JSONObject page2 = bob.history(json("roomId", room, "beforeSeq", page1.getLong("nextBeforeSeq"), "limit", 3));
            assertPage(page2, room, List.of(4L, 3L, 2L), true, 2L);
            JSONObject page3 = bob.history(json("roomId", room, "beforeSeq", page2.getLong("nextBeforeSeq"), "limit", 3));
            assertPage(page3, room, List.of(1L), false, 1L);
            assertEquals(acks.get(0).getString("id"), page3.getJSONArray("messages").getJSONObject(0).getString("id"));
            // default limit: all seven
            assertPage(alice.history(json("roomId", room)), room, List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L), false, 1L);

            // the persister's REST API says the same
            given().baseUri(persister.uri().toString()).auth().oauth2(Tokens.user("alice"))
                    .queryParam("limit", 2)
                    .get("/api/rooms/{roomId}/messages", room)
                    .then().statusCode(200)
                    .body("roomId", equalTo(room))
                    .body("messages.seq", contains(7, 6))
                    .body("messages.id", contains(acks.get(6).getString("id"), acks.get(5).getString("id")))
                    .body("messages[0].senderId", equalTo(alice.userId()))
                    .body("messages[0].clientMsgId", equalTo("c-7"))
                    .body("hasMore", equalTo(true))
                    .body("nextBeforeSeq", equalTo(6));
            given().baseUri(persister.uri().toString()).auth().oauth2(Tokens.user("alice"))
                    .queryParam("beforeSeq", 3).queryParam("limit", 5)
                    .get("/api/rooms/{roomId}/messages", room)
                    .then().statusCode(200)
                    .body("messages.seq", contains(2, 1))
                    .body("hasMore", equalTo(false));
        }
    }

    @Test
    void resendsWithTheSameClientMsgIdAreAckedAsDuplicatesAndDeliveredAndStoredOnce() throws Exception {
        String room = TestStack.room("dup");
        String aliceId = user("alice");
        try (ChatUser alice = ChatUser.connect(edge, aliceId); ChatUser bob = ChatUser.connect(edge, user("bob"))) {
            alice.join(room);
            bob.join(room);
            JSONObject first = alice.send(room, "only once", "dup-1");
            assertTrue(first.optBoolean("ok"), first.toString());
            assertFalse(first.optBoolean("duplicate"), first.toString());

            // the app did not see the ack and resends, on the same socket and after reconnecting
            JSONObject resend = alice.send(room, "only once", "dup-1");
            JSONObject afterReconnect;
            try (ChatUser aliceAgain = ChatUser.connect(edge, aliceId)) {
                aliceAgain.join(room);
                afterReconnect = aliceAgain.send(room, "only once", "dup-1");
            }
            for (JSONObject ack : List.of(resend, afterReconnect)) {
                assertTrue(ack.optBoolean("ok"), ack.toString());
                assertTrue(ack.optBoolean("duplicate"), "duplicate:true in " + ack);
                assertEquals(first.getString("id"), ack.getString("id"));
                assertEquals(first.getLong("seq"), ack.getLong("seq"));
                assertEquals(first.getLong("ts"), ack.getLong("ts"));
            }

            // the same clientMsgId from another user is another message; the dedup consumed no seq
            JSONObject bobs = bob.send(room, "mine", "dup-1");
            assertTrue(bobs.optBoolean("ok"), bobs.toString());
            assertFalse(bobs.optBoolean("duplicate"), bobs.toString());
            assertNotEquals(first.getString("id"), bobs.getString("id"));
            JSONObject after = alice.send(room, "after", "dup-2");
            assertEquals(List.of(first.getLong("seq") + 1, first.getLong("seq") + 2), seqs(List.of(bobs, after)));

            // bob received the message once: the room's messages arrive in seq order, so once "after"
            // is there, a duplicate broadcast would have been too
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.receivedCount(after.getString("id")) == 1);
            assertEquals(List.of(first.getString("id"), bobs.getString("id"), after.getString("id")),
                    ids(bob.received(room)));

            // one row: the persister's partition is in order too, so "after" stored means the rest is
            await().atMost(STORED).until(() -> Rows.ofRoom(room).containsKey(after.getString("id")));
            Map<String, Row> rows = Rows.ofRoom(room);
            assertEquals(3, rows.size(), rows.toString());
            assertEquals(1, Rows.countById(first.getString("id")));
            assertEquals(1, rows.values().stream()
                    .filter(r -> r.senderId().equals(aliceId) && "dup-1".equals(r.clientMsgId())).count());
            assertEquals(first.getLong("seq"), rows.get(first.getString("id")).seq());
        }
    }

    @Test
    void badRequestsOverTheSocketGetTheirErrorCodesAndTheSocketKeepsWorking() throws Exception {
        String room = TestStack.room("bad");
        String otherRoom = TestStack.room("bad-other");
        try (ChatUser alice = ChatUser.connect(edge, user("alice"))) {
            alice.join(room);
            JSONObject stored = alice.send(room, "x".repeat(4000), "max-body");
            assertTrue(stored.optBoolean("ok"), "a body of exactly 4000 characters is accepted: " + stored);

            for (Object limit : List.of(0, 201, -1, "ten", 2.5, true)) {
                JSONObject ack = alice.history(json("roomId", room, "limit", limit));
                assertEquals("BAD_REQUEST", errorCode(ack), "limit " + limit + ": " + ack);
            }
            for (Object beforeSeq : List.of(0, -5, "abc", 1.5)) {
                JSONObject ack = alice.history(json("roomId", room, "beforeSeq", beforeSeq));
                assertEquals("BAD_REQUEST", errorCode(ack), "beforeSeq " + beforeSeq + ": " + ack);
            }
            assertEquals("BAD_REQUEST", errorCode(alice.history(json("limit", 5))), "no roomId");
            assertEquals("NOT_A_MEMBER", errorCode(alice.history(json("roomId", otherRoom))), "history of a room not joined");

            JSONObject tooLarge = alice.send(room, "x".repeat(4001), "too-large");
            assertEquals("TOO_LARGE", errorCode(tooLarge), tooLarge.toString());
            assertFalse(tooLarge.optBoolean("ok"));

            // still connected and served; only the valid message reached the database, intact
            JSONObject history = alice.history(json("roomId", room, "limit", 200));
            assertTrue(history.optBoolean("ok"), history.toString());
            await().atMost(STORED).until(() -> Rows.ofRoom(room).size() == 1);
            Row row = Rows.ofRoom(room).get(stored.getString("id"));
            assertNotNull(row);
            assertEquals(4000, row.body().length());
            assertEquals(0, Rows.ofRoom(otherRoom).size());
        }
    }

    static void assertPage(JSONObject ack, String room, List<Long> seqs, boolean hasMore, Long nextBeforeSeq)
            throws JSONException {
        assertTrue(ack.optBoolean("ok"), ack.toString());
        assertEquals(room, ack.getString("roomId"));
        JSONArray messages = ack.getJSONArray("messages");
        List<JSONObject> list = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++) {
            list.add(messages.getJSONObject(i));
        }
        assertEquals(seqs, seqs(list), "seqs of " + ack);
        assertEquals(hasMore, ack.getBoolean("hasMore"), "hasMore of " + ack);
        assertEquals(nextBeforeSeq, ack.isNull("nextBeforeSeq") ? null : ack.getLong("nextBeforeSeq"));
    }

    static List<Long> seqs(List<JSONObject> messages) {
        return messages.stream().map(m -> m.optLong("seq", -1)).toList();
    }

    static List<String> ids(List<JSONObject> messages) {
        return messages.stream().map(m -> m.optString("id")).toList();
    }

    static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
