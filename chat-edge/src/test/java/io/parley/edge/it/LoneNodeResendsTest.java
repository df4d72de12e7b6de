package io.parley.edge.it;

import static io.parley.edge.it.SioClient.assertOk;
import static io.parley.edge.support.ChatClient.memberIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.hamcrest.Matchers.containsString;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import io.parley.edge.it.SioClient.Mode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A single node without Redis remembers resend keys in its own memory, within
 * {@code parley.pipeline.dedup-max-keys}: the oldest beyond it are forgotten early, counted in the metrics.
 */
@QuarkusTest
@TestProfile(LoneNodeResendsTest.ThreeKeys.class)
class LoneNodeResendsTest {

    public static class ThreeKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.cluster.enabled", "false", "parley.pipeline.dedup-max-keys", "3");
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Test
    void resendsAreAnsweredFromMemoryAndTheOldestKeysGiveWayBeyondTheCap() throws Exception {
        String room = "lone-" + UUID.randomUUID();
        try (SioClient alice = SioClient.connect(url.toURI(), "alice-lone", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(url.toURI(), "bob-lone", Mode.WEBSOCKET)) {
            alice.join(room);
            bob.join(room);
            double forgottenBefore = metric("parley_chat_dedup_forgotten_early_total");

            JSONObject first = alice.send(room, "hello", "c1");
            JSONObject resend = alice.send(room, "hello", "c1");
            assertOk(first);
            assertOk(resend);
            assertEquals(first.getString("id"), resend.getString("id"), "the resend is answered with the original");

            for (int i = 2; i <= 4; i++) {
                assertOk(alice.send(room, "m" + i, "c" + i));
            }
            assertEquals(3.0, metric("parley_chat_dedup_keys"));
            assertEquals(forgottenBefore + 1, metric("parley_chat_dedup_forgotten_early_total"));

            JSONObject late = alice.send(room, "hello", "c1");
            assertOk(late);
            assertNotEquals(first.getString("id"), late.getString("id"), "c1 was forgotten: delivered again");
            bob.barrier();
            assertEquals(5, bob.received("message:new").size(), "hello, m2, m3, m4, hello again: " + bob.received("message:new"));
        }
    }

    @Test
    void aLoneNodeAnswersRoomMembersFromItsOwnSockets() throws Exception {
        String room = "lone-members-" + UUID.randomUUID();
        try (SioClient alice = SioClient.connect(url.toURI(), "alice-lone", Mode.WEBSOCKET);
                SioClient bob = SioClient.connect(url.toURI(), "bob-lone", Mode.POLLING)) {
            assertOk(alice.join(room));
            assertOk(bob.join(room));
            assertOk(alice.join(room)); // joining twice lists once
            assertEquals(List.of("alice-lone", "bob-lone"),
                    memberIds(alice.request("room:members", SioClient.json("roomId", room))));
            assertOk(alice.request("room:leave", SioClient.json("roomId", room))); // one leave after two joins
            assertEquals(List.of("bob-lone"),
                    memberIds(bob.request("room:members", SioClient.json("roomId", room))));
        }
    }

    private static double metric(String name) {
        String body = RestAssured.get("/q/metrics").then().statusCode(200).body(containsString(name)).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
        if (!value.find()) {
            throw new AssertionError(name + " has no sample in /q/metrics");
        }
        return Double.parseDouble(value.group(1));
    }
}
