package io.parley.persister;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Real access tokens from the test stack's Keycloak (realm {@code parley} of
 * stack/keycloak/realms, at {@code quarkus.oidc.auth-server-url}, which stack/test.sh sets), and
 * the bad tokens the API must refuse: expired, for another audience, signed by another key under
 * the provider's kid, {@code alg: none}, and a real token whose claims were changed.
 */
public final class Tokens {

    /** The demo users' password (stack/keycloak/realms/README.md). */
    public static final String PASSWORD = "parley";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, long expiresAtMs) {
    }

    private Tokens() {
    }

    public static String realmUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    /** An access token of a demo user (client parley-tests, password grant), reused while it has a minute left. */
    public static String user(String username) {
        return cached("parley-tests/" + username, () -> password("parley-tests", username));
    }

    /** A token of the service account (client parley-service, client credentials; role parley-service). */
    public static String service() {
        return cached("parley-service", () -> grant(Map.of("grant_type", "client_credentials",
                "client_id", "parley-service", "client_secret", "parley-service-secret")));
    }

    /** A token of alice issued for the audience other-app (not parley). */
    public static String foreignAudience() {
        return password("other-app", "alice");
    }

    /** A token of alice that has expired (client parley-tests-short: 5 s tokens; waits for its exp to pass). */
    public static String expired() {
        String token = password("parley-tests-short", "alice");
        long expMs = claims(token).get("exp").asLong() * 1000;
        await("token expired").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> System.currentTimeMillis() > expMs + 1500);
        return token;
    }

    /** The claims of a real token of alice, signed with a key of our own under the provider's kid. */
    public static String forged() {
        String real = user("alice");
        ObjectNode header = (ObjectNode) part(real, 0);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair ours = generator.generateKeyPair();
            String signingInput = encode(header) + "." + real.split("\\.")[1];
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(ours.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a real token of alice, unsigned: header {@code alg: none}, empty signature. */
    public static String algNone() {
        String real = user("alice");
        ObjectNode header = JSON.createObjectNode().put("alg", "none").put("typ", "JWT");
        return encode(header) + "." + real.split("\\.")[1] + ".";
    }

    /** A real token of alice whose claims were edited (sub admin, role parley-admin), signature kept. */
    public static String tampered() {
        String[] real = user("alice").split("\\.");
        ObjectNode claims = (ObjectNode) part(user("alice"), 1);
        claims.put("sub", "admin");
        claims.putObject("realm_access").putArray("roles").add("parley-user").add("parley-admin");
        return real[0] + "." + encode(claims) + "." + real[2];
    }

    /** The claims (payload) of a token. */
    public static JsonNode claims(String token) {
        return part(token, 1);
    }

    private static String password(String client, String username) {
        return grant(Map.of("grant_type", "password", "client_id", client, "username", username,
                "password", PASSWORD));
    }

    private static String cached(String key, java.util.function.Supplier<String> issue) {
        Cached c = CACHE.get(key);
        if (c == null || System.currentTimeMillis() > c.expiresAtMs() - 60_000) {
            String token = issue.get();
            c = new Cached(token, claims(token).get("exp").asLong() * 1000);
            CACHE.put(key, c);
        }
        return c.token();
    }

    private static String grant(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request of client " + form.get("client_id") + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("no token from " + realmUrl() + " (is Keycloak running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode part(String token, int index) {
        try {
            return JSON.readTree(B64D.decode(token.split("\\.")[index]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(JsonNode node) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
