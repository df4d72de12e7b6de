package io.parley.edge.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Redis pub/sub for one node: one subscriber connection whose channels follow the node's local
 * rooms (subscribed while a local member is in the room), publishing and scripts on the pooled
 * client. Reconnects with exponential backoff and resubscribes every channel when Redis is back.
 */
public final class RedisBroker {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class);

    private final Redis redis;
    private final Vertx vertx;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Map<String, AtomicInteger> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder received = new LongAdder();
    private volatile BiConsumer<String, byte[]> listener = (c, p) -> {
    };
    private volatile Runnable lostListener = () -> {
    };
    private volatile Runnable resubscribedListener = () -> {
    };
    private volatile RedisConnection subscriber;
    private volatile boolean connected;
    private volatile boolean stopped;
    private volatile long lastReconnectMillis;
    private long currentDelayMillis;

    public RedisBroker(Redis redis, Vertx vertx, Duration initialDelay, Duration maxDelay) {
        this.redis = redis;
        this.vertx = vertx;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.currentDelayMillis = initialDelay.toMillis();
    }

    /** Where messages of subscribed channels go; called on the subscriber connection's event loop. */
    public void onMessage(BiConsumer<String, byte[]> listener) {
        this.listener = listener;
    }

    /**
     * Hears the subscription's life: {@code lost} when the subscriber connection broke (messages
     * published from then on are not received), {@code resubscribed} once a new connection has
     * subscribed every channel again.
     */
    public void onSubscriptionChanges(Runnable lost, Runnable resubscribed) {
        this.lostListener = lost;
        this.resubscribedListener = resubscribed;
    }

    public void start() {
        if (started.compareAndSet(false, true)) {
            connect();
        }
    }

    public void stop() {
        stopped = true;
        RedisConnection connection = subscriber;
        if (connection != null) {
            connection.close().subscribe().with(v -> {
            }, e -> {
            });
        }
    }

    /** Whether the subscriber connection is up (the readiness check). */
    public boolean connected() {
        return connected;
    }

    public long publishFailures() {
        return publishFailures.sum();
    }

    public long messagesReceived() {
        return received.sum();
    }

    public int subscribedChannels() {
        return channels.size();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.connect().subscribe().with(connection -> {
            connection.handler(this::onPush);
            connection.exceptionHandler(failure -> onLost(connection, failure));
            connection.endHandler(() -> onLost(connection, null));
            subscriber = connection;
            List<String> all = List.copyOf(channels.keySet());
            Uni<Void> resubscribe = all.isEmpty() ? Uni.createFrom().voidItem()
                    : send(connection, Command.SUBSCRIBE, all);
            resubscribe.subscribe().with(ok -> {
                connected = true;
                currentDelayMillis = initialDelay.toMillis();
                LOG.infof("Redis subscriber connected (%d channels)", all.size());
                resubscribedListener.run();
            }, failure -> onLost(connection, failure));
        }, failure -> scheduleReconnect(failure));
    }

    private void onLost(RedisConnection connection, Throwable failure) {
        if (subscriber != connection) {
            return;
        }
        subscriber = null;
        connected = false;
        lostListener.run();
        connection.close().subscribe().with(v -> {
        }, e -> {
        });
        scheduleReconnect(failure);
    }

    private synchronized void scheduleReconnect(Throwable failure) {
        if (stopped) {
            return;
        }
        long delay = currentDelayMillis;
        currentDelayMillis = Math.min(maxDelay.toMillis(), currentDelayMillis * 2);
        LOG.warnf("Redis subscriber unavailable (%s); reconnecting in %d ms",
                failure == null ? "connection closed" : failure.getMessage(), delay);
        lastReconnectMillis = System.currentTimeMillis();
        vertx.setTimer(delay, t -> connect());
    }

    private void onPush(Response response) {
        // RESP2: ["message", channel, payload]; RESP3 push frames have the same elements
        if (response == null || response.size() < 3) {
            return;
        }
        String kind = response.get(0).toString();
        if (!"message".equals(kind)) {
            return;
        }
        received.increment();
        listener.accept(response.get(1).toString(), response.get(2).toBytes());
    }

    /**
     * Adds a reference to a channel, subscribing when it is the first.
     *
     * @return completes once Redis confirmed the subscription (at once when already subscribed or
     *         when Redis is down: the channel is subscribed on reconnect)
     */
    public Uni<Void> subscribe(String channel) {
        AtomicInteger refs = channels.computeIfAbsent(channel, c -> new AtomicInteger());
        if (refs.incrementAndGet() > 1) {
            return Uni.createFrom().voidItem();
        }
        RedisConnection connection = subscriber;
        if (connection == null) {
            return Uni.createFrom().voidItem();
        }
        return send(connection, Command.SUBSCRIBE, List.of(channel)).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Drops a reference to a channel, unsubscribing when it was the last. */
    public void unsubscribe(String channel) {
        boolean[] last = new boolean[1];
        channels.computeIfPresent(channel, (c, refs) -> {
            if (refs.decrementAndGet() <= 0) {
                last[0] = true;
                return null;
            }
            return refs;
        });
        RedisConnection connection = subscriber;
        if (last[0] && connection != null) {
            send(connection, Command.UNSUBSCRIBE, List.of(channel)).subscribe().with(v -> {
            }, e -> {
            });
        }
    }

    /** Subscribes a channel for the node's whole life (no reference counting). */
    public Uni<Void> subscribePermanently(String channel) {
        channels.computeIfAbsent(channel, c -> new AtomicInteger(1_000_000));
        RedisConnection connection = subscriber;
        return connection == null ? Uni.createFrom().voidItem()
                : send(connection, Command.SUBSCRIBE, List.of(channel)).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Uni<Void> send(RedisConnection connection, Command command, List<String> args) {
        Request request = Request.cmd(command);
        for (String arg : args) {
            request.arg(arg);
        }
        return connection.send(request).replaceWithVoid();
    }

    public Uni<Void> publish(String channel, byte[] payload) {
        return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(payload)).replaceWithVoid()
                .onFailure().invoke(e -> publishFailures.increment());
    }

    /** Runs a Lua script (EVAL: Redis caches the compiled script by its hash). */
    public Uni<Response> eval(String script, List<String> keys, List<Object> args) {
        Request request = Request.cmd(Command.EVAL).arg(script).arg(keys.size());
        for (String key : keys) {
            request.arg(key);
        }
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                request.arg(bytes);
            } else {
                request.arg(String.valueOf(arg));
            }
        }
        return redis.send(request);
    }

    public Uni<Response> send(Request request) {
        return redis.send(request);
    }

    /** The client itself (not Mutiny), for connections of its own. */
    io.vertx.redis.client.Redis client() {
        return redis.getDelegate();
    }

    Vertx vertx() {
        return vertx;
    }
}
