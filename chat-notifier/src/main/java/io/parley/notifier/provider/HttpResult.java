package io.parley.notifier.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.vertx.core.MultiMap;

/** A provider's HTTP answer. */
public record HttpResult(int status, MultiMap headers, byte[] body) {

    public String bodyText(int max) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Retry-After in seconds (the HTTP-date form is not used by push providers), or null. */
    public Duration retryAfter() {
        String v = headers.get("Retry-After");
        if (v == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
