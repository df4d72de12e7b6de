package io.parley.notifier.provider;

import java.time.Duration;

/**
 * The outcome of one attempt.
 *
 * @param outcome    what to do next
 * @param status     HTTP status, or 0 when no response came
 * @param detail     error text for logs and dead letters (null when delivered)
 * @param retryAfter the provider's Retry-After, or null
 */
public record SendResult(Outcome outcome, int status, String detail, Duration retryAfter) {

    public enum Outcome {
        /** Accepted by the provider. */
        DELIVERED,
        /** Try again later (5xx, 429, timeout, connection error, expired credentials). */
        TRANSIENT,
        /** The token or subscription no longer exists (404/410, unregistered): remove the device. */
        GONE,
        /** Refused for good (other 4xx): dead-letter without retrying. */
        REJECTED
    }

    public static SendResult delivered(int status) {
        return new SendResult(Outcome.DELIVERED, status, null, null);
    }

    public static SendResult transientError(int status, String detail, Duration retryAfter) {
        return new SendResult(Outcome.TRANSIENT, status, detail, retryAfter);
    }

    /** The common reading of an HTTP answer; providers refine it. */
    public static SendResult fromHttp(HttpResult r) {
        int s = r.status();
        if (s >= 200 && s < 300) {
            return delivered(s);
        }
        String detail = "HTTP " + s + " " + r.bodyText(500);
        if (s == 404 || s == 410) {
            return new SendResult(Outcome.GONE, s, detail, null);
        }
        if (s == 408 || s == 429 || s >= 500) {
            return transientError(s, detail, r.retryAfter());
        }
        return new SendResult(Outcome.REJECTED, s, detail, null);
    }
}
