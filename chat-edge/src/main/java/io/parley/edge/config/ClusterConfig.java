package io.parley.edge.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Cluster settings (prefix {@code parley.cluster}). Redis itself is configured with Quarkus' keys
 * ({@code quarkus.redis.hosts}, {@code quarkus.redis.client-type=standalone|sentinel|cluster},
 * {@code quarkus.redis.master-name}).
 */
@ConfigMapping(prefix = "parley.cluster")
public interface ClusterConfig {

    /** Fan out through Redis. Off only for the conformance profile (a single node, no Redis). */
    @WithDefault("true")
    boolean enabled();

    /** Channel prefix, the Node.js Redis adapter's {@code key} option. */
    @WithDefault("socket.io")
    String channelPrefix();

    /** Prefix of Parley's own Redis keys (sequences, presence, rate limits, sessions). */
    @WithDefault("parley:")
    String keyPrefix();

    /** This node's id; random when unset. */
    Optional<String> nodeId();

    /** How often a node announces itself. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** A node not heard of for this long is considered dead. */
    @WithDefault("15s")
    Duration nodeTimeout();

    /** How long a cluster-wide request waits for the other nodes. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** First delay before reconnecting to Redis; doubles up to {@link #reconnectMaxDelay()}. */
    @WithDefault("100ms")
    Duration reconnectInitialDelay();

    /** Longest delay between reconnection attempts; short, so that a Sentinel failover heals fast. */
    @WithDefault("1s")
    Duration reconnectMaxDelay();

    /** How long a send may wait for Redis (sequence number and publish). */
    @WithDefault("3s")
    Duration sendTimeout();

    /**
     * Batch the chat sends of each event-loop pass into one Redis script call on a connection of
     * that loop's own. Off, or with {@code quarkus.redis.client-type=cluster} (a batch spans hash
     * slots), every send is one script call on the pooled client.
     */
    @WithDefault("true")
    boolean sendBatching();

    /**
     * Chat sends one event loop may have queued for or waiting on Redis; beyond it a send is refused
     * with UNAVAILABLE and {@code retryAfterMs} at once, rather than queued to be delivered late.
     */
    @WithDefault("1024")
    int sendMaxPending();

    /** Most messages in one batched script call. */
    @WithDefault("256")
    int sendMaxBatch();

    /**
     * How many of a room's latest chat messages Redis keeps for replay: a node whose Redis
     * subscription was lost (a Redis restart, a Sentinel failover) delivers the messages published
     * meanwhile from this log when it is back, before any newer one. 0 turns the log off.
     */
    @WithDefault("64")
    int replaySize();

    /** How long a room's replay log lives after its last message. */
    @WithDefault("2m")
    Duration replayTtl();

    /** Time to live of presence and session entries; nodes refresh them at a third of it. */
    @WithDefault("30s")
    Duration presenceTtl();
}
