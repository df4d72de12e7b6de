package io.parley.notifier;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;
import io.parley.events.MembershipEvent;
import io.parley.events.Topics;
import io.parley.notifier.kafka.Channels;
import io.restassured.RestAssured;

/**
 * The real services the tests use, at the addresses the application is configured with (stack/test.sh
 * exports KAFKA_BOOTSTRAP_SERVERS, QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_REDIS_HOSTS and
 * QUARKUS_OIDC_AUTH_SERVER_URL), and real tokens from the Keycloak realm.
 */
public final class TestStack {

    private TestStack() {
    }

    public static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    public static Connection jdbc() throws SQLException {
        return DriverManager.getConnection(config("quarkus.datasource.jdbc.url"), config("quarkus.datasource.username"),
                config("quarkus.datasource.password"));
    }

    public static void ensureTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config("kafka.bootstrap.servers")))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(Topics.CHAT_MESSAGES, Topics.CHAT_MESSAGES_DLQ, Topics.MEMBERSHIP_EVENTS,
                    Channels.NOTIFICATIONS_DLQ_TOPIC)) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, 3, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config("kafka.bootstrap.servers"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p);
    }

    public static void send(KafkaProducer<String, byte[]> producer, ChatMessageEvent e) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, e.roomId(), EventJson.write(e))).get();
    }

    public static void addMember(KafkaProducer<String, byte[]> producer, String roomId, String userId) throws Exception {
        MembershipEvent e = MembershipEvent.of(UUID.randomUUID().toString(), MembershipEvent.Type.MEMBER_ADDED,
                UUID.randomUUID().toString(), roomId, userId, "MEMBER", null, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(Topics.MEMBERSHIP_EVENTS, roomId, EventJson.write(e))).get();
    }

    public static KafkaConsumer<String, byte[]> consumerFromStart(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config("kafka.bootstrap.servers"));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    public static List<ConsumerRecord<String, byte[]>> readByKey(String topic, String key, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumerFromStart(topic)) {
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    public static ChatMessageEvent message(String roomId, long seq, String senderId, String body) {
        return ChatMessageEvent.of(uuidV7(), roomId, seq, senderId, body, "c-" + seq, System.currentTimeMillis(),
                "test-node");
    }

    public static String uuidV7() {
        long ms = System.currentTimeMillis();
        UUID random = UUID.randomUUID();
        long msb = (ms << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        long lsb = (random.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An access token of a realm user (password grant, client parley-tests). */
    public static String token(String user) {
        return RestAssured.given().baseUri(config("quarkus.oidc.auth-server-url"))
                .formParam("grant_type", "password").formParam("client_id", "parley-tests")
                .formParam("username", user).formParam("password", "parley")
                .post("/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
