package io.parley.edge.cluster;

import java.time.Duration;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Redis;

/**
 * The chat sends of this node, batched per event loop: each loop gets a {@link SendLane} of its own
 * the first time it sends. Sends from a thread that is not an event loop (there are none in the
 * chat path) get no lane and take the pooled client, one script call each.
 */
final class SendPipeline {

    private static final FastThreadLocal<SendLane> LANE = new FastThreadLocal<>();

    private final Redis redis;
    private final Vertx vertx;
    private final SendScript script;
    private final int maxPending;
    private final int maxBatch;
    private final long timeoutMillis;

    SendPipeline(Redis redis, Vertx vertx, SendScript script, int maxPending, int maxBatch, Duration timeout) {
        this.redis = redis;
        this.vertx = vertx;
        this.script = script;
        this.maxPending = Math.max(1, maxPending);
        this.maxBatch = Math.max(1, maxBatch);
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /** The calling event loop's lane, or null when the caller is not on an event loop. */
    SendLane lane() {
        SendLane lane = LANE.getIfExists();
        if (lane != null) {
            return lane;
        }
        ContextInternal context = ContextInternal.current();
        if (context == null || !context.isEventLoopContext()) {
            return null;
        }
        EventLoop loop = context.nettyEventLoop();
        if (!loop.inEventLoop()) {
            return null;
        }
        lane = new SendLane(this, loop, context.unwrap());
        LANE.set(lane);
        return lane;
    }

    Redis redis() {
        return redis;
    }

    Vertx vertx() {
        return vertx;
    }

    SendScript script() {
        return script;
    }

    int maxPending() {
        return maxPending;
    }

    int maxBatch() {
        return maxBatch;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }
}
