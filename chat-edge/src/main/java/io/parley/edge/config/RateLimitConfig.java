package io.parley.edge.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Cluster-wide rate limits kept in Redis (prefix {@code parley.ratelimit}): token buckets per user
 * and per client IP, for sends and for joins. When Redis does not answer in {@link #timeout()} the
 * limiter lets the request through (fails open) and counts it in {@code parley.ratelimit.fail.open}.
 */
@ConfigMapping(prefix = "parley.ratelimit")
public interface RateLimitConfig {

    /** Check the Redis buckets; off leaves only the local per-socket send limit. */
    @WithDefault("true")
    boolean enabled();

    /** Longest wait for Redis before the request is let through. */
    @WithDefault("500ms")
    Duration timeout();

    /**
     * Header carrying the client IP when nodes sit behind a proxy (e.g. {@code X-Forwarded-For}: its
     * first entry is used). Unset: the peer address of the connection. Set it only when every
     * request passes through a proxy that overwrites the header, or clients can pick their IP.
     */
    Optional<String> clientIpHeader();

    /** Limits of {@code message:send}. */
    Action send();

    /** Limits of {@code room:join}. */
    Action join();

    /** The two buckets of one action. */
    interface Action {
        /** The bucket of one user, shared by all its sockets on every node. */
        Bucket perUser();

        /** The bucket of one client IP, shared by every user behind it. */
        Bucket perIp();
    }

    /** A token bucket: {@code burst} requests at once, refilled at {@code rate} per second. */
    interface Bucket {
        /** Sustained requests per second (refill rate, greater than 0). */
        double rate();

        /** Requests allowed at once (bucket size). */
        int burst();
    }
}
