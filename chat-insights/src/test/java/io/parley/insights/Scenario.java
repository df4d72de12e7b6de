package io.parley.insights;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.events.UserEvent;
import io.restassured.specification.RequestSpecification;

/**
 * A known stream of events in two hours H0 and H1 of a random past day (within the allowed
 * lateness of the tests, outside every other scenario's hours) with its exact expected figures.
 * Room, user and node ids are unique per scenario.
 *
 * <pre>
 * messages   room A: alice x3, bob at H0+0m; alice at H0+1m; carol x2 at H1+5m    (7, 3 senders)
 *            room B: bob x2 at H0+0m                                               (2, 1 sender)
 *            room C: dave at H0+2m                                                 (1, 1 sender)
 * sessions   node 1: alice 00:10-00:40, bob 00:20-00:30, carol 00:25-00:26, erin 00:35-01:10
 *            node 2: dave 00:05-(never closed), dave 00:50-00:55, gina ?-00:45 (connect lost)
 * other      frank JOINED room A at 01:20; an event type of the future (skipped)
 * replays    three messages and every user event sent twice
 * </pre>
 * H1 events are produced before H0 events: order across hours does not matter.
 */
public final class Scenario {

    public static final int MESSAGES = 10;
    public static final int REPLAYED_MESSAGES = 3;

    public final Instant h0;
    public final String roomA;
    public final String roomB;
    public final String roomC;
    public final String node1;
    public final String node2;
    public final List<String> users;
    public final String poisonKey;
    private final String suffix;

    private Scenario(Instant h0) {
        this.h0 = h0;
        this.suffix = TestStack.unique("s").substring(2);
        this.roomA = "room-a-" + suffix;
        this.roomB = "room-b-" + suffix;
        this.roomC = "room-c-" + suffix;
        this.node1 = "edge-1-" + suffix;
        this.node2 = "edge-2-" + suffix;
        this.users = List.of(user("alice"), user("bob"), user("carol"), user("dave"), user("erin"), user("frank"),
                user("gina"));
        this.poisonKey = "poison-" + suffix;
    }

    /** A scenario at a random whole hour between {@code fromYear} and {@code toYear} (inclusive). */
    public static Scenario randomHourIn(int fromYear, int toYear) {
        Instant start = Instant.parse(fromYear + "-01-01T00:00:00Z");
        Instant end = Instant.parse((toYear + 1) + "-01-01T00:00:00Z");
        long hours = (end.getEpochSecond() - start.getEpochSecond()) / 3600 - 2;
        return new Scenario(start.plusSeconds(3600 * ThreadLocalRandom.current().nextLong(hours)));
    }

    private String user(String name) {
        return name + "-" + suffix;
    }

    private long at(int hour, int minute, int second) {
        return h0.toEpochMilli() + hour * 3_600_000L + minute * 60_000L + second * 1000L;
    }

    private ChatMessageEvent message(String room, String sender, long ts, long seq) {
        return ChatMessageEvent.of(TestStack.uuidV7(ts), room, seq, user(sender), "hello " + seq, null, ts, node1);
    }

    private int eventNo;

    private UserEvent userEvent(UserEvent.Type type, String user, String socket, String node, long ts) {
        return UserEvent.of("ev-" + suffix + "-" + (++eventNo), type, user(user), type == UserEvent.Type.JOINED
                ? roomA : null, socket + "-" + suffix, node, ts, null);
    }

