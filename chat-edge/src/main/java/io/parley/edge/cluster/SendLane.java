package io.parley.edge.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.parley.edge.engineio.EndOfPass;
import io.vertx.core.Handler;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * One event loop's way to Redis for chat sends: its own connection, bound to the loop, and a
 * queue that is sent as one {@link SendScript} call at the end of each loop pass. Every send of a
 * pass shares one command, one write and one reply; nothing hops to another thread. Used on its
 * loop only.
 * <p>
 * Bounded: at most {@code maxPending} messages queued or waiting for Redis; beyond that
 * {@link #submit} refuses, and the caller answers UNAVAILABLE at once instead of queueing sends
 * that would be delivered seconds late.
 */
final class SendLane implements Runnable {

    private static final Logger LOG = Logger.getLogger(SendLane.class);
    /** After a failed connect, sends fail at once for this long instead of reconnecting per pass. */
    private static final long RECONNECT_PAUSE_NANOS = 200_000_000L;

    /** Where a message's outcome goes; called on the lane's loop. */
    interface Callback {
        void outcome(SendScript.Outcome outcome);

        void failed(Throwable failure);
    }

    private final SendPipeline pipeline;
    private final EventLoop loop;
    private final ContextInternal context;
    private List<SendScript.Message> messages = new ArrayList<>();
    private List<Callback> callbacks = new ArrayList<>();
    private List<SendScript.Mark> marks = new ArrayList<>();
    private RedisConnection connection;
    private boolean connecting;
    private long connectFailedAt;
    private boolean scheduled;
    private int pending;

    SendLane(SendPipeline pipeline, EventLoop loop, ContextInternal context) {
        this.pipeline = pipeline;
        this.loop = loop;
        this.context = context;
    }

    /** Queues a message for this pass's script call; false when the lane is full (refuse the send). */
    boolean submit(SendScript.Message message, Callback callback) {
        if (pending >= pipeline.maxPending()) {
            return false;
        }
        pending++;
        messages.add(message);
        callbacks.add(callback);
        schedule();
        return true;
    }

    /** Queues a dedup key's final state for the next script call. */
    void mark(SendScript.Mark mark) {
        marks.add(mark);
        schedule();
    }

    /** Messages queued or waiting for Redis. */
    int pending() {
        return pending;
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            EndOfPass.schedule(loop, this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // inside the loop's context, so that the Redis client's promises complete right here
        context.dispatch((Handler<Void>) v -> flush());
    }

    private void flush() {
        if (messages.isEmpty() && marks.isEmpty()) {
            return;
        }
        if (connection == null) {
            if (connecting) {
                return;
            }
            if (System.nanoTime() - connectFailedAt < RECONNECT_PAUSE_NANOS) {
                failQueued(new IllegalStateException("Redis is unreachable"));
                return;
            }
            connect();
            return;
        }
        int take = Math.min(messages.size(), pipeline.maxBatch());
        List<SendScript.Message> batch;
        List<Callback> batchCallbacks;
        if (take == messages.size()) {
            batch = messages;
            batchCallbacks = callbacks;
            messages = new ArrayList<>();
            callbacks = new ArrayList<>();
        } else {
            batch = new ArrayList<>(messages.subList(0, take));
            batchCallbacks = new ArrayList<>(callbacks.subList(0, take));
            messages.subList(0, take).clear();
            callbacks.subList(0, take).clear();
            schedule();
        }
        List<SendScript.Mark> batchMarks = marks;
        marks = new ArrayList<>();
        send(connection, pipeline.script().request(batch, batchMarks), batch, batchCallbacks, batchMarks, true);
    }

    private void send(RedisConnection via, Request request, List<SendScript.Message> batch, List<Callback> batchCallbacks,
            List<SendScript.Mark> batchMarks, boolean mayLoadScript) {
        boolean[] settled = new boolean[1];
        long timer = pipeline.vertx().setTimer(pipeline.timeoutMillis(), id -> {
            if (!settled[0]) {
                settled[0] = true;
                fail(batchCallbacks, new TimeoutException("Redis did not answer the send within "
                        + pipeline.timeoutMillis() + " ms"));
            }
        });
        via.send(request).onComplete(result -> {
            if (settled[0]) {
                return;
            }
            if (result.failed() && mayLoadScript && SendScript.isNoScript(result.cause())) {
                // nothing ran: send the same call with the script's text, which caches it again
                pipeline.vertx().cancelTimer(timer);
                send(via, pipeline.script().withBody(batch, batchMarks), batch, batchCallbacks, batchMarks, false);
                return;
            }
            settled[0] = true;
            pipeline.vertx().cancelTimer(timer);
            if (result.failed()) {
                String message = result.cause().getMessage();
                if (message != null && message.contains("READONLY")) {
                    // the server became a replica (a failover): the next pass connects to the master
                    closed(via);
                }
                fail(batchCallbacks, result.cause());
                return;
            }
            Response reply = result.result();
            pending -= batchCallbacks.size();
            for (int i = 0; i < batchCallbacks.size(); i++) {
                SendScript.Outcome outcome;
                try {
                    outcome = SendScript.outcome(reply, i);
                } catch (RuntimeException e) {
                    batchCallbacks.get(i).failed(e);
                    continue;
                }
                batchCallbacks.get(i).outcome(outcome);
            }
        });
    }

    private void connect() {
        connecting = true;
        // a pool without a free connection would keep the sends waiting without end: give up at the
        // send timeout, fail what is queued, and close the connection should it come later
        boolean[] gaveUp = new boolean[1];
        long timer = pipeline.vertx().setTimer(pipeline.timeoutMillis(), id -> {
            gaveUp[0] = true;
            connecting = false;
            connectFailedAt = System.nanoTime();
            LOG.warnf("no Redis connection for chat sends within %d ms (is quarkus.redis.max-pool-size at least"
                    + " the event loops + 2?)", pipeline.timeoutMillis());
            failQueued(new TimeoutException("no Redis connection within " + pipeline.timeoutMillis() + " ms"));
        });
        pipeline.redis().connect().onComplete(result -> {
            if (gaveUp[0]) {
                if (result.succeeded()) {
                    result.result().close();
                }
                return;
            }
            pipeline.vertx().cancelTimer(timer);
            connecting = false;
            if (result.failed()) {
                connectFailedAt = System.nanoTime();
                LOG.debugf("send connection to Redis failed: %s", result.cause().getMessage());
                failQueued(result.cause());
                return;
            }
            RedisConnection opened = result.result();
            opened.exceptionHandler(failure -> closed(opened));
            opened.endHandler(v -> closed(opened));
            connection = opened;
            flush();
        });
    }

    private void closed(RedisConnection which) {
        if (connection == which) {
            connection = null;
            which.close();
        }
    }

    private void failQueued(Throwable failure) {
        List<Callback> failed = callbacks;
        messages = new ArrayList<>();
        callbacks = new ArrayList<>();
        fail(failed, failure);
    }

    private void fail(List<Callback> failed, Throwable failure) {
        pending -= failed.size();
        for (Callback callback : failed) {
            callback.failed(failure);
        }
    }
}
