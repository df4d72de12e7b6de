package io.parley.edge.ratelimit;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.config.RateLimitConfig;
import io.parley.edge.engineio.HandshakeInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The cluster-wide limits of chat actions: one token bucket per user and one per client IP for each
 * action, checked together in Redis. Redis trouble never blocks a request: the limiter then lets it
 * through (fails open), logs at most every {@link #LOG_EVERY_MS} and counts it. A singleton (no client
 * proxy): every send asks it.
 */
@Singleton
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    /**
     * Hash tag of every bucket key: one acquire takes from a user's and an IP's bucket atomically in
     * one script, which on a Redis Cluster needs both keys in one slot (so all buckets share one).
     */
    public static final String HASH_TAG = "{ratelimit}";
    static final long LOG_EVERY_MS = 10_000;

    /** The limited actions; their names are the Redis key and metric tag parts. */
    public enum Action {
        SEND("send"), JOIN("join");

        final String tag;

        Action(String tag) {
            this.tag = tag;
        }
    }

    private final RateLimitConfig config;
    /** {@code parley.ratelimit.client-ip-header} in lower case, as a session keeps its headers; null when unset. */
    private final String clientIpHeader;
    private final String keyPrefix;
    private final TokenBucket buckets;
    private final Counter failOpen;
    private final Counter limitedSend;
    private final Counter limitedJoin;
    private final AtomicLong lastFailureLog = new AtomicLong();

    @Inject
    public RateLimits(RateLimitConfig config, ClusterNode node, MeterRegistry registry) {
        this(config, node.key(""), node.enabled() ? new TokenBucket(node.broker()) : null, registry);
    }

    RateLimits(RateLimitConfig config, String keyPrefix, TokenBucket buckets, MeterRegistry registry) {
        this.config = config;
        this.clientIpHeader = config.clientIpHeader().map(name -> name.toLowerCase(Locale.ROOT)).orElse(null);
        this.keyPrefix = keyPrefix;
        this.buckets = buckets;
        this.failOpen = Counter.builder("parley.ratelimit.fail.open")
                .description("requests let through because Redis did not answer the rate limiter")
                .register(registry);
        this.limitedSend = limited(registry, Action.SEND);
        this.limitedJoin = limited(registry, Action.JOIN);
    }

    private static Counter limited(MeterRegistry registry, Action action) {
        return Counter.builder("parley.ratelimit.limited").tag("action", action.tag)
                .description("requests refused with RATE_LIMITED").register(registry);
    }

    /**
     * Takes a token for the user and for its IP.
     *
     * @return 0 when the request may go, otherwise the milliseconds to wait; never fails
     */
    /** Whether {@link #acquire} consults Redis (false: it always answers 0 at once). */
    public boolean active() {
        return buckets != null && config.enabled();
    }

    public Uni<Long> acquire(Action action, String userId, HandshakeInfo handshake) {
        if (buckets == null || !config.enabled()) {
            return Uni.createFrom().item(0L);
        }
        RateLimitConfig.Action limits = action == Action.SEND ? config.send() : config.join();
        String prefix = keyPrefix + HASH_TAG + ":" + action.tag + ":";
        List<TokenBucket.Bucket> both = List.of(
                new TokenBucket.Bucket(prefix + "user:" + userId, limits.perUser().rate(),
                        limits.perUser().burst()),
                new TokenBucket.Bucket(prefix + "ip:" + clientIp(handshake), limits.perIp().rate(),
                        limits.perIp().burst()));
        return buckets.acquire(both)
                .ifNoItem().after(config.timeout()).fail()
                .onItem().invoke(wait -> {
                    if (wait > 0) {
                        (action == Action.SEND ? limitedSend : limitedJoin).increment();
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    failOpen.increment();
                    long now = System.currentTimeMillis();
                    long last = lastFailureLog.get();
                    if (now - last >= LOG_EVERY_MS && lastFailureLog.compareAndSet(last, now)) {
                        LOG.warnf("rate limiter unavailable, letting requests through: %s", failure.toString());
                    }
                    return 0L;
                });
    }

    /**
     * Takes a token from the handshake bucket of a client IP (new Engine.IO sessions,
     * {@code parley.limits.handshake.*}), cluster-wide.
     *
     * @return 0 when the handshake may go, otherwise the milliseconds to wait; never fails
     */
    public Uni<Long> acquireHandshake(String ip, double rate, int burst) {
        if (buckets == null || !config.enabled()) {
            return Uni.createFrom().item(0L);
        }
        return buckets.acquire(List.of(new TokenBucket.Bucket(keyPrefix + HASH_TAG + ":handshake:ip:" + ip, rate, burst)))
                .ifNoItem().after(config.timeout()).fail()
                .onFailure().recoverWithItem(failure -> {
                    failOpen.increment();
                    return 0L;
                });
    }

    /** The client IP: the configured proxy header's first entry, else the connection's peer. */
    public String clientIp(HandshakeInfo handshake) {
        return clientIp(clientIpHeader == null ? null : handshake.header(clientIpHeader), handshake.remoteAddress());
    }

    /** The client IP of a request that has no session yet, by the same rule. */
    public String clientIp(HttpServerRequest request) {
        return clientIp(clientIpHeader == null ? null : request.getHeader(clientIpHeader),
                request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
    }

    private static String clientIp(String forwarded, String peer) {
        if (forwarded != null && !forwarded.isBlank()) {
            int comma = forwarded.indexOf(',');
            return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
        }
        return peer;
    }
}
