package io.parley.persister.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Authentication and authorization of every REST endpoint with real tokens of the test stack's
 * Keycloak: no token and bad tokens are 401 problems, callers the room and group rules do not
 * allow get 403 problems (docs/identity.md).
 */
@QuarkusTest
class AuthApiTest {

    private static final String UNKNOWN = "0190f5a2-7c3e-7a01-8b2c-1234567890ab";

    /** Every endpoint of the API, as a call on a prepared request (a token or none). */
    private static final Map<String, Function<RequestSpecification, ValidatableResponse>> ENDPOINTS = Map.of(
            "GET history", r -> r.get("/api/rooms/{room}/messages", "lobby").then(),
            "POST group", r -> r.contentType(ContentType.JSON)
                    .body("{\"name\":\"x\",\"visibility\":\"PUBLIC\",\"members\":[]}").post("/api/groups").then(),
            "GET group", r -> r.get("/api/groups/{id}", UNKNOWN).then(),
            "GET members", r -> r.get("/api/groups/{id}/members", UNKNOWN).then(),
            "GET user groups", r -> r.get("/api/users/{user}/groups", "alice").then(),
            "POST member", r -> r.contentType(ContentType.JSON).body("{\"userId\":\"bob\"}")
                    .post("/api/groups/{id}/members", UNKNOWN).then(),
            "DELETE member", r -> r.delete("/api/groups/{id}/members/{user}", UNKNOWN, "bob").then());

    @BeforeAll
    static void topics() {
        TestStack.ensureTopics();
    }

    @Test
    void everyEndpointRefusesACallWithoutToken() {
        ENDPOINTS.forEach((name, call) -> call.apply(given()).statusCode(401)
                .header("WWW-Authenticate", "Bearer").contentType("application/problem+json")
                .body("type", equalTo("urn:parley:problem:unauthorized")).body("status", equalTo(401)));
        // a header that is not a bearer token is the same as none
        given().header("Authorization", "Basic YWxpY2U6cGFybGV5").get("/api/users/alice/groups").then()
                .statusCode(401);
        given().auth().oauth2("not-a-jwt").get("/api/users/alice/groups").then().statusCode(401);
    }

    @Test
    void everyEndpointRefusesBadTokensWithOneAnswer() {
        Map<String, String> bad = Map.of("expired", Tokens.expired(), "foreign audience", Tokens.foreignAudience(),
                "forged", Tokens.forged(), "alg none", Tokens.algNone(), "tampered", Tokens.tampered());
        bad.forEach((kind, token) -> ENDPOINTS.forEach((name, call) -> {
            ValidatableResponse response = call.apply(given().auth().oauth2(token));
            response.statusCode(401).contentType("application/problem+json")
                    .body("detail", equalTo("a valid bearer access token is required"));
        }));
        // the same user's valid token passes
        given().auth().oauth2(Tokens.user("alice")).get("/api/users/alice/groups").then().statusCode(200);
    }

    @Test
    void privateGroupsAreForTheirMembers() {
        String id = create("alice", "PRIVATE", "bob");
        String room = "grp:" + id;
        // members, global admins and services see it; others get a 403 problem
        for (String token : List.of(Tokens.user("alice"), Tokens.user("bob"), Tokens.user("admin"), Tokens.service())) {
            given().auth().oauth2(token).get("/api/groups/{id}", id).then().statusCode(200).body("id", equalTo(id));
            given().auth().oauth2(token).get("/api/groups/{id}/members", id).then().statusCode(200)
                    .body("userId", containsInAnyOrder("alice", "bob"));
        }
        given().auth().oauth2(Tokens.user("carol")).get("/api/groups/{id}", id).then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("urn:parley:problem:forbidden"))
                .body("status", equalTo(403)).body("instance", equalTo("/api/groups/" + id));
        given().auth().oauth2(Tokens.user("carol")).get("/api/groups/{id}/members", id).then().statusCode(403);
        given().auth().oauth2(Tokens.user("carol")).get("/api/groups/{id}", UNKNOWN).then().statusCode(404);

