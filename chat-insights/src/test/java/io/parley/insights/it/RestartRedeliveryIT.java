package io.parley.insights.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.parley.events.Topics;
import io.parley.events.testing.ServiceProcess;
import io.parley.insights.Scenario;
import io.parley.insights.TestStack;

/**
 * Black box of the packaged service: the known stream gives exact figures; then the service is
 * stopped, its consumer group rewound to the beginning of both topics, and started again. It
 * re-consumes everything (seen in its duplicate counter) and every figure stays exactly the same.
 */
class RestartRedeliveryIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final List<String> TOPICS = List.of(Topics.CHAT_MESSAGES, Topics.USER_EVENTS);
    private static final Pattern DUPLICATES = Pattern.compile(
            "parley_insights_records_total\\{outcome=\"duplicate\",topic=\"chat-messages\"\\} ([0-9.E]+)");

    private final String group = TestStack.unique("chat-insights-it");
    private ServiceProcess app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private ServiceProcess start(String name) {
        return ServiceProcess.start(name, JAR, List.of(
                "-Dparley.insights.consumer-group=" + group,
                "-Dparley.insights.lateness=3650d",
                "-Dparley.insights.retention=36500d",
                "-Dkafka.bootstrap.servers=" + TestStack.bootstrapServers(),
                "-Dquarkus.oidc.auth-server-url=" + TestStack.authServerUrl(),
                // a stopped member must not hold partitions for 45 s
                "-Dmp.messaging.incoming.chat-messages-in.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.chat-messages-in.heartbeat.interval.ms=1000",
                "-Dmp.messaging.incoming.user-events-in.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.user-events-in.heartbeat.interval.ms=1000")).awaitReady();
    }

    @Test
    void restartedConsumerRereadingEverythingChangesNoFigure() throws Exception {
        TestStack.ensureTopics();
        String token = TestStack.token("analyst");
        Scenario scenario = Scenario.randomHourIn(2020, 2021);

        app = start("run1");
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            scenario.produce(producer);
        }
        ServiceProcess first = app;
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(
                () -> scenario.assertFigures(() -> given().baseUri(first.uri().toString()).auth().oauth2(token)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.bootstrapServers()))) {
            // everything consumed and committed before the stop
            await().atMost(Duration.ofSeconds(60)).until(() -> lag(admin) == 0);
            app.close();
            app = null;

            Map<TopicPartition, OffsetAndMetadata> rewind = new HashMap<>();
            for (TopicPartition tp : partitions(admin)) {
                rewind.put(tp, new OffsetAndMetadata(0));
            }
            // the group must be empty (the stopped member gone) before its offsets can be changed
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.alterConsumerGroupOffsets(group, rewind).all().get() == null);
            long behind = lag(admin);
            assertTrue(behind >= Scenario.MESSAGES, "rewound: " + behind + " records to re-read");

            app = start("run2");
            ServiceProcess second = app;
            await().atMost(Duration.ofSeconds(180)).until(() -> lag(admin) == 0);
            double duplicates = duplicates(second);
            assertTrue(duplicates >= Scenario.MESSAGES,
                    "the restarted consumer re-read the scenario's messages as duplicates: " + duplicates);
            scenario.assertFigures(() -> given().baseUri(second.uri().toString()).auth().oauth2(token));
        }
    }

    private List<TopicPartition> partitions(Admin admin) throws Exception {
        return admin.describeTopics(TOPICS).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    /** Records of both topics the group has not committed yet. */
    private long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartition tp : partitions(admin)) {
            latest.put(tp, OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    private static double duplicates(ServiceProcess app) {
        String metrics = given().baseUri(app.uri().toString()).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Matcher m = DUPLICATES.matcher(metrics);
        assertTrue(m.find(), "duplicate counter exported");
        return Double.parseDouble(m.group(1));
    }

}
