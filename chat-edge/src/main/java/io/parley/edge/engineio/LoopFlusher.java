package io.parley.edge.engineio;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Flushes the WebSocket connections written to during one event-loop iteration once, at the end of
 * that iteration: the frames a connection got from several broadcasts share one write syscall. The
 * flush runs as a tail task of the loop ({@link EndOfPass}),
 * which runs after every iteration's tasks, even when the loop's task queue is long; a task submitted
 * to the queue (as Netty's FlushConsolidationHandler does) would wait behind the whole queue.
 * One instance per loop, used on that loop only.
 */
final class LoopFlusher implements Runnable {

    private static final Logger LOG = Logger.getLogger(LoopFlusher.class);
    private static final FastThreadLocal<LoopFlusher> CURRENT = new FastThreadLocal<>();

    private final EventLoop loop;
    private List<WebSocketTransport> dirty = new ArrayList<>(64);
    private List<WebSocketTransport> spare = new ArrayList<>(64);
    private boolean scheduled;

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

    /** Flushes the transport at the end of this iteration. */
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
        try {
            for (int i = 0; i < batch.size(); i++) {
                try {
                    batch.get(i).flushNow();
                } catch (RuntimeException e) {
                    // Netty reports pipeline failures itself; one connection must not keep the
                    // others of this iteration unflushed
                    LOG.debugf(e, "flush failed");
                }
            }
        } finally {
            batch.clear();
        }
    }
}
