package io.parley.edge.chat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.parley.edge.config.ChatConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Tells whether the event loop running the caller is too far behind to take more work. Each loop
 * runs a probe task every {@code parley.chat.overload.probe-interval}; a loop whose probe is overdue
 * by more than {@code max-delay} is busy with a backlog (a long pass over sockets full of unread
 * frames), and the sends it reads now are refused cheaply instead of being delivered seconds late.
 * Once the backlog is read, the probe runs on time again and sends are accepted. A singleton (no client
 * proxy): every send asks it.
 */
@Singleton
public class OverloadGuard {

    private static final FastThreadLocal<Probe> PROBE = new FastThreadLocal<>();

    private final Vertx vertx;
    private final boolean enabled;
    private final long intervalNanos;
    private final long maxDelayNanos;
    private final LongAdder refused = new LongAdder();

    /** The last time the probe ran on one loop; read by that loop only. */
    static final class Probe {
        long lastRunNanos = System.nanoTime();
    }

    public OverloadGuard(Vertx vertx, ChatConfig config) {
        this.vertx = vertx;
        this.enabled = config.overload().enabled();
        this.intervalNanos = config.overload().probeInterval().toNanos();
        this.maxDelayNanos = config.overload().maxDelay().toNanos();
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        for (EventExecutor executor : vertx.nettyEventLoopGroup()) {
            if (!(executor instanceof EventLoop loop)) {
                continue;
            }
            loop.execute(() -> {
                Probe probe = new Probe();
                PROBE.set(probe);
                loop.scheduleWithFixedDelay(() -> probe.lastRunNanos = System.nanoTime(), intervalNanos,
                        intervalNanos, TimeUnit.NANOSECONDS);
            });
        }
    }

    /**
     * @return 0 when the calling event loop can take a send, otherwise a suggested wait in
     *         milliseconds (a call from a thread that is not an event loop is never refused)
     */
    public long retryAfterMillis() {
        if (!enabled) {
            return 0;
        }
        Probe probe = PROBE.getIfExists();
        if (probe == null) {
            return 0;
        }
        long behind = System.nanoTime() - probe.lastRunNanos - intervalNanos;
        if (behind <= maxDelayNanos) {
            return 0;
        }
        refused.increment();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(behind));
    }

    /** Sends refused so far because the node was overloaded. */
    public long refusedCount() {
        return refused.sum();
    }
}
