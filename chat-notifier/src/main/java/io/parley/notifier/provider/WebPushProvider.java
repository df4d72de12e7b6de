package io.parley.notifier.provider;

import java.net.URI;
import java.security.interfaces.ECPrivateKey;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.notifier.config.NotifierConfig;
import io.parley.notifier.crypto.Base64Url;
import io.parley.notifier.crypto.EcKeys;
import io.parley.notifier.crypto.Jws;
import io.parley.notifier.crypto.WebPushCrypto;
import io.parley.notifier.entity.Provider;
import io.parley.notifier.mapping.DeviceTarget;
import io.parley.notifier.mapping.PushNotification;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;

/**
 * Web Push: the notification JSON encrypted for the subscription (RFC 8291, aes128gcm) and POSTed
 * to its endpoint (RFC 8030) with a VAPID {@code Authorization: vapid t=<ES256 JWT>, k=<public key>}
 * (RFC 8292; aud = the endpoint's origin, exp = 12 h). 201/200/202 delivered, 404/410 gone (the
 * subscription expired or was unsubscribed), 429/5xx retried, 413 and other 4xx dead-lettered.
 */
@ApplicationScoped
public class WebPushProvider implements PushProvider {

    private static final Set<String> URGENCIES = Set.of("very-low", "low", "normal", "high");
    private static final long JWT_LIFETIME_S = 12 * 3600;

    private final HttpSender http;
    private final ObjectMapper json;
    private final ECPrivateKey vapidPrivate;
    private final String vapidPublic;
    private final String subject;
    private final long ttlSeconds;
    private final String urgency;

    public WebPushProvider(HttpSender http, ObjectMapper json, NotifierConfig config) {
        this.http = http;
        this.json = json;
        var c = config.webpush();
        if (c.vapidPrivateKey().isPresent() && c.vapidPublicKey().isPresent()) {
            this.vapidPrivate = EcKeys.decodePrivate(Base64Url.decode(c.vapidPrivateKey().get()));
            byte[] pub = Base64Url.decode(c.vapidPublicKey().get());
            EcKeys.decodePoint(pub); // fails at start on a malformed key
            this.vapidPublic = Base64Url.encode(pub);
        } else {
            this.vapidPrivate = null;
            this.vapidPublic = null;
        }
        this.subject = c.subject();
        this.ttlSeconds = c.ttl().toSeconds();
        this.urgency = c.urgency().toLowerCase(Locale.ROOT);
        if (!URGENCIES.contains(urgency)) {
            throw new IllegalArgumentException("parley.notifier.webpush.urgency must be one of " + URGENCIES);
        }
    }

    @Override
    public Provider kind() {
        return Provider.WEBPUSH;
    }

    @Override
    public boolean enabled() {
        return vapidPrivate != null;
    }

    @Override
    public String validate(String token, String p256dh, String auth) {
        try {
            URI uri = URI.create(token);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                return "token must be the subscription's http(s) endpoint URL";
            }
        } catch (IllegalArgumentException e) {
            return "token must be the subscription's endpoint URL";
        }
        try {
            EcKeys.decodePoint(Base64Url.decode(p256dh));
            if (Base64Url.decode(auth).length != 16) {
                return "keys.auth must be 16 bytes, base64url";
            }
        } catch (IllegalArgumentException e) {
            return "keys.p256dh must be an uncompressed P-256 point and keys.auth 16 bytes, base64url";
        }
        return null;
    }

    /** The VAPID JWT for an endpoint (RFC 8292 §2). */
    String vapidJwt(String endpoint, long nowSeconds) {
        URI uri = URI.create(endpoint);
        String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        String claims;
        try {
            claims = json.writeValueAsString(java.util.Map.of("aud", origin, "exp", nowSeconds + JWT_LIFETIME_S,
                    "sub", subject));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Jws.es256("{\"typ\":\"JWT\",\"alg\":\"ES256\"}", claims, vapidPrivate);
    }

    @Override
    public Uni<SendResult> send(DeviceTarget device, PushNotification n) {
        byte[] body;
        String jwt;
        try {
            body = WebPushCrypto.encrypt(json.writeValueAsBytes(n), Base64Url.decode(device.p256dh()),
                    Base64Url.decode(device.auth()));
            jwt = vapidJwt(device.token(), System.currentTimeMillis() / 1000);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Uni.createFrom().item(new SendResult(SendResult.Outcome.REJECTED, 0,
                    "cannot encrypt for this subscription: " + e.getMessage(), null));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/octet-stream")
                .add("Content-Encoding", "aes128gcm")
                .add("TTL", Long.toString(ttlSeconds))
                .add("Urgency", urgency)
                .add("Topic", topic(n.roomId()))
                .add("Authorization", "vapid t=" + jwt + ", k=" + vapidPublic);
        return http.post(device.token(), headers, body).map(SendResult::fromHttp);
    }

    /**
     * RFC 8030 §5.4 Topic: a newer message of the same room replaces an undelivered older one at the
     * push service. At most 32 base64url characters.
     */
    static String topic(String roomId) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(roomId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Base64Url.encode(java.util.Arrays.copyOf(digest, 24));
    }
}
