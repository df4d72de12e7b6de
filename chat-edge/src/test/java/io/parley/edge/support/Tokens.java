package io.parley.edge.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Real access tokens from the test Keycloak (realm {@code parley}, stack/keycloak/realms) by password
 * grant, and the bad tokens a client could forge from them. The provider is
 * {@code QUARKUS_OIDC_AUTH_SERVER_URL} (exported by stack/test.sh), else the test Keycloak's default
 * port.
 */
public final class Tokens {

    public static final String PASSWORD = "parley";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private Tokens() {
    }

    /** The realm URL (the issuer). */
    public static String authServerUrl() {
        String url = System.getenv("QUARKUS_OIDC_AUTH_SERVER_URL");
        return url == null || url.isBlank() ? "http://127.0.0.1:8280/realms/parley" : url;
    }

    /** An access token of {@code user} issued to the parley-tests client (audience parley). */
    public static String of(String user) {
        return of("parley-tests", user);
    }

    /** An access token of {@code user} for a client of the realm: parley-tests, parley-tests-short (5 s), other-app. */
    public static String of(String clientId, String user) {
        String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(user) + "&password="
                + enc(PASSWORD) + "&scope=openid";
        HttpRequest request = HttpRequest.newBuilder(URI.create(authServerUrl() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request for " + user + "@" + clientId + " failed: "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the test OIDC provider does not answer at " + authServerUrl()
                    + " (start it with stack/keycloak.sh or run through stack/test.sh)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The token's claims. */
    public static JsonNode claims(String token) {
        try {
            return JSON.readTree(B64D.decode(token.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The same header (kid, RS256) and claims as {@code genuine}, signed with a key of our own. */
    public static String forged(String genuine) {
        try {
            String[] parts = genuine.split("\\.");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PrivateKey key = generator.generateKeyPair().getPrivate();
            String signingInput = parts[0] + "." + parts[1];
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of {@code genuine} with {@code alg: none} and no signature. */
    public static String algNone(String genuine) {
        try {
            ObjectNode header = (ObjectNode) JSON.readTree(B64D.decode(genuine.split("\\.")[0]));
            header.put("alg", "none");
            return B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + genuine.split("\\.")[1] + ".";
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
