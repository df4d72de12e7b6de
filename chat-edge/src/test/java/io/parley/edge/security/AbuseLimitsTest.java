package io.parley.edge.security;

import static io.parley.edge.it.SioClient.assertOk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import io.parley.edge.it.SioClient;
import io.parley.edge.it.SioClient.Mode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.socket.client.IO;
import io.socket.client.Manager;

/**
 * Connection and handshake limits, and a flood from one client that is limited while another
 * client's messages keep flowing. Each test poses as its own client IPs through X-Forwarded-For
 * (parley.ratelimit.client-ip-header), as clients behind a proxy would be.
 */
@QuarkusTest
@TestProfile(AbuseLimitsTest.SmallLimits.class)
class AbuseLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.limits.connections-per-user", "2",
                    "parley.limits.connections-per-ip", "3",
                    "parley.limits.handshake.rate", "0.01",
                    "parley.limits.handshake.burst", "4",
                    "parley.ratelimit.client-ip-header", "X-Forwarded-For");
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Inject
    SecurityEvents security;

    private static String ip() {
        return "10." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    private SioClient start(String user, String ip, Mode mode) throws Exception {
        IO.Options options = SioClient.options(mode, Map.of("userId", user));
        options.extraHeaders = Map.of("X-Forwarded-For", List.of(ip));
        Manager manager = SioClient.manager(url.toURI(), options, new AtomicReference<>());
        return SioClient.start(manager, "/", options);
    }

    private static String refusalCode(SioClient client) throws Exception {
        await().atMost(SioClient.TIMEOUT).until(() -> client.connectError() != null || client.socket().connected());
        if (client.socket().connected()) {
            return "connected";
        }
        return assertInstanceOf(JSONObject.class, client.connectError()).getJSONObject("data").getString("code");
    }

    @Test
    void connectionsPerUserAreLimitedAndFreedOnDisconnect() throws Exception {
        String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
        double before = security.count(SecurityEvents.Reason.TOO_MANY_CONNECTIONS);
        try (SioClient a = start(user, ip(), Mode.WEBSOCKET).awaitConnected();
                SioClient b = start(user, ip(), Mode.WEBSOCKET).awaitConnected()) {
            try (SioClient c = start(user, ip(), Mode.WEBSOCKET)) {
                assertEquals("TOO_MANY_CONNECTIONS", refusalCode(c));
            }
            assertTrue(security.count(SecurityEvents.Reason.TOO_MANY_CONNECTIONS) > before);
            // another user is not affected
            try (SioClient other = start("other-" + user, ip(), Mode.WEBSOCKET)) {
                other.awaitConnected();
            }
            a.close();
            await().atMost(SioClient.TIMEOUT).untilAsserted(() -> {
                try (SioClient d = start(user, ip(), Mode.WEBSOCKET)) {
                    assertEquals("connected", refusalCode(d));
                }
            });
            assertTrue(b.socket().connected());
        }
    }

    @Test
    void connectionsPerIpAreLimited() throws Exception {
        String ip = ip();
        List<SioClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(start("ip-user-" + i + "-" + UUID.randomUUID(), ip, Mode.POLLING).awaitConnected());
            }
            try (SioClient fourth = start("ip-user-4-" + UUID.randomUUID(), ip, Mode.POLLING)) {
                assertEquals("TOO_MANY_CONNECTIONS", refusalCode(fourth));
            }
        } finally {
            clients.forEach(SioClient::close);
        }
    }

    @Test
    void handshakesPerIpAreLimitedWithHttp429() {
        String ip = ip();
        double before = security.count(SecurityEvents.Reason.HANDSHAKE_RATE_LIMITED);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(RestAssured.given().header("X-Forwarded-For", ip).queryParam("EIO", "4")
                    .queryParam("transport", "polling").get("/socket.io/").statusCode());
        }
        assertEquals(List.of(200, 200, 200, 200, 429, 429), statuses);
        assertTrue(security.count(SecurityEvents.Reason.HANDSHAKE_RATE_LIMITED) >= before + 2);
        // another IP still gets in
        RestAssured.given().header("X-Forwarded-For", ip()).queryParam("EIO", "4").queryParam("transport", "polling")
                .get("/socket.io/").then().statusCode(200);
    }

    @Test
    void aFloodFromOneClientIsLimitedWhileAnotherKeepsFlowing() throws Exception {
        String room = "flood-" + UUID.randomUUID();
        try (SioClient flooder = start("flooder-" + UUID.randomUUID(), ip(), Mode.WEBSOCKET).awaitConnected();
                SioClient calm = start("calm-" + UUID.randomUUID(), ip(), Mode.WEBSOCKET).awaitConnected();
                SioClient reader = start("reader-" + UUID.randomUUID(), ip(), Mode.WEBSOCKET).awaitConnected()) {
            assertOk(flooder.request("room:join", SioClient.json("roomId", room)));
            assertOk(calm.request("room:join", SioClient.json("roomId", room)));
            assertOk(reader.request("room:join", SioClient.json("roomId", room)));
            double limitedBefore = security.count(SecurityEvents.Reason.RATE_LIMITED_SEND);
            List<CompletableFuture<JSONObject>> flood = new ArrayList<>();
            for (int i = 0; i < 300; i++) { // bounded
                flood.add(flooder.requestAsync("message:send", SioClient.json("roomId", room, "body", "spam " + i)));
            }
            List<JSONObject> calmAcks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calmAcks.add(calm.send(room, "calm " + i, null));
            }
            CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
            long limited = flood.stream().map(CompletableFuture::join)
                    .filter(ack -> !ack.optBoolean("ok") && ack.optJSONObject("error") != null
                            && "RATE_LIMITED".equals(ack.optJSONObject("error").optString("code")))
                    .count();
            assertTrue(limited > 0, "the flood is limited");
            calmAcks.forEach(SioClient::assertOk);
            await().atMost(SioClient.TIMEOUT).until(() -> reader.received("message:new").stream()
                    .filter(m -> m.json().optString("body").startsWith("calm ")).count() == 10);
            assertTrue(security.count(SecurityEvents.Reason.RATE_LIMITED_SEND) >= limitedBefore + limited);
        }
    }
}
