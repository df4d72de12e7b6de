package io.parley.insights.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.events.ChatMessageEvent;
import io.parley.events.DlqHeaders;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.insights.Scenario;
import io.parley.insights.TestStack;
import io.parley.insights.kafka.Channels;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The consumers and the REST API in the JVM against the real broker, database and Keycloak: a known
 * stream in (with replays, a late event, an unknown type and a poison record), exact figures out.
 */
@QuarkusTest
class InsightsApiTest {

    private static String analyst;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void setUp() {
        TestStack.ensureTopics();
        analyst = TestStack.token("analyst");
    }

    @Test
    void knownStreamGivesExactFiguresOnceEachDespiteReplays() throws Exception {
        Scenario scenario = Scenario.randomHourIn(2018, 2019);
        double duplicatesBefore = count(Topics.CHAT_MESSAGES, "duplicate");
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            scenario.produce(producer);
        }
        // the replays' batches are committed once they are counted as duplicates
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertTrue(count(Topics.CHAT_MESSAGES, "duplicate") - duplicatesBefore >= Scenario.REPLAYED_MESSAGES);
            scenario.assertFigures(() -> given().auth().oauth2(analyst));
        });

        List<ConsumerRecord<String, byte[]>> dead = TestStack.readByKey(Channels.DLQ_TOPIC, scenario.poisonKey, 1,
                Duration.ofSeconds(30));
        assertEquals(1, dead.size(), "the poison record is on " + Channels.DLQ_TOPIC);
        assertEquals("not json", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("MALFORMED_JSON", header(dead.get(0), DlqHeaders.REASON));
        assertEquals("chat-insights", header(dead.get(0), DlqHeaders.CONSUMER_GROUP));
    }

    @Test
    void lateEventIsDroppedButOneWithinTheLatenessCounts() throws Exception {
        // test profile: lateness 3650 days; 2010 is older than that, 2020 is not
        String room = TestStack.unique("late-room");
        long tooOld = java.time.Instant.parse("2010-06-01T10:00:00Z").toEpochMilli();
        long oldButFine = java.time.Instant.parse("2020-06-01T10:00:00Z").toEpochMilli();
        double lateBefore = count(Topics.CHAT_MESSAGES, "late");
        double countedBefore = count(Topics.CHAT_MESSAGES, "counted");
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            for (long ts : new long[] { tooOld, oldButFine }) {
                ChatMessageEvent m = ChatMessageEvent.of(TestStack.uuidV7(ts), room, 1, "u", "hi", null, ts, "n");
                producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(m))).get();
            }
        }
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
            assertTrue(count(Topics.CHAT_MESSAGES, "late") - lateBefore >= 1);
            assertTrue(count(Topics.CHAT_MESSAGES, "counted") - countedBefore >= 1);
        });
        given().auth().oauth2(analyst).queryParam("from", "2010-06-01T10:00:00Z")
                .queryParam("to", "2010-06-01T11:00:00Z").queryParam("granularity", "hour")
                .get("/api/insights/rooms/{room}/series", room).then().statusCode(200)
                .body("points.messages", contains(0));
        given().auth().oauth2(analyst).queryParam("from", "2020-06-01T10:00:00Z")
                .queryParam("to", "2020-06-01T11:00:00Z").queryParam("granularity", "hour")
                .get("/api/insights/rooms/{room}/series", room).then().statusCode(200)
                .body("points.messages", contains(1)).body("points.activeSenders", contains(1));
    }

    @Test
    void aRetractionIsNeverCountedAsAMessage() throws Exception {
        String room = TestStack.unique("retracted-room");
        long ts = java.time.Instant.parse("2021-06-01T10:15:00Z").toEpochMilli();
        // the edge told the sender UNAVAILABLE: its retraction is on the topic, the message may not be
        ChatMessageEvent retraction = ChatMessageEvent.of(TestStack.uuidV7(ts), room, 1, "u", "retracted", null, ts,
                "n").asRetraction();
        ChatMessageEvent next = ChatMessageEvent.of(TestStack.uuidV7(ts + 1), room, 2, "u", "counted", null, ts + 1,
                "n");
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            for (ChatMessageEvent e : List.of(retraction, next)) {
                producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(e))).get();
            }
        }
        // same key, same partition: once the next message is counted, the retraction was consumed
        await().atMost(Duration.ofSeconds(180)).until(() -> processed(next.id()));
        assertFalse(processed(retraction.id()));
        given().auth().oauth2(analyst).queryParam("from", "2021-06-01T10:00:00Z")
                .queryParam("to", "2021-06-01T11:00:00Z").queryParam("granularity", "hour")
                .get("/api/insights/rooms/{room}/series", room).then().statusCode(200)
                .body("points.messages", contains(1));
    }

    private static boolean processed(String messageId) throws Exception {
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM insights.processed_events WHERE event_id = ?")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    @Test
    void onlyAnalystsAndAdminsMayRead() {
        given().get("/api/insights/summary").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/insights/summary").then().statusCode(401);
        given().auth().oauth2(TestStack.token("alice")).get("/api/insights/summary").then().statusCode(403);
        given().auth().oauth2(TestStack.token("admin")).get("/api/insights/rooms/top").then().statusCode(200);
        given().auth().oauth2(analyst).get("/api/insights/summary").then().statusCode(200);
    }

    @Test
    void badParametersAreProblems() {
        problem("/api/insights/summary?from=yesterday", "from");
        problem("/api/insights/summary?from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z", "from");
        problem("/api/insights/rooms/top?limit=0", "limit");
        problem("/api/insights/rooms/top?limit=many", "limit");
        problem("/api/insights/rooms/r/series?granularity=second", "granularity");
        // 1500 points at most: 2 days of minutes is 2880
        problem("/api/insights/rooms/r/series?from=2020-01-01T00:00:00Z&to=2020-01-03T00:00:00Z", "from");
    }

    @Test
    void metricsCarryNoRoomUserOrNodeIds() throws Exception {
        Scenario scenario = Scenario.randomHourIn(2018, 2019);
        try (KafkaProducer<String, byte[]> producer = TestStack.producer()) {
            scenario.produce(producer);
        }
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> scenario.assertFigures(() -> given().auth().oauth2(analyst)));
        var metrics = given().get("/q/metrics").then().statusCode(200)
                .body(containsString("parley_insights_records_total"))
                .body(containsString("parley_insights_connections_open"))
                .body(containsString("parley_insights_messages_last_minute"))
                .body(not(containsString(scenario.roomA)))
                .body(not(containsString(scenario.node1)));
        for (String user : scenario.users) {
            metrics.body(not(containsString(user)));
        }
    }

    private void problem(String path, String field) {
        given().auth().oauth2(analyst).get(path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors[0].field", equalTo(field));
    }

    private double count(String topic, String outcome) {
        Counter c = registry.find("parley.insights.records").tag("topic", topic).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
