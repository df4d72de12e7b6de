package io.parley.notifier.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.notifier.config.NotifierConfig;
import io.parley.notifier.crypto.EcKeys;
import io.parley.notifier.crypto.Jws;
import io.parley.notifier.entity.Provider;
import io.parley.notifier.mapping.DeviceTarget;
import io.parley.notifier.mapping.PushNotification;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;

/**
 * FCM HTTP v1. Access token: an RS256 JWT signed with the service account's key
 * ({@code iss}=client e-mail, {@code scope}, {@code aud}=token endpoint, one hour) exchanged at the
 * token endpoint (grant type jwt-bearer), cached until a minute before it expires. Send:
 * {@code POST <send-endpoint>/v1/projects/<project>/messages:send} with
 * {@code {"message":{"token", "notification", "data", "android", "apns"}}}. 404 (UNREGISTERED) is
 * gone; 401 drops the cached token and retries; 429/5xx retry; other 4xx dead-letter.
 */
@ApplicationScoped
public class FcmProvider implements PushProvider {

    private static final Logger LOG = Logger.getLogger(FcmProvider.class);

    record AccessToken(String value, long expiresAtMs) {
    }

    private final HttpSender http;
    private final ObjectMapper json;
    private final NotifierConfig.Fcm config;
    private final String projectId;
    private final String clientEmail;
    private final PrivateKey key;
    private final String sendUrl;
    private final AtomicReference<Uni<AccessToken>> token = new AtomicReference<>();

    public FcmProvider(HttpSender http, ObjectMapper json, NotifierConfig config) {
        this.http = http;
        this.json = json;
        this.config = config.fcm();
        JsonNode account = readServiceAccount(json, this.config.serviceAccountFile().orElse(null));
        this.projectId = this.config.projectId().orElse(text(account, "project_id"));
        this.clientEmail = this.config.clientEmail().orElse(text(account, "client_email"));
        String pem = this.config.privateKey().orElse(text(account, "private_key"));
        boolean on = projectId != null && clientEmail != null && pem != null;
        this.key = on ? EcKeys.pkcs8(pem, "RSA") : null;
        this.sendUrl = on ? stripSlash(this.config.sendEndpoint()) + "/v1/projects/" + projectId + "/messages:send"
                : null;
    }

    @Override
    public Provider kind() {
        return Provider.FCM;
    }

    @Override
    public boolean enabled() {
        return key != null;
    }

    /** The OAuth2 assertion (RFC 7523) for the token endpoint. */
    String assertion(long nowSeconds) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientEmail);
        claims.put("scope", config.scope());
        claims.put("aud", config.tokenEndpoint());
        claims.put("iat", nowSeconds);
        claims.put("exp", nowSeconds + 3600);
        return Jws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", json.writeValueAsString(claims), key);
    }

    Uni<AccessToken> accessToken() {
        Uni<AccessToken> current = token.get();
        if (current != null) {
            return current.chain(t -> {
                if (t.expiresAtMs() - 60_000 > System.currentTimeMillis()) {
                    return Uni.createFrom().item(t);
                }
                token.compareAndSet(current, null);
                return accessToken();
            }).onFailure().invoke(e -> token.compareAndSet(current, null));
        }
        Uni<AccessToken> fetch = fetchToken().memoize().indefinitely();
        if (!token.compareAndSet(null, fetch)) {
            return accessToken();
        }
        return fetch.onFailure().invoke(e -> token.compareAndSet(fetch, null));
    }

    private Uni<AccessToken> fetchToken() {
        byte[] form;
        try {
            form = ("grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                    + "&assertion=" + URLEncoder.encode(assertion(System.currentTimeMillis() / 1000),
                            StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/x-www-form-urlencoded");
        return http.post(config.tokenEndpoint(), headers, form).map(r -> {
            if (r.status() != 200) {
                throw new IllegalStateException("FCM token endpoint answered HTTP " + r.status() + " " + r.bodyText(300));
            }
            try {
                JsonNode body = json.readTree(r.body());
                String value = body.path("access_token").asText(null);
                if (value == null) {
                    throw new IllegalStateException("no access_token in the token response");
                }
                long expiresIn = body.path("expires_in").asLong(3600);
                return new AccessToken(value, System.currentTimeMillis() + expiresIn * 1000);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("unreadable token response", e);
            }
        });
    }

    @Override
    public Uni<SendResult> send(DeviceTarget device, PushNotification n) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("message", message(device.token(), n)));
        } catch (Exception e) {
            return Uni.createFrom().item(new SendResult(SendResult.Outcome.REJECTED, 0, e.getMessage(), null));
        }
        return accessToken().chain(t -> {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json; charset=UTF-8")
                    .add("Authorization", "Bearer " + t.value());
            return http.post(sendUrl, headers, body).map(r -> {
                if (r.status() == 401) {
                    LOG.debug("FCM rejected the access token; fetching a new one");
                    token.set(null);
                    return SendResult.transientError(401, "HTTP 401 " + r.bodyText(300), null);
                }
                return SendResult.fromHttp(r);
            });
        }).onFailure().recoverWithItem(e -> SendResult.transientError(0, e.toString(), null));
    }

    Map<String, Object> message(String registrationToken, PushNotification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", registrationToken);
        m.put("notification", Map.of("title", n.title(), "body", n.preview()));
        Map<String, String> data = new LinkedHashMap<>();
        data.put("messageId", n.messageId());
        data.put("roomId", n.roomId());
        data.put("senderId", n.senderId());
        data.put("count", Long.toString(n.count()));
        data.put("ts", Long.toString(n.ts()));
        m.put("data", data);
        // one visible notification per room: a newer one replaces the older one on the device
        m.put("android", Map.of("collapse_key", collapse(n.roomId()),
                "notification", Map.of("tag", collapse(n.roomId()))));
        return m;
    }

    private static String collapse(String roomId) {
        return roomId.length() <= 64 ? roomId : roomId.substring(0, 64);
    }

    /** The service account file, or null when none is configured or it does not exist (FCM then stays off). */
    static JsonNode readServiceAccount(ObjectMapper json, String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(path);
        if (!java.nio.file.Files.isRegularFile(file)) {
            LOG.infof("FCM service account file %s does not exist: FCM stays off unless configured by keys", path);
            return null;
        }
        try {
            return json.readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable FCM service account file " + path, e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.path(field).isTextual() ? null : node.path(field).asText();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
