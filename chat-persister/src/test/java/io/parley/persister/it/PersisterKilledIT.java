package io.parley.persister.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.persister.TestStack;

/**
 * Black box of the packaged application (target/quarkus-app/quarkus-run.jar) against the real
 * broker and database: messages keep arriving while the persister is killed with SIGKILL and
 * started again; afterwards every message is stored exactly once, with no gap in any room. Then the
 * group's offsets are rewound over everything and the restarted persister re-consumes it all:
 * still exactly the same rows.
 */
class PersisterKilledIT {

    private static final int ROOMS = 6;
    private static final int MESSAGES = 3000;
    private static final int PORT = 7191;
    private static final String GROUP = "chat-persister";

    private Process persister;

    @AfterEach
    void stop() throws Exception {
        if (persister != null && persister.isAlive()) {
            persister.destroy();
            persister.waitFor(20, TimeUnit.SECONDS);
            persister.destroyForcibly();
        }
    }

    @Test
    void killedMidStreamThenRewoundStoresEveryMessageExactlyOnce() throws Exception {
        TestStack.ensureTopics();
        String prefix = TestStack.room("killed");
        List<String> rooms = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            rooms.add(prefix + "-" + r);
        }
        persister = start("run1");
        Map<TopicPartition, Long> firstOffsets = new ConcurrentHashMap<>();

        List<Future<RecordMetadata>> acks = new ArrayList<>();
        Thread producing;
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            producing = new Thread(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < MESSAGES; i++) {
                    String room = rooms.get(i % ROOMS);
                    long seq = i / ROOMS + 1;
                    acks.add(producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room,
                            EventJson.write(TestStack.message(room, seq, "m" + i))), (meta, error) -> {
                                if (meta != null) {
                                    firstOffsets.merge(new TopicPartition(meta.topic(), meta.partition()),
                                            meta.offset(), Math::min);
                                }
                            }));
                    // about 1000 messages a second: the stream is still flowing when the kill comes
                    long due = start + (i + 1) * 1_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }, "it-producer");
            producing.start();

            // let it store some, then SIGKILL: no shutdown hook, no offset commit, no leaving the group
            await().atMost(Duration.ofSeconds(60)).until(() -> stored(prefix) >= MESSAGES / 5);
            long atKill = stored(prefix);
            persister.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(atKill < MESSAGES, "killed before the end of the stream");

            persister = start("run2");
            producing.join();
            producer.flush();
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> stored(prefix) == MESSAGES);
        assertExactlyOnceWithoutGaps(prefix, rooms);

        // rewind the group over every message of this test and start again: nothing changes
        persister.destroy();
        persister.waitFor(30, TimeUnit.SECONDS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> rewind = new HashMap<>();
            firstOffsets.forEach((tp, offset) -> rewind.put(tp, new OffsetAndMetadata(offset)));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(GROUP, rewind).all().get();
                return true;
            });
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            firstOffsets.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));

            persister = start("run3");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
            });
        }
        assertExactlyOnceWithoutGaps(prefix, rooms);
    }

    private Process start(String name) throws Exception {
        File log = Path.of("target", "persister-it-" + name + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + PORT,
                "-Dkafka.bootstrap.servers=" + TestStack.bootstrapServers(),
                // a killed member must not hold its partitions for the default 45 s
                "-Dmp.messaging.incoming.chat-messages-in.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.chat-messages-in.heartbeat.interval.ms=1000",
                "-Dmp.messaging.incoming.user-events-in.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.user-events-in.heartbeat.interval.ms=1000",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log);
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            assertTrue(process.isAlive(), "persister exited, see " + log);
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/q/health/ready"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return process;
    }

    private static long stored(String prefix) throws Exception {
        try (Connection c = TestStack.jdbc();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM messages WHERE room_id LIKE ?")) {
            s.setString(1, prefix + "-%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assertExactlyOnceWithoutGaps(String prefix, List<String> rooms) throws Exception {
        assertEquals(MESSAGES, stored(prefix));
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM messages WHERE room_id = ?")) {
            for (String room : rooms) {
                s.setString(1, room);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long perRoom = MESSAGES / ROOMS;
                    assertEquals(List.of(perRoom, perRoom, 1L, perRoom),
                            List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), room);
                }
            }
        }
    }
}
