package io.parley.persister.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.events.EventJson;
import io.parley.events.MembershipEvent;
import io.parley.events.Topics;
import io.parley.persister.TestStack;
import io.parley.persister.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class GroupApiTest {

    @BeforeAll
    static void topics() {
        TestStack.ensureTopics();
    }

    @Test
    void groupLifecyclePublishesMembershipEvents() {
        String alice = "alice"; // the caller, from her token
        String bob = TestStack.room("bob");
        String carol = TestStack.room("carol");
        String id = given().auth().oauth2(Tokens.user(alice)).contentType(ContentType.JSON)
                .body("{\"name\":\"Team\",\"visibility\":\"PRIVATE\",\"members\":[{\"userId\":\"" + bob + "\"}]}")
                .post("/api/groups").then().statusCode(201)
                .header("Location", startsWith("http")).body("name", equalTo("Team"))
                .body("visibility", equalTo("PRIVATE")).body("createdBy", equalTo(alice))
                .body("memberCount", equalTo(2)).extract().path("id");
        String roomId = "grp:" + id;

        given().auth().oauth2(Tokens.user("alice")).get("/api/groups/{id}", id).then().statusCode(200).body("id", equalTo(id))
                .body("roomId", equalTo(roomId));
        given().auth().oauth2(Tokens.user("alice")).get("/api/groups/{id}/members", id).then().statusCode(200)
                .body("userId", containsInAnyOrder(alice, bob))
                .body("find { it.userId == '" + alice + "' }.role", equalTo("ADMIN"))
                .body("find { it.userId == '" + bob + "' }.role", equalTo("MEMBER"));

        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body("{\"userId\":\"" + carol + "\",\"role\":\"ADMIN\"}")
                .post("/api/groups/{id}/members", id).then().statusCode(201).body("role", equalTo("ADMIN"));
        // adding again with the same role changes nothing
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body("{\"userId\":\"" + carol + "\",\"role\":\"ADMIN\"}")
                .post("/api/groups/{id}/members", id).then().statusCode(200);
        given().auth().oauth2(Tokens.user("admin")).get("/api/users/{user}/groups", carol).then().statusCode(200).body("id", contains(id));

        given().auth().oauth2(Tokens.user("alice")).delete("/api/groups/{id}/members/{user}", id, bob).then().statusCode(204);
        given().auth().oauth2(Tokens.user("alice")).get("/api/groups/{id}/members", id).then().body("userId", not(hasItem(bob)));
        given().auth().oauth2(Tokens.user("admin")).get("/api/users/{user}/groups", bob).then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(Tokens.user("alice")).delete("/api/groups/{id}/members/{user}", id, bob).then().statusCode(404)
                .contentType("application/problem+json");

        List<ConsumerRecord<String, byte[]>> records = TestStack.readByKey(Topics.MEMBERSHIP_EVENTS, roomId, 5,
                Duration.ofSeconds(30));
        List<String> changes = records.stream().map(r -> EventJson.read(r.value(), MembershipEvent.class))
                .map(e -> e.type() + " " + e.userId() + " " + e.role() + " " + e.actorId()).toList();
        assertEquals(5, changes.size(), changes.toString());
        assertEquals("GROUP_CREATED " + alice + " null " + alice, changes.get(0));
        assertEquals(List.of("MEMBER_ADDED " + carol + " ADMIN " + alice, "MEMBER_REMOVED " + bob + " null " + alice),
                changes.subList(3, 5));
        // the members of the new group in any order
        assertEquals(List.of("MEMBER_ADDED " + alice + " ADMIN " + alice, "MEMBER_ADDED " + bob + " MEMBER " + alice),
                changes.subList(1, 3).stream().sorted().toList());
    }

    @Test
    void aDirectConversationExistsOncePerPair() {
        String a = "alice"; // the caller must be one of the two
        String b = TestStack.room("dm-b");
        String body = "{\"visibility\":\"DIRECT\",\"members\":[{\"userId\":\"" + a + "\"},{\"userId\":\"" + b + "\"}]}";
        String id = given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body(body).post("/api/groups").then().statusCode(201)
                .body("visibility", equalTo("DIRECT")).extract().path("id");
        String reversed = "{\"visibility\":\"DIRECT\",\"members\":[{\"userId\":\"" + b + "\"},{\"userId\":\"" + a
                + "\"}]}";
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body(reversed).post("/api/groups").then().statusCode(200)
                .body("id", equalTo(id));
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body("{\"userId\":\"intruder\"}").post("/api/groups/{id}/members", id)
                .then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
    }

    @Test
    void unknownGroupsAreNotFoundProblems() {
        String unknown = "0190f5a2-7c3e-7a01-8b2c-1234567890ab";
        given().auth().oauth2(Tokens.user("alice")).get("/api/groups/{id}", unknown).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:parley:problem:not-found")).body("title", equalTo("Not found"))
                .body("status", equalTo(404)).body("detail", equalTo("no group " + unknown))
                .body("instance", equalTo("/api/groups/" + unknown));
        given().auth().oauth2(Tokens.user("alice")).get("/api/groups/not-a-uuid/members").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body("{\"userId\":\"x\"}").post("/api/groups/{id}/members", unknown)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void invalidBodiesAreValidationProblems() {
        // no visibility, blank member id
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body("{\"name\":\"x\",\"members\":[{\"userId\":\"\"}]}")
                .post("/api/groups").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:parley:problem:invalid-request")).body("status", equalTo(400))
                .body("instance", equalTo("/api/groups"))
                .body("errors.field", containsInAnyOrder("members[0].userId", "visibility"));
        // a public group without a name
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body("{\"visibility\":\"PUBLIC\",\"members\":[]}")
                .post("/api/groups").then().statusCode(400).body("errors[0].field", equalTo("name"));
        // a direct conversation of three
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON)
                .body("{\"visibility\":\"DIRECT\",\"members\":[{\"userId\":\"a\"},{\"userId\":\"b\"},{\"userId\":\"c\"}]}")
                .post("/api/groups").then().statusCode(400).body("errors[0].field", equalTo("members"));
        // not JSON, and an unknown enum value
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body("{\"name\":").post("/api/groups").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400));
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body("{\"name\":\"x\",\"visibility\":\"SECRET\",\"members\":[]}")
                .post("/api/groups").then().statusCode(400).contentType("application/problem+json");
        // no body at all
        given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).post("/api/groups").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void openApiDocumentsTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/rooms/{roomId}/messages'.get.summary", startsWith("A room's messages"))
                .body("paths.'/api/groups/{id}/members/{userId}'.delete.summary", startsWith("Remove a member"));
    }
}