    /** Sends the whole stream (with its replays, an unknown event type and one poison record) and waits for the broker's acks. */
    public void produce(KafkaProducer<String, byte[]> producer) throws InterruptedException, ExecutionException {
        List<ChatMessageEvent> h1 = List.of(
                message(roomA, "carol", at(1, 5, 0), 6), message(roomA, "carol", at(1, 5, 30), 7));
        List<ChatMessageEvent> h0 = List.of(
                message(roomA, "alice", at(0, 0, 10), 1), message(roomA, "alice", at(0, 0, 20), 2),
                message(roomA, "alice", at(0, 0, 30), 3), message(roomA, "bob", at(0, 0, 40), 4),
                message(roomA, "alice", at(0, 1, 5), 5),
                message(roomB, "bob", at(0, 0, 15), 1), message(roomB, "bob", at(0, 0, 50), 2),
                message(roomC, "dave", at(0, 2, 0), 1));
        List<UserEvent> userEvents = List.of(
                userEvent(UserEvent.Type.DISCONNECTED, "erin", "s3", node1, at(1, 10, 0)),
                userEvent(UserEvent.Type.JOINED, "frank", "s8", node2, at(1, 20, 0)),
                userEvent(UserEvent.Type.CONNECTED, "alice", "s1", node1, at(0, 10, 0)),
                userEvent(UserEvent.Type.DISCONNECTED, "alice", "s1", node1, at(0, 40, 0)),
                userEvent(UserEvent.Type.CONNECTED, "bob", "s2", node1, at(0, 20, 0)),
                userEvent(UserEvent.Type.DISCONNECTED, "bob", "s2", node1, at(0, 30, 0)),
                userEvent(UserEvent.Type.CONNECTED, "erin", "s3", node1, at(0, 35, 0)),
                userEvent(UserEvent.Type.CONNECTED, "carol", "s4", node1, at(0, 25, 0)),
                userEvent(UserEvent.Type.DISCONNECTED, "carol", "s4", node1, at(0, 26, 0)),
                userEvent(UserEvent.Type.CONNECTED, "dave", "s5", node2, at(0, 5, 0)),
                userEvent(UserEvent.Type.CONNECTED, "dave", "s6", node2, at(0, 50, 0)),
                userEvent(UserEvent.Type.DISCONNECTED, "dave", "s6", node2, at(0, 55, 0)),
                userEvent(UserEvent.Type.DISCONNECTED, "gina", "s7", node2, at(0, 45, 0)));
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ChatMessageEvent m : h1) {
            acks.add(send(producer, Topics.CHAT_MESSAGES, m.roomId(), EventJson.write(m)));
        }
        for (ChatMessageEvent m : h0) {
            acks.add(send(producer, Topics.CHAT_MESSAGES, m.roomId(), EventJson.write(m)));
        }
        for (int round = 0; round < 2; round++) {
            for (UserEvent e : userEvents) {
                acks.add(send(producer, Topics.USER_EVENTS, e.userId(), EventJson.write(e)));
            }
        }
        acks.add(send(producer, Topics.USER_EVENTS, user("frank"), ("{\"schemaVersion\":1,\"eventId\":\"ev-" + suffix
                + "-typing\",\"type\":\"TYPING\",\"userId\":\"" + user("frank") + "\",\"socketId\":\"s\",\"nodeId\":\""
                + node2 + "\",\"ts\":" + at(0, 3, 0) + "}").getBytes(StandardCharsets.UTF_8)));
        acks.add(send(producer, Topics.CHAT_MESSAGES, poisonKey, "not json".getBytes(StandardCharsets.UTF_8)));
        // replays, after the originals (in their partitions)
        for (ChatMessageEvent m : List.of(h0.get(0), h0.get(5), h0.get(7))) {
            acks.add(send(producer, Topics.CHAT_MESSAGES, m.roomId(), EventJson.write(m)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    private static Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer, String topic, String key,
            byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key, value));
    }

    private String iso(int hours) {
        return h0.plusSeconds(hours * 3600L).toString();
    }

    /** Every figure of the API for this scenario, exactly. {@code api} gives a request with the base URI and a token. */
    public void assertFigures(Supplier<RequestSpecification> api) {
        api.get().queryParam("from", iso(0)).queryParam("to", iso(2)).get("/api/insights/summary").then()
                .statusCode(200)
                .body("from", equalTo(iso(0))).body("to", equalTo(iso(2)))
                .body("messages", equalTo(MESSAGES)).body("activeRooms", equalTo(3))
                .body("activeSenders", equalTo(4)).body("activeUsers", equalTo(7))
                .body("peakConnections.nodeId", contains(node1, node2))
                .body("peakConnections.peak", contains(3, 2));

        api.get().queryParam("from", iso(0)).queryParam("to", iso(2)).get("/api/insights/hourly").then()
                .statusCode(200)
                .body("hours.hour", contains(iso(0), iso(1)))
                .body("hours.messages", contains(8, 2))
                .body("hours.activeSenders", contains(3, 1))
                .body("hours.activeUsers", contains(6, 3))
                .body("hours[0].peakConnections.nodeId", contains(node1, node2))
                .body("hours[0].peakConnections.peak", contains(3, 2))
                .body("hours[1].peakConnections.nodeId", contains(node1, node2))
                .body("hours[1].peakConnections.peak", contains(1, 1));

        api.get().queryParam("from", iso(0)).queryParam("to", iso(2)).queryParam("limit", 2)
                .get("/api/insights/rooms/top").then().statusCode(200)
                .body("rooms.roomId", contains(roomA, roomB))
                .body("rooms.messages", contains(7, 2))
                .body("rooms.activeSenders", contains(3, 1));
        api.get().queryParam("from", iso(0)).queryParam("to", iso(2)).get("/api/insights/rooms/top").then()
                .statusCode(200).body("rooms.roomId", contains(roomA, roomB, roomC));

        api.get().queryParam("from", iso(0)).queryParam("to", h0.plusSeconds(180).toString())
                .get("/api/insights/rooms/{room}/series", roomA).then().statusCode(200)
                .body("granularity", equalTo("MINUTE"))
                .body("points.messages", contains(4, 1, 0))
                .body("points.activeSenders", contains(2, 1, 0));
        api.get().queryParam("from", iso(0)).queryParam("to", iso(2)).queryParam("granularity", "hour")
                .get("/api/insights/rooms/{room}/series", roomA).then().statusCode(200)
                .body("points.start", contains(iso(0), iso(1)))
                .body("points.messages", contains(5, 2))
                .body("points.activeSenders", contains(2, 1));
    }
}
