package io.parley.edge.chat;

/**
 * A token bucket: {@code burst} sends at once, refilled at {@code ratePerSecond}. One per socket,
 * used on the socket's event loop.
 */
public final class SendRateLimiter {

    private final double ratePerMilli;
    private final int burst;
    private double tokens;
    private long lastRefill;

    public SendRateLimiter(double ratePerSecond, int burst, long nowMillis) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = nowMillis;
    }

    /** @return 0 when the send may go, otherwise the milliseconds until a token is available */
    public synchronized long tryAcquire(long nowMillis) {
        if (nowMillis > lastRefill) {
            tokens = Math.min(burst, tokens + (nowMillis - lastRefill) * ratePerMilli);
            lastRefill = nowMillis;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerMilli);
    }
}
