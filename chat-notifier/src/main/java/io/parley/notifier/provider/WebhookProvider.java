package io.parley.notifier.provider;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.notifier.config.NotifierConfig;
import io.parley.notifier.crypto.WebhookSignature;
import io.parley.notifier.entity.Provider;
import io.parley.notifier.mapping.DeviceTarget;
import io.parley.notifier.mapping.PushNotification;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;

/**
 * POSTs {@code {"recipient", "userId", "deviceId", "notification"}} as JSON to the configured URL,
 * signed with {@link WebhookSignature} (HMAC-SHA256 of timestamp and body). 2xx is delivered,
 * 404/410 means the recipient is gone, 408/429/5xx are retried, other 4xx are dead-lettered.
 */
@ApplicationScoped
public class WebhookProvider implements PushProvider {

    private final HttpSender http;
    private final ObjectMapper json;
    private final String url;
    private final byte[] secret;

    public WebhookProvider(HttpSender http, ObjectMapper json, NotifierConfig config) {
        this.http = http;
        this.json = json;
        this.url = config.webhook().url().orElse(null);
        this.secret = config.webhook().secret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public Provider kind() {
        return Provider.WEBHOOK;
    }

    @Override
    public boolean enabled() {
        return url != null && secret != null;
    }

    @Override
    public Uni<SendResult> send(DeviceTarget device, PushNotification n) {
        byte[] body;
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recipient", device.token());
            m.put("userId", device.userId());
            m.put("deviceId", device.id().toString());
            m.put("notification", n);
            body = json.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(new SendResult(SendResult.Outcome.REJECTED, 0, e.getMessage(), null));
        }
        long ts = System.currentTimeMillis() / 1000;
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .add(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, ts, body));
        return http.post(url, headers, body).map(SendResult::fromHttp);
    }
}
