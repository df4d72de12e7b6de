package io.parley.bench.loadgen;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connects a list of clients with at most a fixed number of handshakes in flight: each settled handshake
 * (success or failure) starts the next one. The run's listener reports settlements through {@link #settled}.
 */
public final class ConnectPacer {

    private final ClientFleet fleet;
    private final List<ChatClient> clients;
    private final int concurrency;
    private final AtomicInteger nextToStart = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final CountDownLatch allSettled;
    private long startNanos;
    private volatile long lastSettledNanos;

    public ConnectPacer(ClientFleet fleet, List<ChatClient> clients, int concurrency) {
        this.fleet = fleet;
        this.clients = clients;
        this.concurrency = concurrency;
        this.allSettled = new CountDownLatch(clients.size());
    }

    /** Result of the connect phase. */
    public record Outcome(int succeeded, int failed, int unsettled, long elapsedNanos, String firstFailure) {
        public double perSecond() {
            return elapsedNanos <= 0 ? 0 : succeeded * 1e9 / elapsedNanos;
        }
    }

    /** Connects everything, waiting at most timeoutMillis. */
    public Outcome run(long timeoutMillis) {
        startNanos = System.nanoTime();
        lastSettledNanos = startNanos;
        int initial = Math.min(concurrency, clients.size());
        for (int i = 0; i < initial; i++) {
            startNext();
        }
        try {
            allSettled.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int ok = succeeded.get();
        int bad = failed.get();
        return new Outcome(ok, bad, clients.size() - ok - bad, lastSettledNanos - startNanos, firstFailure.get());
    }

    public void settled(boolean ok, String failureReason) {
        if (ok) {
            succeeded.incrementAndGet();
        } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, failureReason);
        }
        lastSettledNanos = System.nanoTime();
        allSettled.countDown();
        startNext();
    }

    private void startNext() {
        int i = nextToStart.getAndIncrement();
        if (i < clients.size()) {
            fleet.connect(clients.get(i));
        }
    }
}
