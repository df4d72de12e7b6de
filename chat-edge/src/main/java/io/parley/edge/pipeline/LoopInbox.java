package io.parley.edge.pipeline;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * Brings completions from a foreign thread (the Kafka producer's network thread, which acknowledges
 * a whole batch of records at once) back to the event loop that asked for them, with one task per
 * loop and burst instead of one per record. Each completion then runs on the loop: the sender's ack
 * is written straight into its connection and the send's Redis mark rides in the loop's next batch.
 */
final class LoopInbox {

    private static final Logger LOG = Logger.getLogger(LoopInbox.class);
    private static final FastThreadLocal<LoopInbox> INBOX = new FastThreadLocal<>();

    private final ContextInternal context;
    private final Queue<Runnable> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private LoopInbox(ContextInternal context) {
        this.context = context;
    }

    /** The inbox of the calling event loop; null when the caller is not on an event loop. */
    static LoopInbox current() {
        Context context = Vertx.currentContext();
        if (!(context instanceof ContextInternal internal) || !internal.isEventLoopContext()
                || !internal.nettyEventLoop().inEventLoop()) {
            return null;
        }
        LoopInbox inbox = INBOX.getIfExists();
        if (inbox == null) {
            inbox = new LoopInbox(internal.unwrap());
            INBOX.set(inbox);
        }
        return inbox;
    }

    /** Runs {@code completion} on this inbox's loop, soon, after the completions posted before it. Any thread. */
    void post(Runnable completion) {
        queue.offer(completion);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        scheduled.set(false);
        Runnable completion;
        while ((completion = queue.poll()) != null) {
            try {
                completion.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "a completion brought back to the event loop failed");
            }
        }
    }
}
