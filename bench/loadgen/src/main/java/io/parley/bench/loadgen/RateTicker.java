package io.parley.bench.loadgen;

import io.vertx.core.Vertx;

import java.util.List;

/**
 * Open-loop sending at a fixed rate for the publishers of one event loop: every millisecond it sends each
 * publisher's messages whose scheduled time has come (publishers are staggered over the interval). How late
 * each send was against its schedule goes to a histogram, so a load generator that falls behind is visible.
 */
public final class RateTicker {

    private static final long TICK_MILLIS = 1;

    private final Vertx vertx;
    private final List<Publisher> publishers;
    private final long startNanos;
    private final long endNanos;
    private final double intervalNanos;
    private final int totalPublishers;
    private final LatencyHistogram scheduleLag;
    private final int maxBurstPerTick;
    private long timerId = -1;

    public RateTicker(Vertx vertx, List<Publisher> publishers, int totalPublishers, double ratePerPublisher,
                      long startNanos, long endNanos, LatencyHistogram scheduleLag) {
        this.vertx = vertx;
        this.publishers = publishers;
        this.totalPublishers = totalPublishers;
        this.intervalNanos = 1e9 / ratePerPublisher;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.scheduleLag = scheduleLag;
        // after a stall, catch up at no more than about twice the rate, so that one tick never turns into a
        // long burst that blocks the event loop (the lag shows in the schedule-lag histogram instead)
        this.maxBurstPerTick = (int) Math.max(2, Math.ceil(2 * ratePerPublisher * TICK_MILLIS / 1000.0));
    }

    /** Must be called on the publishers' event-loop context. */
    public void start() {
        timerId = vertx.setPeriodic(TICK_MILLIS, id -> tick());
    }

    private long scheduledNanos(Publisher p, long sequence) {
        double offset = intervalNanos * p.index() / totalPublishers;
        return startNanos + (long) (offset + sequence * intervalNanos);
    }

    private void tick() {
        long now = System.nanoTime();
        if (now >= endNanos) {
            vertx.cancelTimer(timerId);
            return;
        }
        for (Publisher p : publishers) {
            if (!p.client().isReady()) {
                continue;
            }
            int burst = 0;
            long due;
            while (burst < maxBurstPerTick && (due = scheduledNanos(p, p.nextSequence())) <= now && due < endNanos) {
                scheduleLag.recordNanos(now - due);
                p.sendNext();
                burst++;
            }
        }
    }
}
