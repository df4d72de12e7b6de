package io.parley.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Presence and session tracking in Redis (prefix {@code parley.presence}). The time to live of the
 * entries is {@code parley.cluster.presence-ttl}; nodes refresh them at a third of it.
 */
@ConfigMapping(prefix = "parley.presence")
public interface PresenceConfig {

    /** Track presence and sessions in Redis (needs {@code parley.cluster.enabled}). */
    @WithDefault("true")
    boolean enabled();

    /** Most members one {@code room:members} ack lists; a larger room's list is cut (and says so). */
    @WithDefault("1000")
    int maxMembers();

    /**
     * How many times the presence TTL the per-user and per-node bookkeeping outlives the node's
     * liveness key, so that a sweep still finds a dead node's users and rooms.
     */
    @WithDefault("3")
    int keepFactor();

    /** Users refreshed per Redis script call; bounds the work Redis does in one call. */
    @WithDefault("200")
    int refreshBatchSize();

    /** Users of a dead node cleaned up per Redis script call during a sweep. */
    @WithDefault("200")
    int sweepBatchSize();
}
