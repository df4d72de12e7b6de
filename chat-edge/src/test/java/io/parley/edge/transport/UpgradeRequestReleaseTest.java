package io.parley.edge.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;

import io.parley.edge.it.SioClient;
import io.parley.edge.it.SioClient.Mode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An open WebSocket connection does not keep the HTTP request that upgraded it: once the client is
 * connected, the request's routing context can be collected and its header map (which Vert.x keeps
 * for the WebSocket) is empty, while the connection goes on working.
 */
@QuarkusTest
class UpgradeRequestReleaseTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void aConnectedWebSocketClientDoesNotPinItsUpgradeRequest() throws Exception {
        UpgradeRequests.seen.clear();
        UpgradeRequests.headers.clear();
        try (SioClient alice = SioClient.start(url.toURI(), "/", Map.of("userId", "release-alice"), Mode.WEBSOCKET,
                new AtomicReference<>()).awaitConnected()) {
            assertEquals(1, UpgradeRequests.seen.size(), "the client's upgrade request was seen");
            WeakReference<RoutingContext> upgrade = UpgradeRequests.seen.get(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (upgrade.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertNull(upgrade.get(), "the upgrade request's routing context is still reachable from the open connection");
            MultiMap headers = UpgradeRequests.headers.get(0);
            assertEquals(0, headers.size(), "the upgrade request's headers are still kept: " + headers.names());
            SioClient.assertOk(alice.request("room:join", SioClient.json("roomId", "release-room")));
        }
    }

    /** Records, weakly, each WebSocket upgrade request to the Socket.IO endpoint. */
    @ApplicationScoped
    static class UpgradeRequests {

        static final List<WeakReference<RoutingContext>> seen = new CopyOnWriteArrayList<>();
        static final List<MultiMap> headers = new CopyOnWriteArrayList<>();

        void register(@Observes Router router) {
            router.route(EdgeServers.SOCKET_IO_ENDPOINT_PATH).order(UpgradeRequestRelease.ORDER - 1).handler(rc -> {
                if (rc.request().headers().contains("Sec-WebSocket-Key")
                        && String.valueOf(rc.request().query()).contains("EIO=4")) {
                    seen.add(new WeakReference<>(rc));
                    headers.add(rc.request().headers());
                }
                rc.next();
            });
        }
    }
}
