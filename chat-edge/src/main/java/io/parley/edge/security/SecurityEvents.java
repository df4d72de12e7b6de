package io.parley.edge.security;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.edge.chat.SendRateLimiter;
import io.parley.edge.config.LimitsConfig;
import io.parley.edge.pipeline.NodeLifecycleLog;

/**
 * Security events: refused tokens, refused joins, rate-limit and connection-limit hits. Each one is
 * counted in {@code parley.security.events{reason}} (a fixed set of reasons, so bounded labels) and
 * written to {@code system-logs} (kind SECURITY) within a per-node budget
 * ({@code parley.limits.security-log.*}), so a flood of refusals cannot flood Kafka; events over the
 * budget are counted in {@code parley.security.events.unlogged}. Never records a token or a message body.
 */
@ApplicationScoped
public class SecurityEvents {

    /** Why something was refused; the lower-case name is the metric tag and the log's {@code reason}. */
    public enum Reason {
        /** CONNECT without a token. */
        AUTH_REQUIRED,
        /** CONNECT with a token that failed verification. */
        AUTH_INVALID,
        /** A connected socket's token expired; the socket was disconnected. */
        TOKEN_EXPIRED,
        /** {@code auth:refresh} with a token that failed verification or belongs to another user. */
        REFRESH_INVALID,
        /** {@code room:join} of a room the user may not use. */
        JOIN_FORBIDDEN,
        /** {@code room:join} of an unknown group. */
        JOIN_NOT_FOUND,
        /** A send over the per-socket or cluster-wide rate. */
        RATE_LIMITED_SEND,
        /** A join over the cluster-wide rate. */
        RATE_LIMITED_JOIN,
        /** CONNECT over the per-user or per-IP connection limit. */
        TOO_MANY_CONNECTIONS,
        /** An Engine.IO handshake over the per-IP handshake rate. */
        HANDSHAKE_RATE_LIMITED;

        final String tag = name().toLowerCase(java.util.Locale.ROOT);
    }

    private final NodeLifecycleLog log;
    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
    private final Counter unlogged;
    private final SendRateLimiter budget;

    @Inject
    public SecurityEvents(NodeLifecycleLog log, MeterRegistry registry, LimitsConfig config) {
        this.log = log;
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("parley.security.events").tag("reason", reason.tag)
                    .description("security events: refused tokens and joins, limit hits").register(registry));
        }
        this.unlogged = Counter.builder("parley.security.events.unlogged")
                .description("security events counted but not written to system-logs (over the log budget)")
                .register(registry);
        this.budget = new SendRateLimiter(config.securityLog().rate(), config.securityLog().burst(),
                System.currentTimeMillis());
    }

    /**
     * Records a security event.
     *
     * @param userId the user, when known (null before authentication)
     * @param ip     the client IP, when known
     * @param roomId the room concerned, or null
     */
    public void record(Reason reason, String userId, String ip, String roomId) {
        counters.get(reason).increment();
        if (budget.tryAcquire(System.currentTimeMillis()) > 0) {
            unlogged.increment();
            return;
        }
        Map<String, String> attributes = new HashMap<>(4);
        attributes.put("reason", reason.tag);
        if (userId != null) {
            attributes.put("userId", userId);
        }
        if (ip != null && !ip.isEmpty()) {
            attributes.put("ip", ip);
        }
        if (roomId != null) {
            attributes.put("roomId", roomId);
        }
        log.security("security: " + reason.tag, attributes);
    }

    /** How many events of this reason were recorded on this node (for tests and diagnostics). */
    public double count(Reason reason) {
        return counters.get(reason).count();
    }
}
