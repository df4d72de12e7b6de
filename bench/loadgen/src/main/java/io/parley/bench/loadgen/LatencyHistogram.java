package io.parley.bench.loadgen;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * A latency distribution in nanoseconds, safe to record from many event-loop threads at once (HdrHistogram's
 * wait-free {@link Recorder}), read as a snapshot at the end of a run.
 */
public final class LatencyHistogram {

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
    private final Histogram accumulated = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);

    public void recordNanos(long nanos) {
        recorder.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
    }

    /** Everything recorded since the last call (and before it), accumulated. */
    public synchronized Snapshot snapshot() {
        accumulated.add(recorder.getIntervalHistogram());
        return new Snapshot(accumulated.copy());
    }

    /** Immutable view of the distribution, values in nanoseconds, reported in milliseconds. */
    public static final class Snapshot {
        private final Histogram histogram;

        Snapshot(Histogram histogram) {
            this.histogram = histogram;
        }

        public long count() {
            return histogram.getTotalCount();
        }

        public double percentileMillis(double percentile) {
            return count() == 0 ? 0.0 : histogram.getValueAtPercentile(percentile) / 1e6;
        }

        public double maxMillis() {
            return count() == 0 ? 0.0 : histogram.getMaxValue() / 1e6;
        }

        public double meanMillis() {
            return count() == 0 ? 0.0 : histogram.getMean() / 1e6;
        }
    }
}
