package io.parley.edge.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.parley.edge.it.SioClient;
import io.parley.edge.it.SioClient.Mode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.socket.client.IO;
import io.socket.client.Manager;

/** parley.engineio.cors-origins applies to polling (CORS) and to WebSocket upgrades alike. */
@QuarkusTest
@TestProfile(OriginAllowlistTest.OneOrigin.class)
class OriginAllowlistTest {

    static final String ALLOWED = "https://chat.example";
    static final String OTHER = "https://evil.example";

    public static class OneOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.engineio.cors-origins", ALLOWED);
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Test
    void pollingFromAnAllowedOriginGetsCorsHeadersAndAnotherOriginIsRefused() {
        given().header("Origin", ALLOWED).queryParam("EIO", "4").queryParam("transport", "polling").get("/socket.io/")
                .then().statusCode(200).header("Access-Control-Allow-Origin", ALLOWED);
        given().header("Origin", OTHER).queryParam("EIO", "4").queryParam("transport", "polling").get("/socket.io/")
                .then().statusCode(403).header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        given().header("Origin", OTHER).header("Access-Control-Request-Method", "POST").queryParam("EIO", "4")
                .queryParam("transport", "polling").options("/socket.io/")
                .then().header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        // no Origin header (native apps, servers): allowed
        given().queryParam("EIO", "4").queryParam("transport", "polling").get("/socket.io/").then().statusCode(200);
    }

    private CompletionException upgrade(String origin) throws Exception {
        URI ws = URI.create(url.toString().replaceFirst("^http", "ws") + "socket.io/?EIO=4&transport=websocket");
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin)
                    .buildAsync(ws, new WebSocket.Listener() {
                    }).join();
            socket.abort();
            return null;
        } catch (CompletionException e) {
            return e;
        }
    }

    @Test
    void aWebSocketUpgradeFromAnotherOriginIsRefused() throws Exception {
        assertNull(upgrade(ALLOWED), "the allowed origin upgrades");
        CompletionException refused = upgrade(OTHER);
        assertFalse(refused == null, "another origin must not upgrade");
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
    }

    @Test
    void aSocketIoClientFromAnotherOriginCannotConnect() throws Exception {
        IO.Options options = SioClient.options(Mode.WEBSOCKET, Map.of("userId", "alice"));
        options.extraHeaders = Map.of("Origin", List.of(OTHER));
        Manager manager = SioClient.manager(url.toURI(), options, new AtomicReference<>());
        try (SioClient client = SioClient.start(manager, "/", options)) {
            await().atMost(SioClient.TIMEOUT).until(() -> client.connectError() != null);
            assertFalse(client.socket().connected());
        }
        options.extraHeaders = Map.of("Origin", List.of(ALLOWED));
        Manager allowed = SioClient.manager(url.toURI(), options, new AtomicReference<>());
        try (SioClient client = SioClient.start(allowed, "/", options)) {
            client.awaitConnected();
        }
    }
}
