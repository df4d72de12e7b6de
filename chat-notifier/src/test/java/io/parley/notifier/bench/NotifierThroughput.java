package io.parley.notifier.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.notifier.TestStack;
import io.parley.notifier.crypto.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Benchmark (a program, not a test): the consumer's throughput with the webhook provider to a local
 * receiver, end to end (Kafka -> plan -> PostgreSQL delivery rows -> signed HTTP POST -> receiver
 * checks the HMAC). It starts the packaged notifier (chat-notifier/target/quarkus-app) as a child
 * process with a fresh consumer group, the webhook pointed at its own receiver and a 1 ms
 * coalescing window (so every message is pushed: the worst case), against the Kafka, PostgreSQL
 * and Redis of the environment (KAFKA_BOOTSTRAP_SERVERS, QUARKUS_DATASOURCE_JDBC_URL,
 * QUARKUS_REDIS_HOSTS, or application.properties). Rooms of 1 sender + R recipients, one webhook
 * device each (inserted into notifier.device), memberships through membership-events.
 *
 * <p>Prints messages/s (first send to last push received) and pushes/s. Properties: bench.messages
 * (10000), bench.rooms (50), bench.recipients (2), bench.port (7391, the notifier's HTTP port).
 */
public final class NotifierThroughput {

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 10_000);
        int rooms = Integer.getInteger("bench.rooms", 50);
        int recipients = Integer.getInteger("bench.recipients", 2);
        int port = Integer.getInteger("bench.port", 7391);
        String secret = "bench-" + UUID.randomUUID();
        String run = UUID.randomUUID().toString().substring(0, 8);

        AtomicLong pushes = new AtomicLong();
        AtomicLong warm = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        AtomicLong lastPushAt = new AtomicLong();
        Vertx vertx = Vertx.vertx();
        HttpServer receiver = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.body().onSuccess(b -> {
                    long ts = Long.parseLong(req.getHeader(WebhookSignature.TIMESTAMP_HEADER));
                    if (WebhookSignature.verify(secret.getBytes(StandardCharsets.UTF_8), ts, b.getBytes(),
                            req.getHeader(WebhookSignature.SIGNATURE_HEADER))) {
                        if (b.toString().contains("\"preview\":\"warm-up\"")) {
                            warm.incrementAndGet();
                        } else {
                            pushes.incrementAndGet();
                            lastPushAt.set(System.currentTimeMillis());
                        }
                        req.response().setStatusCode(204).end();
                    } else {
                        bad.incrementAndGet();
                        req.response().setStatusCode(401).end();
                    }
                }));
        receiver.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        Process notifier = startNotifier(port, "http://127.0.0.1:" + receiver.actualPort() + "/hook", secret,
                "bench-" + run);
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            waitReady(port, notifier);
            TestStack.ensureTopics();
            List<String> roomIds = new ArrayList<>();
            List<String> senders = new ArrayList<>();
            try (Connection c = TestStack.jdbc()) {
                for (int r = 0; r < rooms; r++) {
                    String room = "grp:bench-" + run + "-" + r;
                    String sender = "bench-s-" + run + "-" + r;
                    roomIds.add(room);
                    senders.add(sender);
                    TestStack.addMember(producer, room, sender);
                    for (int u = 0; u < recipients; u++) {
                        String user = "bench-u-" + run + "-" + r + "-" + u;
                        TestStack.addMember(producer, room, user);
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifier.device "
                                + "(id, user_id, provider, token) VALUES (?, ?, 'WEBHOOK', ?)")) {
                            ps.setObject(1, UUID.randomUUID());
                            ps.setString(2, user);
                            ps.setString(3, "bench-" + user);
                            ps.executeUpdate();
                        }
                    }
                }
                long deadline = System.currentTimeMillis() + 120_000;
                while (members(c, "grp:bench-" + run + "-%") < rooms * (recipients + 1L)) {
                    check(deadline, notifier, "memberships not stored");
                    Thread.sleep(200);
                }
            }
            // warm-up: the consumer has its partitions (fresh group, latest offsets) and pushes
            long seq = 0;
            long deadline = System.currentTimeMillis() + 120_000;
            while (warm.get() == 0) {
                check(deadline, notifier, "no push during warm-up");
                for (int r = 0; r < rooms; r++) {
                    send(producer, ChatMessageEvent.of(TestStack.uuidV7(), roomIds.get(r), seq, senders.get(r),
                            "warm-up", null, System.currentTimeMillis(), "bench"));
                }
                seq++;
                producer.flush();
                Thread.sleep(1000);
            }
            long base = pushes.get();
            long expected = (long) messages * recipients;
            String body = "x".repeat(100);
            long start = System.currentTimeMillis();
            for (int i = 0; i < messages; i++) {
                int r = i % rooms;
                send(producer, ChatMessageEvent.of(TestStack.uuidV7(), roomIds.get(r), seq + i / rooms + 1,
                        senders.get(r), body, null, System.currentTimeMillis(), "bench"));
            }
            producer.flush();
            long sent = System.currentTimeMillis();
            deadline = sent + 600_000;
            while (pushes.get() - base < expected) {
                check(deadline, notifier, (pushes.get() - base) + " of " + expected + " pushes arrived");
                Thread.sleep(50);
            }
            double seconds = (lastPushAt.get() - start) / 1000.0;
            System.out.printf(Locale.ROOT, "notifier throughput: %d messages, %d rooms, %d offline recipients each "
                    + "(webhook, 1 ms coalescing window: every message pushed)%n", messages, rooms, recipients);
            System.out.printf(Locale.ROOT, "  producer: %d ms to send all%n", sent - start);
            System.out.printf(Locale.ROOT, "  consumed and delivered: %.0f messages/s, %.0f pushes/s "
                    + "(%.1f s first send to last push)%n", messages / seconds, expected / seconds, seconds);
            System.out.printf(Locale.ROOT, "  receiver: %d pushes with a valid signature, %d invalid%n",
                    pushes.get() - base, bad.get());
        } finally {
            notifier.destroy();
            if (!notifier.waitFor(30, TimeUnit.SECONDS)) {
                notifier.destroyForcibly();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Process startNotifier(int port, String hookUrl, String secret, String group) throws Exception {
        File jar = new File("chat-notifier/target/quarkus-app/quarkus-run.jar");
        if (!jar.exists()) {
            jar = new File("target/quarkus-app/quarkus-run.jar");
        }
        if (!jar.exists()) {
            throw new IllegalStateException("build the notifier first: ./mvnw -pl chat-notifier -am -DskipTests package");
        }
        String javaBin = System.getProperty("java.home") + "/bin/java";
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.getPath());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestStack.config("kafka.bootstrap.servers"));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", TestStack.config("quarkus.datasource.jdbc.url"));
        env.put("QUARKUS_REDIS_HOSTS", TestStack.config("quarkus.redis.hosts"));
        env.put("PARLEY_NOTIFIER_WEBHOOK_URL", hookUrl);
        env.put("PARLEY_NOTIFIER_WEBHOOK_SECRET", secret);
        env.put("PARLEY_NOTIFIER_COALESCE_WINDOW", "1ms");
        env.put("PARLEY_NOTIFIER_CONSUMER_GROUP", group);
        pb.redirectErrorStream(true).redirectOutput(new File(System.getProperty("java.io.tmpdir"), "notifier-bench.log"));
        return pb.start();
    }

    private static void waitReady(int port, Process p) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            check(deadline, p, "notifier not ready");
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
    }

    private static void check(long deadline, Process p, String what) {
        if (!p.isAlive()) {
            throw new IllegalStateException("the notifier exited (" + p.exitValue() + "); see notifier-bench.log in "
                    + System.getProperty("java.io.tmpdir"));
        }
        if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("timed out: " + what);
        }
    }

    private static long members(Connection c, String like) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notifier.room_member WHERE room_id LIKE ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, ChatMessageEvent e) {
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, e.roomId(), EventJson.write(e)));
    }
}
