package io.parley.edge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.edge.support.ChatClient;

/**
 * Two packaged chat-edge nodes (the fast-jar, started as processes that share the Redis and Kafka
 * of the environment: QUARKUS_REDIS_HOSTS, KAFKA_BOOTSTRAP_SERVERS) and the Java Socket.IO client:
 * a user on each node, both sending at the same time, and each gets every message exactly once, in
 * the same seq order.
 */
class ClusterJavaClientIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final List<Process> NODES = new ArrayList<>();
    private static final List<URI> URLS = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() throws IOException {
        assertTrue(Files.exists(JAR), "the packaged server " + JAR.toAbsolutePath() + " (run in the integration-test phase)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 1; i <= 2; i++) {
            int port = freePort();
            Path log = Files.createTempFile("cluster-java-it-node" + i, ".log");
            Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Dparley.auth.mode=insecure-dev", "-Dquarkus.profile=e2e",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-Dparley.cluster.node-id=java-it-" + ProcessHandle.current().pid() + "-" + i, "-jar",
                    JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            NODES.add(process);
            URLS.add(URI.create("http://127.0.0.1:" + port));
        }
        for (int i = 0; i < URLS.size(); i++) {
            URI url = URLS.get(i);
            Process process = NODES.get(i);
            await("node " + url + " ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertTrue(process.isAlive(), "node " + url + " exited");
                        return ready(url);
                    });
        }
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (Process process : NODES) {
            process.destroy();
        }
        for (Process process : NODES) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void twoUsersOnTwoNodesChatExactlyOnceInOrder() throws Exception {
        String room = "java-cluster-" + System.nanoTime();
        try (ChatClient alice = ChatClient.connect(URLS.get(0), "alice-java");
                ChatClient bob = ChatClient.connect(URLS.get(1), "bob-java")) {
            assertTrue(alice.join(room).getBoolean("ok"));
            assertTrue(bob.join(room).getBoolean("ok"));

            int perUser = 10;
            CompletableFuture<List<JSONObject>> fromAlice = CompletableFuture.supplyAsync(() -> sendAll(alice, room, "a", perUser));
            CompletableFuture<List<JSONObject>> fromBob = CompletableFuture.supplyAsync(() -> sendAll(bob, room, "b", perUser));
            List<JSONObject> acks = new ArrayList<>(fromAlice.get(30, TimeUnit.SECONDS));
            acks.addAll(fromBob.get(30, TimeUnit.SECONDS));
            for (JSONObject ack : acks) {
                assertTrue(ack.optBoolean("ok"), "send acked: " + ack);
            }

            int total = 2 * perUser;
            await("every message at both users").atMost(Duration.ofSeconds(10))
                    .until(() -> alice.messages().size() >= total && bob.messages().size() >= total);
            // a duplicate would come right behind: give it the time to show
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);

            List<String> aliceIds = ids(alice.messages());
            List<String> bobIds = ids(bob.messages());
            assertEquals(total, aliceIds.size(), "exactly once at alice");
            assertEquals(total, bobIds.size(), "exactly once at bob");
            assertEquals(aliceIds, bobIds, "the same order at both users");
            assertEquals(acks.stream().map(a -> a.optString("id")).sorted().toList(), aliceIds.stream().sorted().toList(),
                    "the acked messages");
            List<JSONObject> seen = alice.messages();
            for (int k = 1; k < seen.size(); k++) {
                assertEquals(seen.get(k - 1).getLong("seq") + 1, seen.get(k).getLong("seq"), "seq gapless at " + k);
            }
            for (String prefix : List.of("a", "b")) {
                List<String> bodies = seen.stream().map(m -> m.optString("body")).filter(b -> b.startsWith(prefix + "-"))
                        .toList();
                List<String> sent = new ArrayList<>();
                for (int k = 0; k < perUser; k++) {
                    sent.add(prefix + "-" + k);
                }
                assertEquals(sent, bodies, "each sender's order");
            }
        }
    }

    private static List<JSONObject> sendAll(ChatClient client, String room, String prefix, int count) {
        List<JSONObject> acks = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            acks.add(client.send(room, prefix + "-" + k));
        }
        return acks;
    }

    private static List<String> ids(List<JSONObject> messages) {
        return messages.stream().map(m -> m.optString("id")).toList();
    }

    private static boolean ready(URI url) {
        try {
            HttpResponse<Void> res = HTTP.send(HttpRequest.newBuilder(url.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
            return res.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
