package io.parley.persister.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.events.UserEvent;
import io.parley.persister.TestStack;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UserEventPersistenceTest {

    @Test
    void usersAndReadMarkersKeepTheirExtremes() throws Exception {
        TestStack.ensureTopics();
        String user = TestStack.room("reader");
        String room = TestStack.room("room");
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            for (UserEvent e : new UserEvent[] {
                    UserEvent.of("e1", UserEvent.Type.CONNECTED, user, null, "s1", "n1", 2_000L, null),
                    UserEvent.of("e2", UserEvent.Type.READ, user, room, "s1", "n1", 3_000L, 40L),
                    // older information arriving later (and a replay) must not move anything back
                    UserEvent.of("e3", UserEvent.Type.READ, user, room, "s1", "n1", 2_500L, 12L),
                    UserEvent.of("e0", UserEvent.Type.CONNECTED, user, null, "s0", "n1", 1_000L, null),
                    UserEvent.of("e2", UserEvent.Type.READ, user, room, "s1", "n1", 3_000L, 40L) }) {
                producer.send(new ProducerRecord<>(Topics.USER_EVENTS, user, EventJson.write(e))).get();
            }
            // an event type this version does not know is skipped, not dead-lettered
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS, user, ("{\"schemaVersion\":1,\"eventId\":\"e9\","
                    + "\"type\":\"TYPING\",\"userId\":\"" + user + "\",\"socketId\":\"s\",\"nodeId\":\"n\",\"ts\":9000}")
                    .getBytes())).get();
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS, user, EventJson.write(
                    UserEvent.of("e4", UserEvent.Type.DISCONNECTED, user, null, "s1", "n1", 4_000L, null)))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "1000 4000".equals(
                query("SELECT (extract(epoch FROM first_seen) * 1000)::bigint || ' ' || "
                        + "(extract(epoch FROM last_seen) * 1000)::bigint FROM users WHERE id = ?", user)));
        assertEquals("40", query("SELECT last_read_seq::text FROM read_markers WHERE user_id = ? AND room_id = '"
                + room + "'", user));
    }

    private static String query(String sql, String param) throws Exception {
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
