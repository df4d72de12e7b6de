package io.parley.edge.engineio;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Groups the WebSocket writes a broadcast makes to connections of other event loops: instead of one
 * task per recipient, each of those loops gets one task that writes the frames of all its
 * recipients. Writes to connections of the calling thread's own loop go out at once.
 *
 * <pre>
 * WriteBatch batch = WriteBatch.open();
 * try { ... session.send(frames) for every recipient ... } finally { batch.close(); }
 * </pre>
 *
 * Batches are per thread and may nest (the outermost one dispatches). Close the batch before
 * releasing any lock that orders the broadcast against others (e.g. a room's sequence), so that the
 * queued writes reach each loop's task queue in that order.
 */
public final class WriteBatch implements AutoCloseable {

    private static final FastThreadLocal<WriteBatch> CURRENT = new FastThreadLocal<>();
    private static final WriteBatch NESTED = new WriteBatch();

    private final Map<EventLoop, List<Object>> byLoop = new IdentityHashMap<>(4);

    private WriteBatch() {
    }

    /** Opens a batch on this thread (or joins the one already open). */
    public static WriteBatch open() {
        if (CURRENT.get() != null) {
            return NESTED;
        }
        WriteBatch batch = new WriteBatch();
        CURRENT.set(batch);
        return batch;
    }

    /** The batch open on this thread, or null. */
    static WriteBatch current() {
        return CURRENT.getIfExists();
    }

    /** Queues a write for a connection of another loop; the transport has already counted it. */
    void add(EventLoop loop, WebSocketTransport transport, OutboundFrame frame) {
        List<Object> writes = byLoop.get(loop);
        if (writes == null) {
            writes = new ArrayList<>(16);
            byLoop.put(loop, writes);
        }
        writes.add(transport);
        writes.add(frame);
    }

    /** Hands every queued write to its loop: one task per loop. */
    @Override
    public void close() {
        if (this == NESTED) {
            return;
        }
        CURRENT.remove();
        for (Map.Entry<EventLoop, List<Object>> entry : byLoop.entrySet()) {
            List<Object> writes = entry.getValue();
            entry.getKey().execute(() -> {
                for (int i = 0; i < writes.size(); i += 2) {
                    ((WebSocketTransport) writes.get(i)).writeQueued((OutboundFrame) writes.get(i + 1));
                }
            });
        }
        byLoop.clear();
    }
}
