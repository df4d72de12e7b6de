package io.parley.edge.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.parley.edge.chat.ErrorCode;
import io.parley.edge.config.LimitsConfig;
import io.parley.edge.socketio.ConnectRefusedException;

/**
 * Connections per user and per client IP on this node ({@code parley.limits.connections-per-*}).
 * The limit is checked at CONNECT and a socket is counted once it is connected, so connects racing
 * each other may overshoot by the number in flight; counts are per node, not cluster-wide.
 */
@ApplicationScoped
public class ConnectionLimits {

    private final LimitsConfig config;
    private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perIp = new ConcurrentHashMap<>();

    public ConnectionLimits(LimitsConfig config) {
        this.config = config;
    }

    /** Throws ConnectRefusedException TOO_MANY_CONNECTIONS when the user or IP is at its limit. */
    public void check(String userId, String ip) {
        if (count(perUser, userId) >= config.connectionsPerUser() || count(perIp, ip) >= config.connectionsPerIp()) {
            throw refused();
        }
    }

    public static ConnectRefusedException refused() {
        return new ConnectRefusedException("Too many connections",
                JsonNodeFactory.instance.objectNode().put("code", ErrorCode.TOO_MANY_CONNECTIONS.name()));
    }

    public void connected(String userId, String ip) {
        perUser.computeIfAbsent(userId, k -> new AtomicInteger()).incrementAndGet();
        perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
    }

    public void disconnected(String userId, String ip) {
        release(perUser, userId);
        release(perIp, ip);
    }

    private static int count(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    private static void release(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
