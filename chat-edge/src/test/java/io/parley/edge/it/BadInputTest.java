package io.parley.edge.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.parley.edge.it.SioClient.Mode;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Bad input over real HTTP and WebSocket connections gets the reference server's answers, ends the
 * offending session where the protocol says so, and never stops the server from serving others.
 */
@QuarkusTest
class BadInputTest {

    private static final String PATH = "/socket.io/";
    private static final int MAX_PAYLOAD = 1_000_000;

    @TestHTTPResource("/socket.io/")
    URL endpoint;

    @TestHTTPResource("/")
    URL url;

    @Inject
    EdgeServers servers;

    /** After every bad request, a well-behaved client still connects and chats. */
    @AfterEach
    void serverKeepsServing() throws Exception {
        String room = "after-" + UUID.randomUUID();
        try (SioClient alice = SioClient.connect(url.toURI(), "alice", Mode.POLLING);
                SioClient bob = SioClient.connect(url.toURI(), "bob", Mode.WEBSOCKET)) {
            alice.join(room);
            bob.join(room);
            SioClient.assertOk(alice.send(room, "still serving", null));
            assertEquals("still serving", bob.awaitReceived("message:new", 1).get(0).json().getString("body"));
        }
    }

    private static void assertEngineIoError(Response response, int status, int code, String message) {
        response.then().statusCode(status).contentType("application/json")
                .body(equalTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}"));
    }

    private boolean sessionExists(String sid) {
        return servers.socketIoEngine().sessions().stream().anyMatch(s -> s.id().equals(sid));
    }

