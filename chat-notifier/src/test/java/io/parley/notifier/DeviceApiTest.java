package io.parley.notifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.notifier.receivers.Receivers;
import io.parley.notifier.receivers.ReceiversResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The device and mute API with real Keycloak tokens: ownership, validation, errors. */
@QuarkusTest
@QuarkusTestResource(ReceiversResource.class)
class DeviceApiTest {

    static String alice;
    static String bob;
    static String admin;

    @BeforeAll
    static void tokens() {
        alice = TestStack.token("alice");
        bob = TestStack.token("bob");
        admin = TestStack.token("admin");
    }

    @Test
    void aUserRegistersListsAndRemovesOwnDevices() {
        Receivers.Subscription s = ReceiversResource.receivers().subscribe(TestStack.unique("api"));
        Map<String, Object> body = Map.of("provider", "WEBPUSH", "token", s.endpoint(), "label", "laptop",
                "keys", Map.of("p256dh", s.p256dh(), "auth", s.auth()));
        String id = given().auth().oauth2(alice).contentType(ContentType.JSON).body(body).post("/api/devices")
                .then().statusCode(201).body("userId", equalTo("alice")).body("provider", equalTo("WEBPUSH"))
                .body("label", equalTo("laptop")).extract().path("id");
        // the same subscription again: updated, not duplicated
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(body).post("/api/devices")
                .then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(alice).get("/api/devices").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(alice).get("/api/users/alice/devices").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(admin).get("/api/users/alice/devices").then().statusCode(200).body("id", hasItem(id));

        // bob can neither see nor remove alice's devices, nor register for her
        given().auth().oauth2(bob).get("/api/users/alice/devices").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(bob).delete("/api/devices/{id}", id).then().statusCode(404);
        given().auth().oauth2(bob).contentType(ContentType.JSON)
                .body(Map.of("provider", "WEBHOOK", "token", TestStack.unique("x")))
                .post("/api/users/alice/devices").then().statusCode(403);
        given().auth().oauth2(bob).get("/api/devices").then().statusCode(200).body("id", not(hasItem(id)));

        given().auth().oauth2(alice).delete("/api/devices/{id}", id).then().statusCode(204);
        given().auth().oauth2(alice).get("/api/devices").then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(alice).delete("/api/devices/{id}", id).then().statusCode(404);
    }

    @Test
    void anAdminManagesAnyUsersDevices() {
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("provider", "FCM", "token", TestStack.unique("fcm"))).post("/api/users/bob/devices")
                .then().statusCode(201).body("userId", equalTo("bob")).extract().path("id");
        given().auth().oauth2(bob).get("/api/devices").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(admin).delete("/api/devices/{id}", id).then().statusCode(204);
    }

    @Test
    void invalidRegistrationsAreRefusedWithProblems() {
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(Map.of("provider", "WEBPUSH", "token", "https://push.example/x",
                        "keys", Map.of("p256dh", "AAAA", "auth", "BBBB")))
                .post("/api/devices").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("keys"));
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(Map.of("provider", "APNS", "token", "not-hex")).post("/api/devices")
                .then().statusCode(400).body("errors[0].field", equalTo("token"));
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(Map.of("provider", "SMOKE", "token", "x"))
                .post("/api/devices").then().statusCode(400);
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(Map.of("provider", "WEBHOOK"))
                .post("/api/devices").then().statusCode(400);
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(Map.of("provider", "WEBHOOK", "token", "r", "keys", Map.of("auth", "x")))
                .post("/api/devices").then().statusCode(400);
    }

    @Test
    void withoutAValidTokenTheApiAnswers401() {
        given().get("/api/devices").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/devices").then().statusCode(401);
        given().auth().oauth2(alice + "x").get("/api/mutes").then().statusCode(401);
    }

    @Test
    void muteSettingsAreTheCallersOwn() {
        String room = "grp:" + TestStack.unique("m");
        given().auth().oauth2(bob).contentType(ContentType.JSON).body(Map.of("until", "2999-01-01T00:00:00Z"))
                .put("/api/mutes/{r}", room).then().statusCode(200).body("userId", equalTo("bob"));
        given().auth().oauth2(bob).get("/api/mutes").then().statusCode(200).body("roomId", hasItem(room));
        given().auth().oauth2(alice).get("/api/mutes").then().statusCode(200).body("roomId", not(hasItem(room)));
        given().auth().oauth2(bob).delete("/api/mutes/{r}", room).then().statusCode(204);
        given().auth().oauth2(bob).get("/api/mutes").then().statusCode(200).body("roomId", not(hasItem(room)));
    }
}
