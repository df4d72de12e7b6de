package io.parley.notifier.provider;

import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

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
 * APNs over HTTP/2 with token-based authentication: {@code POST <endpoint>/3/device/<token>},
 * {@code authorization: bearer <ES256 JWT {iss: team, iat}, kid = key id>} (reused for
 * {@code token-refresh}), {@code apns-topic}, {@code apns-push-type: alert}, {@code apns-priority: 10},
 * {@code apns-collapse-id} per room. 410 (Unregistered) and 400 BadDeviceToken are gone; 403
 * ExpiredProviderToken/InvalidProviderToken renews the JWT and retries; 429/5xx retry; other 4xx
 * dead-letter. https endpoints use TLS with ALPN h2; http endpoints (local receivers) h2c with prior
 * knowledge.
 */
@ApplicationScoped
public class ApnsProvider implements PushProvider {

    private static final Pattern DEVICE_TOKEN = Pattern.compile("[0-9a-fA-F]{32,200}");

    record ProviderToken(String jwt, long issuedAtMs) {
    }

    private final HttpSender http;
    private final ObjectMapper json;
    private final NotifierConfig.Apns config;
    private final PrivateKey key;
    private final String endpoint;
    private volatile ProviderToken current;

    public ApnsProvider(HttpSender http, ObjectMapper json, NotifierConfig config) {
        this.http = http;
        this.json = json;
        this.config = config.apns();
        String pem = this.config.privateKey().orElseGet(() -> readKeyFile(this.config.privateKeyFile().orElse(null)));
        boolean on = this.config.teamId().isPresent() && this.config.keyId().isPresent() && pem != null
                && this.config.topic().isPresent();
        this.key = on ? EcKeys.pkcs8(pem, "EC") : null;
        String e = this.config.endpoint();
        this.endpoint = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    }

    /** The .p8 file's text, or null when no file is configured or it does not exist (APNs then stays off). */
    static String readKeyFile(String path) {
        if (path == null || path.isBlank() || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path))) {
            return null;
        }
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable APNs key file " + path, e);
        }
    }

    @Override
    public Provider kind() {
        return Provider.APNS;
    }

    @Override
    public boolean enabled() {
        return key != null;
    }

    @Override
    public String validate(String token, String p256dh, String auth) {
        return DEVICE_TOKEN.matcher(token).matches() ? null : "an APNs device token is hex (32 to 200 digits)";
    }

    String providerToken() {
        ProviderToken t = current;
        long now = System.currentTimeMillis();
        if (t == null || now - t.issuedAtMs() > config.tokenRefresh().toMillis()) {
            String jwt = Jws.es256("{\"alg\":\"ES256\",\"kid\":\"" + config.keyId().get() + "\"}",
                    "{\"iss\":\"" + config.teamId().get() + "\",\"iat\":" + now / 1000 + "}", key);
            t = new ProviderToken(jwt, now);
            current = t;
        }
        return t.jwt();
    }

    @Override
    public Uni<SendResult> send(DeviceTarget device, PushNotification n) {
        byte[] body;
        try {
            Map<String, Object> aps = new LinkedHashMap<>();
            aps.put("alert", Map.of("title", n.title(), "body", n.preview()));
            aps.put("thread-id", n.roomId());
            aps.put("sound", "default");
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("aps", aps);
            payload.put("parley", n);
            body = json.writeValueAsBytes(payload);
        } catch (Exception e) {
            return Uni.createFrom().item(new SendResult(SendResult.Outcome.REJECTED, 0, e.getMessage(), null));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("authorization", "bearer " + providerToken())
                .add("apns-topic", config.topic().get())
                .add("apns-push-type", "alert")
                .add("apns-priority", "10")
                .add("apns-collapse-id", n.roomId().length() <= 64 ? n.roomId() : n.roomId().substring(0, 64))
                .add("content-type", "application/json");
        return http.postHttp2(endpoint + "/3/device/" + device.token(), headers, body).map(r -> {
            String text = r.bodyText(300);
            if (r.status() == 400 && text.contains("BadDeviceToken")) {
                return new SendResult(SendResult.Outcome.GONE, 400, "HTTP 400 " + text, null);
            }
            if (r.status() == 403 && (text.contains("ExpiredProviderToken") || text.contains("InvalidProviderToken"))) {
                current = null;
                return SendResult.transientError(403, "HTTP 403 " + text, null);
            }
            if (r.status() == 404) { // BadPath: our request is wrong, not the device
                return new SendResult(SendResult.Outcome.REJECTED, 404, "HTTP 404 " + text, null);
            }
            return SendResult.fromHttp(r);
        });
    }
}
