package io.parley.persister.it;

import static io.parley.persister.it.ChatUser.errorCode;
import static io.parley.persister.it.ChatUser.json;
import static io.parley.persister.it.PipelineIT.user;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.awaitility.core.ConditionTimeoutException;

import io.parley.persister.TestStack;
import io.parley.persister.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Membership changes reach every edge: a private group is created through the persister's API,
 * its members join the group's room on two edge nodes, one member is removed through the API, and
 * that member's sockets on both nodes leave the room (persister outbox -> membership-events ->
 * every node's consumer): they receive none of the room's messages any more and get NOT_A_MEMBER
 * when sending to it, while the remaining member still gets them on both nodes.
 */
class MembershipIT {

    private static AppProcess persister;
    private static AppProcess edgeA;
    private static AppProcess edgeB;

    @BeforeAll
    static void start() {
        TestStack.ensureTopics();
        persister = AppProcess.persister("membership-persister");
        edgeA = AppProcess.edge("membership-edge-a", persister);
        edgeB = AppProcess.edge("membership-edge-b", persister);
        AppProcess.awaitReady(persister, edgeA, edgeB);
        awaitMembershipConsumers();
    }

    @AfterAll
    static void stop() {
        AppProcess.closeAll(edgeA, edgeB, persister);
    }

    @Test
    void aMemberRemovedThroughTheApiLeavesTheGroupRoomOnEveryEdge() throws Exception {
        String alice = "alice"; // the group's creator and ADMIN, from her token
        String bob = user("bob");
        Response created = createGroup(alice, bob);
        String groupId = created.path("id");
        String room = created.path("roomId");
        assertEquals("PRIVATE", created.path("visibility"));

        try (ChatUser aliceA = ChatUser.connect(edgeA, alice); ChatUser aliceB = ChatUser.connect(edgeB, alice);
                ChatUser bobA = ChatUser.connect(edgeA, bob); ChatUser bobB = ChatUser.connect(edgeB, bob)) {
            for (ChatUser u : List.of(aliceA, aliceB, bobA, bobB)) {
                u.join(room);
            }
            JSONObject before = aliceA.send(room, "before", "m1");
            assertTrue(before.optBoolean("ok"), before.toString());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> bobA.receivedCount(before.getString("id")) == 1 && bobB.receivedCount(before.getString("id")) == 1);

            given().baseUri(persister.uri().toString()).auth().oauth2(Tokens.user(alice))
                    .delete("/api/groups/{id}/members/{userId}", groupId, bob)
                    .then().statusCode(204);

            // the removal travels through the outbox and Kafka to both nodes
            for (ChatUser b : List.of(bobA, bobB)) {
                await(b.userId() + " out of the room").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> "NOT_A_MEMBER".equals(errorCode(b.history(json("roomId", room, "limit", 1)))));
                JSONObject refused = b.send(room, "am I still in?", null);
                assertEquals("NOT_A_MEMBER", errorCode(refused), refused.toString());
            }

            // alice still gets the room's messages on both nodes; bob gets none of them on either
            JSONObject after = aliceA.send(room, "after", "m2");
            assertTrue(after.optBoolean("ok"), after.toString());
            JSONObject fromB = aliceB.send(room, "after, from node B", "m3");
            assertTrue(fromB.optBoolean("ok"), fromB.toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> aliceA.receivedCount(fromB.getString("id")) == 1
                    && aliceB.receivedCount(after.getString("id")) == 1 && aliceB.receivedCount(fromB.getString("id")) == 1);
            for (ChatUser b : List.of(bobA, bobB)) {
                assertEquals(List.of(before.getString("id")), PipelineIT.ids(b.received(room)),
                        b.userId() + " received only what was sent before the removal");
            }
        }
        given().baseUri(persister.uri().toString()).auth().oauth2(Tokens.user(alice))
                .get("/api/groups/{id}/members", groupId)
                .then().statusCode(200)
                .body("userId", contains(alice));
    }

    /** A private group created by {@code admin} (a demo user: the token's subject) with those members. */
    private static Response createGroup(String admin, String... members) {
        List<Map<String, String>> list = new java.util.ArrayList<>();
        list.add(Map.of("userId", admin));
        for (String m : members) {
            list.add(Map.of("userId", m));
        }
        Response response = given().baseUri(persister.uri().toString())
                .auth().oauth2(Tokens.user(admin)).contentType(ContentType.JSON)
                .body(Map.of("name", "it group " + admin, "visibility", "PRIVATE", "members", list))
                .post("/api/groups");
        response.then().statusCode(201).body("memberCount", equalTo(list.size()));
        return response;
    }

    /**
     * Each node's membership consumer starts at the latest offset once it has its partitions, a
     * few seconds after the node is ready: until a probe removal has reached both nodes, removals
     * could be missed. Probes (add, join on both nodes, remove) until one is seen everywhere.
     */
    private static void awaitMembershipConsumers() {
        String probe = user("probe");
        String admin = "bob";
        Response group = createGroup(admin, probe);
        String groupId = group.path("id");
        String room = group.path("roomId");
        try (ChatUser onA = ChatUser.connect(edgeA, probe); ChatUser onB = ChatUser.connect(edgeB, probe)) {
            await("membership-events consumed by both nodes").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptionsMatching(e -> e instanceof ConditionTimeoutException || e instanceof AssertionError)
                    .until(() -> {
                        given().baseUri(persister.uri().toString()).auth().oauth2(Tokens.user(admin))
                                .contentType(ContentType.JSON).body(Map.of("userId", probe))
                                .post("/api/groups/{id}/members", groupId);
                        onA.join(room);
                        onB.join(room);
                        given().baseUri(persister.uri().toString()).auth().oauth2(Tokens.user(admin))
                                .delete("/api/groups/{id}/members/{userId}", groupId, probe)
                                .then().statusCode(204);
                        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                                .untilAsserted(() -> {
                                    assertEquals("NOT_A_MEMBER", errorCode(onA.history(json("roomId", room, "limit", 1))));
                                    assertEquals("NOT_A_MEMBER", errorCode(onB.history(json("roomId", room, "limit", 1))));
                                });
                        return true;
                    });
        }
    }
}
