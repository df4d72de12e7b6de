package io.parley.persister.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.persister.TestStack;

/**
 * Benchmark (a program, not a test) of a running persister: it talks to the same Kafka and
 * PostgreSQL as the persister (application.properties, or KAFKA_BOOTSTRAP_SERVERS /
 * QUARKUS_DATASOURCE_JDBC_URL). Two phases, each on fresh rooms:
 * <ol>
 * <li>throughput: M messages produced as fast as the producer goes; messages/s from the first
 * send to the last row's stored_at;</li>
 * <li>latency: K messages at a fixed rate; per message stored_at - ts (ts = the send time, epoch
 * ms, 1 ms resolution), percentiles computed by PostgreSQL.</li>
 * </ol>
 * Phase 1 also prints first row to last row: started with the persister stopped and
 * {@code -Dbench.warmup=false}, then the persister started once the producer is done, that is the
 * rate at which the persister drains a backlog, whatever the producer's speed on this machine.
 * <p>Arguments (system properties): bench.messages (50000), bench.rooms (100), bench.body (100 chars),
 * bench.latency.messages (5000; 0 skips phase 2), bench.latency.rate (1000 per second), bench.warmup
 * (true). See docs/persister.md.
 */
public final class PersisterThroughput {

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 50_000);
        int rooms = Integer.getInteger("bench.rooms", 100);
        String body = "x".repeat(Integer.getInteger("bench.body", 100));
        int latencyMessages = Integer.getInteger("bench.latency.messages", 5_000);
        int rate = Integer.getInteger("bench.latency.rate", 1_000);
        boolean warmup = Boolean.parseBoolean(System.getProperty("bench.warmup", "true"));

        TestStack.ensureTopics();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            if (warmup) {
                // warm-up: connections, metadata, the persister's first batches
                String warm = TestStack.room("bench-warm");
                produce(producer, warm, 10, 1000, body, 0);
                waitFor(warm, 1000, 60_000);
            }

            String prefix = TestStack.room("bench-tput");
            long start = System.currentTimeMillis();
            produce(producer, prefix, rooms, messages, body, 0);
            long produced = System.currentTimeMillis();
            System.out.printf(Locale.ROOT, "produced %d messages in %d ms%n", messages, produced - start);
            waitFor(prefix, messages, 600_000);
            long[] span = span(prefix);
            double seconds = (span[1] - start) / 1000.0;
            System.out.printf(Locale.ROOT, "throughput: %d messages of %d chars in %d rooms%n", messages,
                    body.length(), rooms);
            System.out.printf(Locale.ROOT, "  producer: %.0f msg/s (%d ms to send all)%n",
                    messages * 1000.0 / Math.max(1, produced - start), produced - start);
            System.out.printf(Locale.ROOT, "  into PostgreSQL: %.0f msg/s (first send to last row %.2f s)%n",
                    messages / seconds, seconds);
            double drain = (span[1] - span[2]) / 1000.0;
            System.out.printf(Locale.ROOT, "  stored: %.0f msg/s (first row to last row %.2f s)%n",
                    messages / Math.max(0.001, drain), drain);
            if (latencyMessages == 0) {
                return;
            }

            String lat = TestStack.room("bench-lat");
            produce(producer, lat, rooms, latencyMessages, body, rate);
            waitFor(lat, latencyMessages, 600_000);
            System.out.printf(Locale.ROOT, "latency at %d msg/s, %d messages (send to committed row):%n", rate,
                    latencyMessages);
            System.out.println("  " + latency(lat));
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        return new KafkaProducer<>(p);
    }

    /** rate 0: as fast as possible; ts of each message is its send time. */
    private static void produce(KafkaProducer<String, byte[]> producer, String prefix, int rooms, int count,
            String body, int rate) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            String room = prefix + "-" + (i % rooms);
            ChatMessageEvent event = ChatMessageEvent.of(TestStack.uuidV7(), room, i / rooms + 1, "bench", body,
                    null, System.currentTimeMillis(), "bench");
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(event)));
        }
        producer.flush();
    }

    private static void waitFor(String prefix, long count, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (query("SELECT count(*) FROM messages WHERE room_id LIKE ?", prefix)[0] >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not all " + count + " messages of " + prefix + " were stored in time");
    }

    /** min(ts), max(stored_at) and min(stored_at) in epoch ms. */
    private static long[] span(String prefix) throws Exception {
        return query("SELECT min(ts), (extract(epoch FROM max(stored_at)) * 1000)::bigint,"
                + " (extract(epoch FROM min(stored_at)) * 1000)::bigint FROM messages WHERE room_id LIKE ?", prefix);
    }

    private static String latency(String prefix) throws Exception {
        long[] p = query("""
                WITH l AS (SELECT extract(epoch FROM stored_at) * 1000 - ts AS ms FROM messages WHERE room_id LIKE ?)
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::bigint,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::bigint,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::bigint,
                       percentile_cont(0.999) WITHIN GROUP (ORDER BY ms)::bigint,
                       max(ms)::bigint FROM l""", prefix);
        return String.format(Locale.ROOT, "p50 %d ms, p90 %d ms, p99 %d ms, p99.9 %d ms, max %d ms", p[0], p[1],
                p[2], p[3], p[4]);
    }

    private static long[] query(String sql, String prefix) throws Exception {
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, prefix + "-%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long[] out = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            }
        }
    }
}
