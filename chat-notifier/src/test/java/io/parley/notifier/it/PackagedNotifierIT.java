package io.parley.notifier.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;
import io.parley.events.testing.ServiceProcess;
import io.parley.notifier.PersisterSchema;
import io.parley.notifier.TestStack;
import io.parley.notifier.receivers.Receivers;
import io.restassured.http.ContentType;

/**
 * Black box of the packaged notifier (its fast-jar, prod profile, bearer tokens checked against the
 * test stack's Keycloak): a user who is a member of a group only in chat-persister's tables (the
 * membership topic the notifier reads is empty, as after the topic's retention) and has a webhook
 * device registered over the API gets one signed push for a message to that group.
 */
class PackagedNotifierIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String SCHEMA = "persister_packaged_it";

    @Test
    void aMemberOnlyThePersistersTablesKnowIsPushed() throws Exception {
        TestStack.ensureTopics();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String membershipTopic = "it-membership-events-" + run;
        String chatTopic = "it-chat-messages-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.config("kafka.bootstrap.servers")))) {
            admin.createTopics(List.of(new NewTopic(membershipTopic, 1, (short) 1), new NewTopic(chatTopic, 1, (short) 1)))
                    .all().get();
        }
        String room = "grp:" + UUID.randomUUID();
        String alice = TestStack.unique("alice");
        String bob = TestStack.unique("bob");
        try (Connection c = TestStack.jdbc()) {
            PersisterSchema.create(c, SCHEMA);
            PersisterSchema.group(c, SCHEMA, room, bob, alice);
        }

        ServiceProcess notifier = null;
        try (Receivers receivers = new Receivers(); KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            notifier = ServiceProcess.start("notifier", JAR, List.of(
                    "-Dparley.notifier.consumer-group=chat-notifier-it-" + run,
                    "-Dparley.notifier.members.persister-schema=" + SCHEMA,
                    "-Dmp.messaging.incoming.membership-in.topic=" + membershipTopic,
                    "-Dmp.messaging.incoming.chat-messages-in.topic=" + chatTopic,
                    // the topic is new: read it from its start, whenever the partitions are assigned
                    "-Dmp.messaging.incoming.chat-messages-in.auto.offset.reset=earliest",
                    "-Dparley.notifier.webhook.url=" + receivers.base() + "/hook",
                    "-Dparley.notifier.webhook.secret=" + receivers.webhookSecret)).awaitReady();

            String hook = "hook-" + alice;
            given().baseUri(notifier.uri().toString()).auth().oauth2(TestStack.token("admin"))
                    .contentType(ContentType.JSON).body(Map.of("provider", "WEBHOOK", "token", hook))
                    .post("/api/users/{u}/devices", alice).then().statusCode(201);
            given().baseUri(notifier.uri().toString()).contentType(ContentType.JSON)
                    .body(Map.of("provider", "WEBHOOK", "token", "anonymous"))
                    .post("/api/users/{u}/devices", alice).then().statusCode(401);

            ChatMessageEvent message = TestStack.message(room, 1, bob, "hello from the packaged notifier's test");
            producer.send(new ProducerRecord<>(chatTopic, room, EventJson.write(message))).get();

            await().atMost(Duration.ofSeconds(90)).until(() -> !receivers.pushesTo(hook).isEmpty());
            List<Receivers.Push> pushes = receivers.pushesTo(hook);
            assertEquals(1, pushes.size(), pushes.toString());
            JsonNode notification = pushes.get(0).notification();
            assertEquals(room, notification.path("roomId").asText());
            assertEquals(message.id(), notification.path("messageId").asText());
            assertEquals(bob, notification.path("senderId").asText());
            assertEquals(1, notification.path("count").asInt());
            assertTrue(receivers.violations.isEmpty(), receivers.violations.toString());
        } finally {
            ServiceProcess.closeAll(notifier);
            try (Connection c = TestStack.jdbc()) {
                PersisterSchema.drop(c, SCHEMA);
            }
        }
    }
}
