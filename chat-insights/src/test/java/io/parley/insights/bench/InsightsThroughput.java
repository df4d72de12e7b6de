package io.parley.insights.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.events.UserEvent;
import io.parley.insights.TestStack;

/**
 * Benchmark (a program, not a test) of a running chat-insights: it talks to the same Kafka and
 * PostgreSQL as the service (application.properties, or KAFKA_BOOTSTRAP_SERVERS /
 * QUARKUS_DATASOURCE_JDBC_URL). After a warm-up it produces, as fast as the producer goes,
 * {@code bench.messages} chat messages (fresh rooms, {@code bench.senders} senders, ts = now) and
 * {@code bench.sessions} CONNECTED/DISCONNECTED pairs, then polls the database until every one of
 * them is counted. Prints events/s from the first send to the moment the last one was visible.
 * Arguments (system properties): bench.messages (50000), bench.rooms (100), bench.senders (500),
 * bench.sessions (5000). See docs/insights.md.
 */
public final class InsightsThroughput {

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 50_000);
        int rooms = Integer.getInteger("bench.rooms", 100);
        int senders = Integer.getInteger("bench.senders", 500);
        int sessions = Integer.getInteger("bench.sessions", 5_000);

        TestStack.ensureTopics();
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            String warm = TestStack.unique("bench-warm");
            produce(producer, warm, 10, senders, 2_000, 200);
            waitFor(warm, 2_000, 200, 120_000);

            String run = TestStack.unique("bench-run");
            long start = System.currentTimeMillis();
            produce(producer, run, rooms, senders, messages, sessions);
            long produced = System.currentTimeMillis();
            long done = waitFor(run, messages, sessions, 900_000);
            int events = messages + 2 * sessions;
            double seconds = (done - start) / 1000.0;
            System.out.printf(Locale.ROOT, "insights throughput: %d events (%d messages in %d rooms from %d senders, "
                    + "%d connect/disconnect pairs)%n", events, messages, rooms, senders, sessions);
            System.out.printf(Locale.ROOT, "  producer: %.0f events/s (%d ms to send all)%n",
                    events * 1000.0 / Math.max(1, produced - start), produced - start);
            System.out.printf(Locale.ROOT, "  consumed and committed: %.0f events/s (first send to last counted %.2f s)%n",
                    events / seconds, seconds);
        }
    }

    private static void produce(KafkaProducer<String, byte[]> producer, String prefix, int rooms, int senders,
            int messages, int sessions) {
        String node = prefix + "-node";
        int userEvents = 0;
        for (int i = 0; i < messages; i++) {
            long now = System.currentTimeMillis();
            String room = prefix + "-" + (i % rooms);
            ChatMessageEvent m = ChatMessageEvent.of(TestStack.uuidV7(now), room, i / rooms + 1,
                    "bench-user-" + (i % senders), "x".repeat(100), null, now, node);
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(m)));
            // interleave the user events with the messages
            while (userEvents < sessions && (long) userEvents * messages <= (long) i * sessions) {
                String user = "bench-user-" + (userEvents % senders);
                String socket = prefix + "-s" + userEvents;
                producer.send(new ProducerRecord<>(Topics.USER_EVENTS, user, EventJson.write(UserEvent.of(
                        socket + "-c", UserEvent.Type.CONNECTED, user, null, socket, node, now, null))));
                producer.send(new ProducerRecord<>(Topics.USER_EVENTS, user, EventJson.write(UserEvent.of(
                        socket + "-d", UserEvent.Type.DISCONNECTED, user, null, socket, node, now + 1, null))));
                userEvents++;
            }
        }
        producer.flush();
    }

    /** Polls until all messages of the prefix are counted and all its sessions closed; returns that time. */
    private static long waitFor(String prefix, long messages, long sessions, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (Connection c = TestStack.jdbc();
                PreparedStatement m = c.prepareStatement(
                        "SELECT coalesce(sum(messages), 0) FROM insights.room_minute WHERE room_id LIKE ?");
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM insights.connection_session"
                        + " WHERE node_id = ? AND connected_at IS NOT NULL AND disconnected_at IS NOT NULL")) {
            m.setString(1, prefix + "-%");
            s.setString(1, prefix + "-node");
            while (System.currentTimeMillis() < deadline) {
                if (value(m) >= messages && value(s) >= sessions) {
                    return System.currentTimeMillis();
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("not everything of " + prefix + " was counted in time");
    }

    private static long value(PreparedStatement statement) throws Exception {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
