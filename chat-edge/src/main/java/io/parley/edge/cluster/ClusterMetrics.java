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