    /** Waits until polls on the session are refused as unknown (a waiting poll may first get "1"). */
    private void awaitSessionGone(RawPolling polling) {
        await().atMost(SioClient.TIMEOUT).until(() -> !sessionExists(polling.sid()));
        RawPolling.Response response;
        try {
            response = polling.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(400, response.status(), response.body());
        assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", response.body());
    }

    // ---- handshake errors ----

    @ParameterizedTest
    @ValueSource(strings = { "carrier-pigeon", "POLLING", "flashsocket", "" })
    void unknownTransportIs400Code0(String transport) {
        assertEngineIoError(given().queryParam("EIO", "4").queryParam("transport", transport).get(PATH), 400, 0,
                "Transport unknown");
    }

    @Test
    void missingTransportIs400Code0() {
        assertEngineIoError(given().queryParam("EIO", "4").get(PATH), 400, 0, "Transport unknown");
    }

    @Test
    void missingEioIs400Code5() {
        assertEngineIoError(given().queryParam("transport", "polling").get(PATH), 400, 5,
                "Unsupported protocol version");
    }

    @ParameterizedTest
    @ValueSource(strings = { "3", "2", "5", "four" })
    void otherEioVersionsAre400Code5(String eio) {
        assertEngineIoError(given().queryParam("EIO", eio).queryParam("transport", "polling").get(PATH), 400, 5,
                "Unsupported protocol version");
    }

    @Test
    void unknownSidIs400Code1() {
        assertEngineIoError(given().queryParam("EIO", "4").queryParam("transport", "polling")
                .queryParam("sid", "no-such-session").get(PATH), 400, 1, "Session ID unknown");
        assertEngineIoError(given().queryParam("EIO", "4").queryParam("transport", "polling")
                .queryParam("sid", "no-such-session").body("40").post(PATH), 400, 1, "Session ID unknown");
    }

    @Test
    void postHandshakeIs400Code2() {
        assertEngineIoError(given().queryParam("EIO", "4").queryParam("transport", "polling").body("40").post(PATH),
                400, 2, "Bad handshake method");
    }

    @Test
    void webSocketHandshakesWithBadParametersAreRefused() throws Exception {
        String ws = "ws://" + endpoint.getHost() + ":" + endpoint.getPort() + PATH;
        for (String query : List.of("?EIO=3&transport=websocket", "?transport=websocket",
                "?EIO=4&transport=websocket&sid=no-such-session")) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> RawWebSocket.open(URI.create(ws + query)), query);
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class,
                    failure.getCause(), query);
            assertEquals(400, handshake.getResponse().statusCode(), query);
        }
    }

    // ---- polling session errors ----

    @Test
    void secondConcurrentGetIsRefusedAndEndsTheSession() throws Exception {
        RawPolling polling = new RawPolling(endpoint);
        polling.handshake();
        CompletableFuture<RawPolling.Response> first = polling.getAsync();
        CompletableFuture<RawPolling.Response> second = polling.getAsync();
        List<RawPolling.Response> responses = List.of(first.get(10, TimeUnit.SECONDS),
                second.get(10, TimeUnit.SECONDS));

        // whichever arrived second is refused; the one that was waiting gets the close packet
        Set<String> outcomes = responses.stream().map(r -> r.status() + " " + r.body()).collect(Collectors.toSet());
        assertEquals(Set.of("400 {\"code\":3,\"message\":\"Bad request\"}", "200 1"), outcomes);
        awaitSessionGone(polling);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "9", "x", "4hello\u001e", "\u001e40", "40\u001e7", "b!!!" })
    void malformedPostIs400AndEndsTheSession(String body) throws Exception {
        RawPolling polling = new RawPolling(endpoint);
        polling.handshake();
        assertEngineIoError(given().queryParam("EIO", "4").queryParam("transport", "polling")
                .queryParam("sid", polling.sid()).body(body).post(PATH), 400, 3, "Bad request");
        awaitSessionGone(polling);
    }

    @ParameterizedTest
    @ValueSource(ints = { MAX_PAYLOAD + 1, MAX_PAYLOAD + 500_000 })
    void postLargerThanMaxPayloadIs413AndEndsTheSession(int size) throws Exception {
        RawPolling polling = new RawPolling(endpoint);
        polling.handshake();
        String body = "4" + "x".repeat(size - 1);
        given().queryParam("EIO", "4").queryParam("transport", "polling").queryParam("sid", polling.sid())
                .body(body).post(PATH).then().statusCode(413);
        awaitSessionGone(polling);
    }

    @Test
    void postOfExactlyMaxPayloadIsAccepted() throws Exception {
        RawPolling polling = new RawPolling(endpoint);
        polling.handshake();
        // a noop packet padded to exactly maxPayload characters
        String body = "6" + "x".repeat(MAX_PAYLOAD - 1);
        assertEquals(MAX_PAYLOAD, body.length());
        RawPolling.Response response = polling.post(body);
        assertEquals(200, response.status(), response.body());
        assertEquals("ok", response.body());
        assertTrue(sessionExists(polling.sid()), "session ended");
        polling.post("1");
    }

    @Test
    void malformedSocketIoPacketOverPollingEndsTheSession() throws Exception {
        RawPolling polling = new RawPolling(endpoint);
        polling.handshake();
        assertEquals(200, polling.post("40{\"userId\":\"alice\"}").status());
        assertTrue(polling.get().body().startsWith("40{\"sid\":"));
        assertEquals(200, polling.post("42{}").status());
        awaitSessionGone(polling);
    }

    // ---- WebSocket ----

    private RawWebSocket connectedWebSocket() throws Exception {
        RawWebSocket ws = RawWebSocket.open(URI.create(
                "ws://" + endpoint.getHost() + ":" + endpoint.getPort() + PATH + "?EIO=4&transport=websocket"));
        String open = ws.nextText();
        assertTrue(open.startsWith("0{\"sid\":"), open);
        ws.send("40{\"userId\":\"alice\"}");
        String connect = ws.nextText();
        assertTrue(connect.startsWith("40{\"sid\":"), connect);
        return ws;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "42{}", // event payload is not an array
            "42abc[\"e\"]", // garbage before the payload
            "42[\"e\"]garbage", // trailing garbage
            "42[]", // event without a name
            "4X", // unknown Socket.IO packet type
            "4", // empty Socket.IO packet
            "41{}", // disconnect with a payload
            "43[\"x\"]", // ack without an id
            "45[\"e\"]", // binary event without attachment count
            "4511-[\"e\"]", // more attachments than allowed
            "9", // unknown Engine.IO packet type
            "" // empty frame
    })
    void malformedPacketOverWebSocketClosesTheConnection(String frame) throws Exception {
        long errorsBefore = servers.socketIo().protocolErrors() + servers.socketIoEngine().stats().protocolErrors();
        try (RawWebSocket ws = connectedWebSocket()) {
            ws.send(frame);
            int status = ws.closed().get(10, TimeUnit.SECONDS);
            assertTrue(status == 1000 || status == -1, "close status " + status);
        }
        assertTrue(servers.socketIo().protocolErrors() + servers.socketIoEngine().stats().protocolErrors() > errorsBefore,
                "counted as a protocol error");
    }

    @Test
    void placeholderIndexOutOfRangeClosesTheConnection() throws Exception {
        try (RawWebSocket ws = connectedWebSocket()) {
            ws.send("451-[\"e\",{\"_placeholder\":true,\"num\":3}]");
            ws.sendBinary(new byte[] { 1, 2, 3 });
            assertEquals(1000, ws.closed().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void unexpectedBinaryFrameClosesTheConnection() throws Exception {
        try (RawWebSocket ws = connectedWebSocket()) {
            ws.sendBinary(new byte[] { 1, 2, 3 });
            assertEquals(1000, ws.closed().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void textFrameWhileAttachmentsAreExpectedClosesTheConnection() throws Exception {
        try (RawWebSocket ws = connectedWebSocket()) {
            ws.send("451-[\"e\",{\"_placeholder\":true,\"num\":0}]");
            ws.send("42[\"e\"]");
            assertEquals(1000, ws.closed().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void wellFormedTrafficKeepsTheWebSocketOpen() throws Exception {
        try (RawWebSocket ws = connectedWebSocket()) {
            ws.send("420[\"room:join\",{\"roomId\":\"raw-room\"}]");
            assertEquals("430[{\"ok\":true,\"roomId\":\"raw-room\"}]", ws.nextText());
            ws.send("421[\"no:such:event\"]");
            assertTrue(ws.nextText().startsWith("431[{\"ok\":false,\"error\":{\"code\":\"UNKNOWN_EVENT\""));
            assertTrue(!ws.closed().isDone(), "closed after valid traffic");
        }
    }

    // ---- CORS and the client bundle ----

    @Test
    void corsPreflightIsAnswered() {
        given().header("Origin", "http://app.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .queryParam("EIO", "4").queryParam("transport", "polling")
                .options(PATH)
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", "http://app.example")
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Methods", containsString("GET"))
                .header("Access-Control-Allow-Headers", containsString("content-type"));
    }

    @Test
    void pollingResponsesCarryCorsHeaders() {
        given().header("Origin", "http://app.example").queryParam("EIO", "4").queryParam("transport", "polling")
                .get(PATH)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://app.example")
                .body(containsString("\"sid\""));
    }

    @Test
    void clientBundleIsServedWithAnEtagAndRevalidates() {
        Response first = given().get("/socket.io/socket.io.min.js");
        first.then().statusCode(200).contentType(containsString("javascript")).body(not(emptyString()));
        String etag = first.header("ETag");
        assertTrue(etag != null && !etag.isBlank(), "no ETag");

        given().header("If-None-Match", etag).get("/socket.io/socket.io.min.js")
                .then().statusCode(304).header("ETag", etag).body(emptyString());
        given().header("If-None-Match", "\"something-else\"").get("/socket.io/socket.io.min.js")
                .then().statusCode(200).header("ETag", etag);
    }
}
