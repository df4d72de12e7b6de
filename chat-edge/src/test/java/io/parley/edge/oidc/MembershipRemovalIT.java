package io.parley.edge.oidc;

import static io.parley.edge.it.SioClient.assertError;
import static io.parley.edge.it.SioClient.assertOk;
import static io.parley.edge.it.SioClient.json;
import static org.awaitility.Awaitility.await;
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
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.edge.it.SioClient;
import io.parley.edge.it.SioClient.Mode;
import io.parley.edge.support.Tokens;
import io.parley.events.ContractEvent;
import io.parley.events.MembershipEvent;
import io.parley.events.kafka.EventSerializer;
import io.socket.client.IO;
import io.socket.client.Manager;

/**
 * Two packaged nodes in the prod profile with OIDC (real Keycloak tokens), sharing Redis and Kafka
 * (QUARKUS_REDIS_HOSTS, KAFKA_BOOTSTRAP_SERVERS): a member removed from a private group by a
 * MEMBER_REMOVED membership event loses the room on every node: it can no longer send, read the
 * history or join again, while the remaining member keeps chatting. chat-persister's group lookup is
 * answered by {@link GroupsDouble}.
 */
class MembershipRemovalIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final List<Process> NODES = new ArrayList<>();
    private static final List<URI> URLS = new ArrayList<>();
    private static KafkaProducer<String, ContractEvent> producer;

    @BeforeAll
    static void start() throws IOException {
        assertTrue(Files.exists(JAR), "the packaged server " + JAR.toAbsolutePath());
        GroupsDouble.start();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 1; i <= 2; i++) {
            int port = freePort();
            Path log = Files.createTempFile("membership-it-node" + i, ".log");
            Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Dquarkus.profile=prod",
                    "-Dparley.auth.mode=oidc", "-Dquarkus.oidc.auth-server-url=" + Tokens.authServerUrl(),
                    "-Dquarkus.rest-client.persister.url=" + GroupsDouble.url(),
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-Dparley.cluster.node-id=membership-it-" + ProcessHandle.current().pid() + "-" + i, "-jar",
                    JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            NODES.add(process);
            URLS.add(URI.create("http://127.0.0.1:" + port));
        }
        for (int i = 0; i < URLS.size(); i++) {
            URI url = URLS.get(i);
            Process process = NODES.get(i);
            await("node " + url + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertTrue(process.isAlive(), "node " + url + " exited");
                        return ready(url);
                    });
        }
        Properties props = new Properties();
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka == null ? "127.0.0.1:9093" : kafka);
        producer = new KafkaProducer<>(props, new StringSerializer(), new EventSerializer());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        for (Process process : NODES) {
            process.destroy();
        }
        for (Process process : NODES) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static SioClient connect(URI node, String user) {
        IO.Options options = SioClient.options(Mode.WEBSOCKET, Map.of("token", Tokens.of(user)));
        Manager manager = SioClient.manager(node, options, new AtomicReference<>());
        return SioClient.start(manager, "/", options).awaitConnected();
    }

    private static boolean refused(SioClient client, String room) {
        JSONObject ack = client.send(room, "still here?", null);
        JSONObject error = ack.optJSONObject("error");
        return error != null && "NOT_A_MEMBER".equals(error.optString("code"));
    }

    @Test
    void aRemovedMemberLosesThePrivateGroupOnEveryNode() throws Exception {
        String groupId = UUID.randomUUID().toString();
        String room = "grp:" + groupId;
        Set<String> members = ConcurrentHashMap.newKeySet();
        members.addAll(Set.of("alice", "dave"));
        GroupsDouble.GROUPS.put(groupId, new GroupsDouble.Group("PRIVATE", members));
        try (SioClient alice = connect(URLS.get(0), "alice");
                SioClient daveOn1 = connect(URLS.get(0), "dave");
                SioClient daveOn2 = connect(URLS.get(1), "dave");
                SioClient bob = connect(URLS.get(1), "bob")) {
            assertOk(alice.join(room));
            assertOk(daveOn1.join(room));
            assertOk(daveOn2.join(room));
            assertError("FORBIDDEN", bob.request("room:join", json("roomId", room)));
            assertOk(alice.send(room, "before", null));
            daveOn2.awaitReceived("message:new", 1);

            members.remove("dave");
            MembershipEvent removed = MembershipEvent.of(UUID.randomUUID().toString(),
                    MembershipEvent.Type.MEMBER_REMOVED, groupId, room, "dave", null, "alice", System.currentTimeMillis());
            // each node's consumer starts at the latest offset when it joins its group: the
            // (idempotent) event is published again until both nodes have applied it
            await("dave removed on both nodes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        producer.send(new ProducerRecord<>("membership-events", removed.key(), removed)).get();
                        return refused(daveOn1, room) && refused(daveOn2, room);
                    });
            for (SioClient dave : List.of(daveOn1, daveOn2)) {
                assertError("NOT_A_MEMBER", dave.request("room:history", json("roomId", room)));
                assertError("FORBIDDEN", dave.request("room:join", json("roomId", room)));
            }
            assertOk(alice.send(room, "after", null));
            alice.awaitReceived("message:new", 2);
            daveOn1.barrier();
            daveOn2.barrier();
            for (SioClient dave : List.of(daveOn1, daveOn2)) {
                assertTrue(dave.received("message:new").stream().noneMatch(m -> "after".equals(m.json().optString("body"))),
                        "a removed member receives nothing more");
            }
        }
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
