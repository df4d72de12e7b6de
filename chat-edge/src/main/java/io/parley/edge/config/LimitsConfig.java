package io.parley.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Abuse limits of connections (prefix {@code parley.limits}). The limits of chat events live under
 * {@code parley.chat} (message size, rooms per socket, sends per second per socket) and
 * {@code parley.ratelimit} (cluster-wide send and join buckets per user and per IP).
 */
@ConfigMapping(prefix = "parley.limits")
public interface LimitsConfig {

    /**
     * Sockets one user may have connected to the main namespace on one node at once (counted per
     * node, not cluster-wide); one more is refused with CONNECT_ERROR {@code TOO_MANY_CONNECTIONS}.
     */
    @WithDefault("20")
    int connectionsPerUser();

    /**
     * Sockets one client IP may have connected to the main namespace on one node at once (per node);
     * one more is refused with CONNECT_ERROR {@code TOO_MANY_CONNECTIONS}. The IP is the peer address,
     * or {@code parley.ratelimit.client-ip-header} when set.
     */
    @WithDefault("200")
    int connectionsPerIp();

    /** New Engine.IO sessions per client IP, cluster-wide (a token bucket in Redis); over it: HTTP 429. */
    Handshake handshake();

    interface Handshake {
        /** Sustained handshakes per second per IP (refill rate). */
        @WithDefault("20")
        double rate();

        /** Handshakes one IP may make at once (bucket size). */
        @WithDefault("100")
        int burst();
    }

    /**
     * Security events written to {@code system-logs} per node: a flood of refusals is counted in the
     * metrics in full but logged only up to this budget ({@code parley.security.events.unlogged} counts
     * the rest).
     */
    SecurityLog securityLog();

    interface SecurityLog {
        /** Sustained security events per second written to system-logs. */
        @WithDefault("5")
        double rate();

        /** Security events written at once before the rate applies. */
        @WithDefault("20")
        int burst();
    }
}