        // history: members and services; not others, not even a global admin who is no member
        for (String token : List.of(Tokens.user("alice"), Tokens.user("bob"), Tokens.service())) {
            given().auth().oauth2(token).get("/api/rooms/{room}/messages", room).then().statusCode(200)
                    .body("roomId", equalTo(room));
        }
        for (String token : List.of(Tokens.user("carol"), Tokens.user("admin"))) {
            given().auth().oauth2(token).get("/api/rooms/{room}/messages", room).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(Tokens.user("alice")).get("/api/rooms/{room}/messages", "grp:" + UNKNOWN).then()
                .statusCode(404);

        // a user's group list: the user, a global admin or a service
        for (String token : List.of(Tokens.user("bob"), Tokens.user("admin"), Tokens.service())) {
            given().auth().oauth2(token).get("/api/users/{user}/groups", "bob").then().statusCode(200)
                    .body("id", hasItem(id));
        }
        given().auth().oauth2(Tokens.user("carol")).get("/api/users/{user}/groups", "bob").then().statusCode(403);
    }

    @Test
    void publicGroupsAreReadableByEverySignedInUserWhoMayJoinThemself() {
        String id = create("alice", "PUBLIC");
        given().auth().oauth2(Tokens.user("carol")).get("/api/groups/{id}", id).then().statusCode(200);
        given().auth().oauth2(Tokens.user("carol")).get("/api/rooms/{room}/messages", "grp:" + id).then()
                .statusCode(200);
        // carol may join as a member, not as an admin, and may not add others
        addMember("carol", id, "carol", "ADMIN").statusCode(403);
        addMember("carol", id, "carol", null).statusCode(201).body("role", equalTo("MEMBER"));
        addMember("carol", id, "dave", null).statusCode(403);
        // and leave again
        given().auth().oauth2(Tokens.user("carol")).delete("/api/groups/{id}/members/{user}", id, "carol").then()
                .statusCode(204);
    }

