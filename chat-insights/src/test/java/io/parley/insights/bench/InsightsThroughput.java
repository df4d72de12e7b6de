package io.parley.insights.bench;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.events.UserEvent;
import io.parley.insights.TestStack;

/**
 * Benchmark (a program, not a test) of the chat-insights consumer, on the same Kafka and PostgreSQL
 * as the tests (application.properties, or KAFKA_BOOTSTRAP_SERVERS / QUARKUS_DATASOURCE_JDBC_URL).
 * It measures how fast the packaged service drains a backlog:
 * <ol>
 * <li>produces {@code bench.messages} chat messages (fresh rooms, {@code bench.senders} senders,
 * ts = now) and {@code bench.sessions} CONNECTED/DISCONNECTED pairs, interleaved;</li>
 * <li>creates a fresh consumer group whose offsets point at the start of that backlog;</li>
 * <li>starts {@code bench.jar} (the packaged service, prod profile) with that group and polls the
 * database until every event is counted.</li>
 * </ol>
 * Prints events/s from the first counted event to the last (the service's start-up excluded), and
 * the live rate of the producer for comparison. Arguments (system properties): bench.messages
 * (50000), bench.rooms (100), bench.senders (500), bench.sessions (5000), bench.jar
 * (chat-insights/target/quarkus-app/quarkus-run.jar), bench.heap (256m). See docs/insights.md.
 */
public final class InsightsThroughput {

    private static final List<String> TOPICS = List.of(Topics.CHAT_MESSAGES, Topics.USER_EVENTS);

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 50_000);
        int rooms = Integer.getInteger("bench.rooms", 100);
        int senders = Integer.getInteger("bench.senders", 500);
        int sessions = Integer.getInteger("bench.sessions", 5_000);
        // from the module folder or from the repository root (where ./mvnw -pl chat-insights exec:java runs)
        Path jar = Path.of(System.getProperty("bench.jar", Files.exists(Path.of("chat-insights"))
                ? "chat-insights/target/quarkus-app/quarkus-run.jar" : "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package chat-insights first");
        }
        TestStack.ensureTopics();
        String group = TestStack.unique("insights-bench");
        String run = TestStack.unique("bench-run");
        int events = messages + 2 * sessions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> start = endOffsets(admin);
            long produceStart = System.currentTimeMillis();
            try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
                produce(producer, run, rooms, senders, messages, sessions);
            }
            long produced = System.currentTimeMillis() - produceStart;
            admin.alterConsumerGroupOffsets(group, start).all().get();
            System.out.printf(Locale.ROOT, "backlog: %d events (%d messages in %d rooms from %d senders, "
                    + "%d connect/disconnect pairs), produced at %.0f events/s%n", events, messages, rooms, senders,
                    sessions, events * 1000.0 / Math.max(1, produced));

            Process service = startService(jar, group);
            try {
                long[] firstAndLast = drain(run, messages, sessions, service, 900_000);
                double seconds = (firstAndLast[2] - firstAndLast[0]) / 1000.0;
                System.out.printf(Locale.ROOT, "  drained by chat-insights: %.0f events/s (%d events in %.2f s, "
                        + "first counted batch to last; start-up excluded)%n",
                        (events - firstAndLast[1]) / seconds, events - firstAndLast[1], seconds);
            } finally {
                service.destroy();
                if (!service.waitFor(20, TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            }
            admin.deleteConsumerGroups(List.of(group)).all().get();
        }
    }

    private static Process startService(Path jar, String group) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("bench.heap", "256m"), "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port, "-Dparley.insights.consumer-group=" + group,
                "-Dkafka.bootstrap.servers=" + TestStack.bootstrapServers(),
                "-Dquarkus.datasource.jdbc.url=" + ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url",
                        String.class),
                "-jar", jar.toString());
        File log = jar.toAbsolutePath().getParent().getParent().resolve("bench-insights.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static Map<TopicPartition, OffsetAndMetadata> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var d : admin.describeTopics(TOPICS).allTopicNames().get().values()) {
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, new OffsetAndMetadata(info.offset())));
        return out;
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

    /**
     * Polls (every 50 ms) until all messages of the prefix are counted and all its sessions closed.
     * Returns {time of the first poll that saw any, events counted by then, time all were counted}.
     */
    private static long[] drain(String prefix, long messages, long sessions, Process service, long timeoutMs)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        long first = -1;
        long countedAtFirst = 0;
        try (Connection c = TestStack.jdbc();
                PreparedStatement m = c.prepareStatement(
                        "SELECT coalesce(sum(messages), 0) FROM insights.room_minute WHERE room_id LIKE ?");
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM insights.connection_session"
                        + " WHERE node_id = ? AND connected_at IS NOT NULL AND disconnected_at IS NOT NULL")) {
            m.setString(1, prefix + "-%");
            s.setString(1, prefix + "-node");
            while (System.currentTimeMillis() < deadline) {
                if (!service.isAlive()) {
                    throw new IllegalStateException("chat-insights exited, see chat-insights/target/bench-insights.log");
                }
                long now = System.currentTimeMillis();
                long countedMessages = value(m);
                long closed = value(s);
                if (first < 0 && countedMessages + closed > 0) {
                    first = now;
                    countedAtFirst = countedMessages + 2 * closed;
                }
                if (countedMessages >= messages && closed >= sessions) {
                    return new long[] { first, countedAtFirst, now };
                }
                Thread.sleep(50);
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
