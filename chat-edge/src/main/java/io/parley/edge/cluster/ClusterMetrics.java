package io.parley.edge.cluster;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the cluster fan-out, read by the metrics binder. */
public final class ClusterMetrics {

    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder malformed = new LongAdder();

    void published() {
        published.increment();
    }

    void delivered() {
        delivered.increment();
    }

    private volatile java.util.function.LongConsumer lagRecorder = lag -> {
    };

    /** Where publish-to-delivery lags (ms) go; set by the metrics binder. */
    public void onLag(java.util.function.LongConsumer recorder) {
        this.lagRecorder = recorder;
    }

    void lag(long millis) {
        lagRecorder.accept(Math.max(0, millis));
    }

    void malformed() {
        malformed.increment();
    }

    public long publishedCount() {
        return published.sum();
    }

    public long deliveredCount() {
        return delivered.sum();
    }

    public long malformedCount() {
        return malformed.sum();
    }
}
