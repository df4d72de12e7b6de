package io.parley.persister.it;

import static io.parley.persister.it.ChatUser.errorCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.persister.TestStack;

/**
 * The broker goes away while users send (docs/events.md, "Delivery guarantees of message:send"):
 * the test stops the test stack's Kafka with {@code stack/kafka.sh stop} (the environment names
 * its state folder and ports, as stack/test.sh exports them), keeps sending, and starts it again.
 * Senders get UNAVAILABLE and never a false ok, receivers get message:retracted for exactly those,
 * sends succeed again after the restart, and PostgreSQL holds every acked message once and none of
 * the refused ones: a refused message the producer may have appended anyway (the broker stopped
 * after appending, before answering) is removed by the retraction the edge writes after it.
 */
class KafkaOutageIT {

    private static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration PACE = Duration.ofMillis(300);

    private static AppProcess persister;
    private static AppProcess edge;

    /** One message:send and its ack. */
    record Sent(String clientMsgId, CompletableFuture<JSONObject> ack) {
        JSONObject result() {
            try {
                return ack.get(ChatUser.ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("no ack for " + clientMsgId, e);
            }
        }

        boolean acked() {
            return ack.isDone() && result().optBoolean("ok");
        }

        boolean refused() {
            return ack.isDone() && "UNAVAILABLE".equals(errorCode(result()));
        }
    }

    @BeforeAll
    static void start() {
        // the script must manage the very broker the services use, or the test would stop another one
        String port = System.getenv().getOrDefault("PARLEY_KAFKA_PORT", "9093");
        assertEquals("127.0.0.1:" + port, TestStack.bootstrapServers(),
                "PARLEY_KAFKA_PORT and KAFKA_BOOTSTRAP_SERVERS must name the same broker (run through stack/test.sh)");
        TestStack.ensureTopics();
        persister = AppProcess.persister("outage-persister");
        edge = AppProcess.edge("outage-edge", persister);
        AppProcess.awaitReady(persister, edge);
    }

    @AfterAll
    static void stop() {
        AppProcess.closeAll(edge, persister);
    }

    @Test
    void whileTheBrokerIsDownSendersGetUnavailableReceiversGetRetractionsAndOnlyAckedMessagesAreStored()
            throws Exception {
        String room = TestStack.room("outage");
        List<Sent> sent = new CopyOnWriteArrayList<>();
        try (ChatUser alice = ChatUser.connect(edge, PipelineIT.user("alice"));
                ChatUser bob = ChatUser.connect(edge, PipelineIT.user("bob"))) {
            alice.join(room);
            bob.join(room);
            for (int i = 0; i < 3; i++) {
                Sent before = send(alice, room, "before-" + i, sent);
                assertTrue(before.result().optBoolean("ok"), "before the outage: " + before.result());
            }

            int sentBeforeRestart;
            try {
                kafka("stop");
                // keep sending, paced, until three refusals came back (the producer gives up after 5 s)
                int[] n = { 0 };
                await("UNAVAILABLE while the broker is down").atMost(Duration.ofSeconds(40)).pollInterval(PACE)
                        .until(() -> {
                            send(alice, room, "down-" + n[0]++, sent);
                            return sent.stream().filter(Sent::refused).count() >= 3;
                        });
                sentBeforeRestart = sent.size();
            } finally {
                kafka("start");
            }
            // sends succeed again: keep sending until one is acked, then three more in a row
            int[] k = { 0 };
            await("an ok after the restart").atMost(Duration.ofSeconds(60)).pollInterval(PACE).until(() -> {
                send(alice, room, "up-" + k[0]++, sent);
                return sent.subList(sentBeforeRestart, sent.size()).stream().anyMatch(Sent::acked);
            });
            for (int i = 0; i < 3; i++) {
                Sent after = send(alice, room, "after-" + i, sent);
                assertTrue(after.result().optBoolean("ok"), "after the restart: " + after.result());
            }

            // every send was answered, with ok or UNAVAILABLE and nothing else
            Map<String, JSONObject> acks = new HashMap<>();
            for (Sent s : sent) {
                JSONObject ack = s.result();
                assertTrue(ack.optBoolean("ok") || "UNAVAILABLE".equals(errorCode(ack)), s.clientMsgId() + ": " + ack);
                acks.put(s.clientMsgId(), ack);
            }
            Set<String> refused = acks.entrySet().stream().filter(e -> !e.getValue().optBoolean("ok"))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertTrue(refused.size() >= 3, "refused while the broker was down: " + refused);

            // bob saw each message live (the broadcast goes first), and a retraction for exactly the refused ones
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.received(room).size() == sent.size());
            Map<String, JSONObject> live = new HashMap<>();
            for (JSONObject message : bob.received(room)) {
                live.put(message.getString("clientMsgId"), message);
            }
            List<String> refusedIds = new ArrayList<>();
            for (String clientMsgId : refused) {
                JSONObject message = live.get(clientMsgId);
                assertNotNull(message, "live message of " + clientMsgId);
                refusedIds.add(message.getString("id"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.retracted().size() >= refused.size());
            assertEquals(Set.copyOf(refusedIds), bob.retracted().stream().map(r -> r.optString("id"))
                    .collect(Collectors.toSet()), "retracted ids");
            assertEquals(refused.size(), bob.retracted().size(), "one retraction each");
            for (JSONObject retraction : bob.retracted()) {
                JSONObject message = bob.received(room).stream()
                        .filter(m -> m.optString("id").equals(retraction.optString("id"))).findFirst().orElseThrow();
                assertEquals(room, retraction.getString("roomId"));
                assertEquals(message.getLong("seq"), retraction.getLong("seq"));
            }
            acks.forEach((clientMsgId, ack) -> {
                if (ack.optBoolean("ok")) {
                    assertEquals(ack.optString("id"), live.get(clientMsgId).optString("id"), clientMsgId);
                }
            });

            // PostgreSQL: every acked message once, none of the refused (a refused one that landed anyway is
            // deleted once the edge's retraction, written after it when the broker is back, is consumed)
            List<String> ackedIds = acks.values().stream().filter(a -> a.optBoolean("ok"))
                    .map(a -> a.optString("id")).toList();
            await("stored ids are exactly the acked ones").atMost(Duration.ofSeconds(90))
                    .until(() -> Rows.ofRoom(room).keySet().equals(Set.copyOf(ackedIds)));
            for (String id : ackedIds) {
                assertEquals(1, Rows.countById(id), id);
            }
            for (String id : refusedIds) {
                assertEquals(0, Rows.countById(id), "refused " + id + " is not stored");
            }
        }
    }

    private static Sent send(ChatUser user, String room, String clientMsgId, List<Sent> sent) {
        Sent s = new Sent(clientMsgId, user.sendAsync(room, "msg " + clientMsgId, clientMsgId));
        sent.add(s);
        return s;
    }

    /** Runs stack/kafka.sh (start is idempotent) from the repository root, with this environment. */
    private static void kafka(String action) throws Exception {
        File log = Path.of("target", "it-outage-kafka-sh.log").toFile();
        Process process = new ProcessBuilder("bash", "stack/kafka.sh", action).directory(REPO_ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        assertTrue(process.waitFor(150, TimeUnit.SECONDS), "stack/kafka.sh " + action + " did not finish, see " + log);
        assertEquals(0, process.exitValue(), "stack/kafka.sh " + action + " failed, see " + log);
    }

}
