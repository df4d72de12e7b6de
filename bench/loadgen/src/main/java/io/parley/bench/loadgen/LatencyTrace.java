package io.parley.bench.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Deliveries per 10 ms window of wall-clock time, for lining a run's slow deliveries up with the server's own
 * timeline (GC logs, JFR events, which carry wall-clock times): per window, how many deliveries arrived, how many
 * took longer than a threshold, and the longest. Safe to record from many event-loop threads; windows outside
 * the run's planned span are counted apart, not stored.
 */
public final class LatencyTrace {

    static final long WINDOW_MILLIS = 10;

    private final long startMillis;
    private final long slowNanos;
    private final AtomicLongArray delivered;
    private final AtomicLongArray slow;
    private final AtomicLongArray maxNanos;
    private final AtomicLong outside = new AtomicLong();

    /** Windows from {@code startMillis} (epoch) for {@code spanMillis}. */
    public LatencyTrace(long startMillis, long spanMillis, long slowMillis) {
        int windows = (int) Math.max(1, (spanMillis + WINDOW_MILLIS - 1) / WINDOW_MILLIS);
        this.startMillis = startMillis - startMillis % WINDOW_MILLIS;
        this.slowNanos = TimeUnit.MILLISECONDS.toNanos(slowMillis);
        this.delivered = new AtomicLongArray(windows);
        this.slow = new AtomicLongArray(windows);
        this.maxNanos = new AtomicLongArray(windows);
    }

    public void record(long nowMillis, long latencyNanos) {
        long index = (nowMillis - startMillis) / WINDOW_MILLIS;
        if (nowMillis < startMillis || index >= delivered.length()) {
            outside.incrementAndGet();
            return;
        }
        int i = (int) index;
        delivered.incrementAndGet(i);
        if (latencyNanos > slowNanos) {
            slow.incrementAndGet(i);
        }
        maxNanos.accumulateAndGet(i, latencyNanos, Math::max);
    }

    /** Deliveries that arrived before or after the planned span. */
    public long outside() {
        return outside.get();
    }

    /**
     * One line per window that had a delivery: {@code <epoch ms of the window's start> <deliveries> <slow>
     * <max latency ms>}, after a header line naming the columns and the threshold.
     */
    public void write(Path file) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.printf("# windowStartEpochMs deliveries over%dms maxMs%n", TimeUnit.NANOSECONDS.toMillis(slowNanos));
            for (int i = 0; i < delivered.length(); i++) {
                if (delivered.get(i) > 0) {
                    out.printf(Locale.ROOT, "%d %d %d %.3f%n", startMillis + i * WINDOW_MILLIS,
                            delivered.get(i), slow.get(i), maxNanos.get(i) / 1e6);
                }
            }
        }
    }
}
