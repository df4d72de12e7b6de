package io.parley.edge.engineio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Flushes the WebSocket connections written to during one event-loop iteration once, at the end of
 * that iteration: the frames a connection got from several broadcasts share one write syscall. The
 * flush runs as a tail task of the loop ({@link EndOfPass}),
 * which runs after every iteration's tasks, even when the loop's task queue is long; a task submitted
 * to the queue (as Netty's FlushConsolidationHandler does) would wait behind the whole queue.
 *
 * <p>A connection flushed less than its flush interval ago ({@code parley.engineio.websocket-flush-interval})
 * is not flushed at the end of the pass but when the interval has passed, by a timer of the loop: at a
 * steady rate a room's members get one frame per message, each in its own pass, and without this every
 * frame would cost a write syscall of its own. One instance per loop, used on that loop only.
 */
final class LoopFlusher implements Runnable {

    private static final Logger LOG = Logger.getLogger(LoopFlusher.class);
    private static final FastThreadLocal<LoopFlusher> CURRENT = new FastThreadLocal<>();

    private final EventLoop loop;
    private List<WebSocketTransport> dirty = new ArrayList<>(64);
    private List<WebSocketTransport> spare = new ArrayList<>(64);
    /** Dirty connections whose flush interval has not passed yet. */
    private List<WebSocketTransport> waiting = new ArrayList<>(64);
    private List<WebSocketTransport> waitingSpare = new ArrayList<>(64);
    private boolean scheduled;
    private boolean timerSet;
    private final Runnable flushWaiting = this::flushWaiting;

    private LoopFlusher(EventLoop loop) {
        this.loop = loop;
    }

    /** The flusher of the calling loop thread. */
    static LoopFlusher of(EventLoop loop) {
        LoopFlusher flusher = CURRENT.get();
        if (flusher == null || flusher.loop != loop) {
            flusher = new LoopFlusher(loop);
            CURRENT.set(flusher);
        }
        return flusher;
    }

    /** Flushes the transport at the end of this iteration, or once its flush interval has passed. */
    void add(WebSocketTransport transport) {
        dirty.add(transport);
        if (!scheduled) {
            scheduled = true;
            EndOfPass.schedule(loop, this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        List<WebSocketTransport> batch = dirty;
        dirty = spare;
        spare = batch;
        flushOrWaitAll(batch, false);
    }

    private void flushWaiting() {
        timerSet = false;
        List<WebSocketTransport> batch = waiting;
        waiting = waitingSpare;
        waitingSpare = batch;
        flushOrWaitAll(batch, true);
    }

    /** Takes each transport off the list it was on ({@code timerList} or the pass's), then flushes or lists it. */
    private void flushOrWaitAll(List<WebSocketTransport> batch, boolean timerList) {
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE;
        try {
            for (int i = 0; i < batch.size(); i++) {
                WebSocketTransport transport = batch.get(i);
                if (timerList) {
                    transport.listedForTimer = false;
                } else {
                    transport.listedForPass = false;
                }
                earliest = Math.min(earliest, flushOrWait(transport, now));
            }
        } finally {
            batch.clear();
        }
        setTimer(earliest);
    }

    /**
     * Flushes the transport if it may be flushed now, otherwise lists it for the timer.
     *
     * @return how long it waits, or {@code Long.MAX_VALUE} if it does not
     */
    private long flushOrWait(WebSocketTransport transport, long now) {
        if (!transport.unflushed) {
            return Long.MAX_VALUE; // flushed by the other list already
        }
        long wait = transport.nanosUntilFlush(now);
        if (wait > 0) {
            if (!transport.listedForTimer) {
                transport.listedForTimer = true;
                waiting.add(transport);
            }
            return wait;
        }
        try {
            transport.flushNow(now);
        } catch (RuntimeException e) {
            // Netty reports pipeline failures itself; one connection must not keep the
            // others of this iteration unflushed
            LOG.debugf(e, "flush failed");
        }
        return Long.MAX_VALUE;
    }

    /** A frame waits at most its flush interval: the timer runs at the earliest end of one. */
    private void setTimer(long earliest) {
        if (earliest != Long.MAX_VALUE && !timerSet) {
            timerSet = true;
            loop.schedule(flushWaiting, earliest, TimeUnit.NANOSECONDS);
        }
    }
}
