package io.parley.edge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.parley.edge.it.SioClient.Mode;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The server-driven heartbeat, with a 300 ms ping interval and a 1 s ping timeout (long enough for
 * a hand-driven client to answer on a loaded machine, short enough to keep the tests quick).
 */
@QuarkusTest
@TestProfile(HeartbeatTest.ShortHeartbeat.class)
class HeartbeatTest {

    private static final long INTERVAL = 300;
    private static final long TIMEOUT = 1000;

    public static class ShortHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.engineio.ping-interval", INTERVAL + "ms",
                    "parley.engineio.ping-timeout", TIMEOUT + "ms");
        }
    }

    @TestHTTPResource("/socket.io/")
    URL endpoint;

    @TestHTTPResource("/")
    URL url;

    @Inject
    EdgeServers servers;

    @Test
    void handshakeAnnouncesTheHeartbeat() throws Exception {
        RawPolling polling = new RawPolling(endpoint);
        String open = polling.handshake();
        assertTrue(open.contains("\"pingInterval\":300"), open);
        assertTrue(open.contains("\"pingTimeout\":1000"), open);
    }

    @Test
    void sessionThatNeverAnswersPingsIsClosed() throws Exception {
        RawPolling polling = new RawPolling(endpoint);
        polling.handshake();
        long opened = System.nanoTime();

        // the first poll is answered by the server's ping, which we do not answer
        RawPolling.Response ping = polling.get();
        assertEquals(200, ping.status());
        assertEquals("2", ping.body());

        // the waiting poll then gets the close packet, and the session is gone
        RawPolling.Response close = polling.get();
        assertEquals(200, close.status());
        assertEquals("1", close.body());
        long closedAfter = Duration.ofNanos(System.nanoTime() - opened).toMillis();
        assertTrue(closedAfter >= INTERVAL + TIMEOUT - 50, "closed after " + closedAfter + " ms, before the timeout");
        assertTrue(closedAfter < INTERVAL + TIMEOUT + 5000, "closed only after " + closedAfter + " ms");

        RawPolling.Response gone = polling.get();
        assertEquals(400, gone.status());
        assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", gone.body());
    }

    @Test
    void sessionThatAnswersPingsStaysOpen() throws Exception {
        RawPolling polling = new RawPolling(endpoint);
        polling.handshake();
        long opened = System.nanoTime();
        int pings = 0;
        // five ping cycles: well past interval + timeout
        while (pings < 5) {
            RawPolling.Response response = polling.get();
            assertEquals(200, response.status(), "poll " + pings + ": " + response.body());
            assertEquals("2", response.body(), "poll " + pings);
            pings++;
            assertEquals(200, polling.post("3").status());
        }
        long alive = Duration.ofNanos(System.nanoTime() - opened).toMillis();
        assertTrue(alive >= 5 * INTERVAL - 50, "five pings in " + alive + " ms");
        assertTrue(alive > INTERVAL + TIMEOUT, "alive for " + alive + " ms, not past the first deadline");
        assertTrue(servers.socketIoEngine().sessions().stream().anyMatch(s -> s.id().equals(polling.sid())),
                "session still open on the server");
        polling.post("1"); // close it
    }

    @Test
    void javaClientAnswersPingsAndStaysConnected() throws Exception {
        AtomicInteger pings = new AtomicInteger();
        try (SioClient alice = SioClient.connect(url.toURI(), "alice", Mode.WEBSOCKET)) {
            // the Engine.IO socket emits "ping" for each server ping it answers; the Manager keeps it in
            // a package-private field
            java.lang.reflect.Field engine = io.socket.client.Manager.class.getDeclaredField("engine");
            engine.setAccessible(true);
            ((io.socket.engineio.client.Socket) engine.get(alice.socket().io()))
                    .on(io.socket.engineio.client.Socket.EVENT_PING, args -> pings.incrementAndGet());
            await().atMost(Duration.ofSeconds(10)).until(() -> pings.get() >= 4);
            assertTrue(alice.socket().connected(), "disconnected: " + alice.disconnectReason());
            alice.join("heartbeat-room");
        }
    }
}
