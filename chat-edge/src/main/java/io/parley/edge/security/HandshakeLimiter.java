package io.parley.edge.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.edge.config.LimitsConfig;
import io.parley.edge.ratelimit.RateLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * New Engine.IO sessions per client IP ({@code parley.limits.handshake.*}): a token bucket per IP in
 * Redis, shared by every node. Over it, the handshake (polling GET or WebSocket upgrade without
 * {@code sid}) is answered HTTP 429 and counted as a security event; requests of open sessions are
 * never limited here. Fails open when Redis does not answer, like the other rate limits.
 */
@ApplicationScoped
public class HandshakeLimiter {

    private final RateLimits limits;
    private final LimitsConfig config;
    private final SecurityEvents security;

    public HandshakeLimiter(RateLimits limits, LimitsConfig config, SecurityEvents security) {
        this.limits = limits;
        this.config = config;
        this.security = security;
    }

    /** True when a new session may be opened for this request. */
    public Uni<Boolean> allow(HttpServerRequest request, String transport) {
        String ip = limits.clientIp(request);
        return limits.acquireHandshake(ip, config.handshake().rate(), config.handshake().burst()).map(wait -> {
            if (wait > 0) {
                security.record(SecurityEvents.Reason.HANDSHAKE_RATE_LIMITED, null, ip, null);
                return false;
            }
            return true;
        });
    }
}