    @Test
    void directRoomsAreForTheirTwoUsers() {
        for (String user : List.of("alice", "bob")) {
            given().auth().oauth2(Tokens.user(user)).get("/api/rooms/{room}/messages", "dm:alice:bob").then()
                    .statusCode(200);
        }
        given().auth().oauth2(Tokens.service()).get("/api/rooms/{room}/messages", "dm:alice:bob").then()
                .statusCode(200);
        for (String user : List.of("carol", "admin")) {
            given().auth().oauth2(Tokens.user(user)).get("/api/rooms/{room}/messages", "dm:alice:bob").then()
                    .statusCode(403).contentType("application/problem+json");
        }
        // only the sorted form is a direct room
        given().auth().oauth2(Tokens.user("alice")).get("/api/rooms/{room}/messages", "dm:bob:alice").then()
                .statusCode(403);
        // open rooms: every signed-in user
        given().auth().oauth2(Tokens.user("carol")).get("/api/rooms/{room}/messages", "lobby").then().statusCode(200);

        // a DIRECT conversation (a group of two) must include its creator
        String body = "{\"visibility\":\"DIRECT\",\"members\":[{\"userId\":\"alice\"},{\"userId\":\"bob\"}]}";
        given().auth().oauth2(Tokens.user("carol")).contentType(ContentType.JSON).body(body).post("/api/groups")
                .then().statusCode(403);
        String id = given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON).body(body)
                .post("/api/groups").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)))
                .extract().path("id");
        given().auth().oauth2(Tokens.user("carol")).get("/api/groups/{id}", id).then().statusCode(403);
        given().auth().oauth2(Tokens.user("bob")).get("/api/groups/{id}", id).then().statusCode(200);
        given().auth().oauth2(Tokens.user("carol")).contentType(ContentType.JSON).body("{\"userId\":\"carol\"}")
                .post("/api/groups/{id}/members", id).then().statusCode(403);
    }

    @Test
    void membersAreAdministeredByTheGroupAdminOrAGlobalAdmin() {
        // the creator becomes ADMIN even when the request lists them as a plain member
        String id = given().auth().oauth2(Tokens.user("alice")).contentType(ContentType.JSON)
                .body("{\"name\":\"admins\",\"visibility\":\"PRIVATE\",\"members\":[{\"userId\":\"alice\",\"role\":\"MEMBER\"},"
                        + "{\"userId\":\"bob\"}]}")
                .post("/api/groups").then().statusCode(201).body("createdBy", equalTo("alice"))
                .extract().path("id");
        given().auth().oauth2(Tokens.user("alice")).get("/api/groups/{id}/members", id).then()
                .body("find { it.userId == 'alice' }.role", equalTo("ADMIN"))
                .body("find { it.userId == 'bob' }.role", equalTo("MEMBER"));

        addMember("alice", id, "dave", null).statusCode(201);            // group admin
        addMember("bob", id, "carol", null).statusCode(403);             // plain member
        given().auth().oauth2(Tokens.user("bob")).delete("/api/groups/{id}/members/{user}", id, "dave").then()
                .statusCode(403).contentType("application/problem+json");
        addMember("carol", id, "carol", null).statusCode(403);           // outsider, private group
        addMember("admin", id, "carol", null).statusCode(201);           // global admin, not a member
        given().auth().oauth2(Tokens.user("admin")).delete("/api/groups/{id}/members/{user}", id, "dave").then()
                .statusCode(204);
        addMember("alice", id, "bob", "ADMIN").statusCode(200).body("role", equalTo("ADMIN"));
        addMember("bob", id, "dave", null).statusCode(201);              // bob administers now
        given().auth().oauth2(Tokens.user("alice")).delete("/api/groups/{id}/members/{user}", id, "carol").then()
                .statusCode(204);
        // a member may leave
        given().auth().oauth2(Tokens.user("dave")).delete("/api/groups/{id}/members/{user}", id, "dave").then()
                .statusCode(204);
        given().auth().oauth2(Tokens.user("alice")).get("/api/groups/{id}/members", id).then()
                .body("userId", contains("alice", "bob"));
        // a service reads, but only users create groups
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON)
                .body("{\"name\":\"svc\",\"visibility\":\"PUBLIC\",\"members\":[]}").post("/api/groups").then()
                .statusCode(403);

        // GROUP_CREATED (with the visibility) comes first, then the members, in order
        List<ConsumerRecord<String, byte[]>> records = TestStack.readByKey(Topics.MEMBERSHIP_EVENTS, "grp:" + id, 3,
                Duration.ofSeconds(30));
        List<MembershipEvent> events = records.stream().map(r -> EventJson.read(r.value(), MembershipEvent.class))
                .toList();
        assertEquals(MembershipEvent.Type.GROUP_CREATED, events.get(0).type(), events.toString());
        assertEquals("PRIVATE", events.get(0).visibility());
        assertEquals("alice", events.get(0).userId());
        assertEquals("alice", events.get(0).actorId());
        assertEquals(List.of("MEMBER_ADDED alice ADMIN", "MEMBER_ADDED bob MEMBER"), events.subList(1, 3).stream()
                .map(e -> e.type() + " " + e.userId() + " " + e.role()).sorted().toList());
    }

    @Test
    void theApiDocumentsItsSecurityScheme() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/groups/{id}'.get.security[0].bearer", not(org.hamcrest.Matchers.nullValue()))
                .body("paths.'/api/rooms/{roomId}/messages'.get.responses", org.hamcrest.Matchers.hasKey("401"));
    }

    /** Creates a group as that demo user, with those members; returns its id. */
    static String create(String creator, String visibility, String... members) {
        StringBuilder list = new StringBuilder();
        for (String m : members) {
            list.append(list.isEmpty() ? "" : ",").append("{\"userId\":\"").append(m).append("\"}");
        }
        return given().auth().oauth2(Tokens.user(creator)).contentType(ContentType.JSON)
                .body("{\"name\":\"" + visibility.toLowerCase() + " of " + creator + "\",\"visibility\":\"" + visibility
                        + "\",\"members\":[" + list + "]}")
                .post("/api/groups").then().statusCode(201).body("createdBy", equalTo(creator)).extract().path("id");
    }

    private static ValidatableResponse addMember(String caller, String groupId, String userId, String role) {
        String body = role == null ? "{\"userId\":\"" + userId + "\"}"
                : "{\"userId\":\"" + userId + "\",\"role\":\"" + role + "\"}";
        return given().auth().oauth2(Tokens.user(caller)).contentType(ContentType.JSON).body(body)
                .post("/api/groups/{id}/members", groupId).then();
    }
}
